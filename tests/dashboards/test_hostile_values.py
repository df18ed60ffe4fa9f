"""The value fuzzer (security pass, classes 5 and 6): Markdown, HTML and personal data in every
text column of every table (tests/dashboards/hostile.py), every page opened as an analyst
and as a board member.

Whatever a page shows, extract values read literally: no Markdown text carries an unescaped
payload (an image there makes the browser fetch it; test_browser checks that nothing is
fetched), no Plotly label carries a tag; and nothing that looks like a person is shown."""

from __future__ import annotations

import json

import pytest

from dashboards import navigation
from tests.dashboards import hostile
from tests.dashboards.conftest import open_app
from tests.dashboards.test_roles import AUTH, SIGNED_IN

MARKDOWN_KINDS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
)
RAW_MARKDOWN = (hostile.EVIL, "**S1**", ":red[XYZ]", ":red[lsoa]", "<script")
RAW_PLOTLY = ("<a ", "<a>", "<img", "<script", "<b>")
BOARD_ROLES = '[groups."chief-officers"]\nrole = "board"\n'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    return hostile.load(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def as_role(hostile_db, tmp_path, monkeypatch):
    """Open a page of the hostile database as the local analyst, or as a board member."""
    monkeypatch.setenv("STALKING_DB", str(hostile_db))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))

    def run(title: str, role: str):
        if role == "analyst":
            return open_app(title)
        roles = tmp_path / "roles.toml"
        roles.write_text(BOARD_ROLES)
        monkeypatch.setenv("STALKING_ROLES", str(roles))
        claims = {**SIGNED_IN, "email": "cc@force.example", "groups": ["chief-officers"]}
        return open_app(title, auth=AUTH, user=claims)

    return run


def shown(at) -> tuple[str, str, str]:
    """(Markdown text, Plotly specs, table contents) a page put on screen."""
    markdown = [e.value for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    markdown += [m.label for m in at.metric]
    plotly = [json.dumps(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    tables = [d.value.to_csv() for d in at.dataframe]
    return "\n".join(map(str, markdown)), "\n".join(plotly), "\n".join(tables)


PAGES_AND_ROLES = [
    (page.title, role)
    for page in navigation.pages()
    for role in ("analyst", "board")
    if role == "analyst" or not page.case_level  # the board has no case-level page
]


@pytest.mark.parametrize(("title", "role"), PAGES_AND_ROLES)
def test_extract_values_read_literally_and_no_person_is_shown(as_role, title, role):
    at = as_role(title, role)
    assert not at.exception, [e.value for e in at.exception]
    markdown, plotly, tables = shown(at)
    assert [raw for raw in RAW_MARKDOWN if raw in markdown] == []
    assert [raw for raw in RAW_PLOTLY if raw in plotly] == []
    everything = markdown + plotly + tables
    assert [p for p in hostile.PERSONAL.values() if p in everything] == []
    assert "SW1A 1AA" not in everything


def test_the_fuzzer_reaches_the_screen(as_role):
    """The payloads are shown, escaped: the platform chart names the hostile platform as
    text, and an analyst's daily meeting lists the hostile crime reference."""
    online = as_role("Online stalking", "analyst")
    assert "&lt;a href=" in shown(online)[1]
    meeting = as_role("Daily meeting", "analyst")
    cases = next(d.value for d in meeting.dataframe if "crime_ref" in d.value.columns)
    assert hostile.PLANTED["K1"] in set(cases["crime_ref"])
