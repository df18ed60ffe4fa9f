"""A pack's period as the command line gives it (packs.scope.parse_period)."""

from __future__ import annotations

from datetime import date

import pytest

from packs.scope import BadScope, parse_period


def test_first_and_last_months():
    period = parse_period(" 2025-10:2026-09 ")
    assert (period.start, period.end) == (date(2025, 10, 1), date(2026, 9, 1))


@pytest.mark.parametrize(
    "text",
    [
        "2025-10",  # one month: a pack's period names its last month too
        "2025-13:2026-01",  # no month 13
        "2026-09:2025-10",  # ends before it starts
        "2025-1:2025-2",  # months are two digits
        "October 2025",
    ],
)
def test_a_period_a_pack_cannot_cover_is_refused_saying_what_is_expected(text):
    with pytest.raises(BadScope, match=r"expected FIRST:LAST months .* such as 2025-10:2026-09"):
        parse_period(text)
