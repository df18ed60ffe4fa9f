"""The sample's daily-meeting decision log (sample_data/decisions.csv), so `make run` shows a
working meeting: an agenda shorter than the flag list, cases in hand, reviews coming due, and
cases back on the agenda because an order was breached after the meeting decided.

    python -m sample_data.decision_log [--out sample_data/decisions.csv]

Deterministic: it loads the committed sample (extract, then delta) into a scratch database,
reads the flagged cases and decides on about five in six of them in meetings over the three
weeks before the sample's as-at date, with actions that answer their flags. Owners are teams
and collar numbers; notes say what was agreed and name nobody.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 16
ACTION_FOR_FLAG = (  # the first flag a case carries decides the action
    ("recent_breach", "arrest", "Arrest for the breach; charging advice sought"),
    ("order_expiring", "spo_application", "Apply for a full SPO before the order expires"),
    ("no_protection", "refer_panel", "Refer to MARAC and ask for a MAPPA check"),
    ("high_risk_no_arrest", "arrest", "Arrest at the next opportunity"),
    ("spo_not_considered", "spo_application", "Consider and draft an SPO application"),
    ("high_risk", "risk_review", "Review the risk with the ISAC this week"),
    ("allocation_mismatch", "reallocate", "Reallocate to the public protection unit"),
    ("no_risk_assessment", "risk_review", "Complete the stalking risk screen"),
    ("vna_missing", "safeguarding", "Complete the victim needs assessment"),
    ("no_referral", "refer_support", "Refer to the ISAC service"),
    ("repeat_suspect", "risk_review", "Link the cases and review the suspect's history"),
    ("not_screened", "screen_for_stalking", "Screen the breach for a stalking course of conduct"),
    ("new", "risk_review", "Allocate and assess the risk"),
)
OWNERS = ("PPU team 1", "PPU team 2", "DS 4411", "DS 2087", "Response B", "Stalking unit")


def flagged_cases() -> list[tuple[str, list[str]]]:
    """(crime_ref, flags) of every flagged open case of the committed sample."""
    from pipelines.__main__ import load_extract

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "sample.duckdb"
        load_extract(HERE / "extract", db)
        load_extract(HERE / "delta", db)
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute("select crime_ref, flags from dmm_cases order by crime_ref")
            return [(ref, list(flags)) for ref, flags in rows.fetchall()]


def meeting_days(as_at: date) -> list[date]:
    """The weekday meetings of the three weeks before the as-at date."""
    days = [as_at - timedelta(days=n) for n in range(1, 22)]
    return sorted(d for d in days if d.weekday() < 5)


def decisions(cases, as_at: date) -> list[dict]:
    rng = np.random.default_rng(SEED)
    meetings = meeting_days(as_at)
    out = []
    for ref, flags in cases:
        if rng.random() > 0.85:
            continue  # no decision yet: it stays on the agenda
        day = meetings[int(rng.integers(len(meetings)))]
        if "recent_breach" in flags:
            day = meetings[0]  # decided before the breach: back on the agenda (new_breach)
        action, note = next((a, n) for flag, a, n in ACTION_FOR_FLAG if flag in flags)
        review = day + timedelta(days=int(rng.choice([14, 21, 28, 28])))
        out.append(_row(ref, day, action, OWNERS[int(rng.integers(len(OWNERS)))], review, note))
        if rng.random() < 0.05:  # corrected the next meeting day: the later one is in force
            later = day + timedelta(days=1 if day.weekday() < 4 else 3)
            out.append(
                _row(
                    ref,
                    later,
                    "risk_review",
                    "DS 4411",
                    later + timedelta(days=14),
                    "Corrected: risk review first",
                )
            )
    return out


def _row(ref, day, action, owner, review, note) -> dict:
    return {
        "crime_ref": ref,
        "meeting_on": day.isoformat(),
        "action": action,
        "owner": owner,
        "review_on": review.isoformat(),
        "note": note,
        "recorded_by": "sample chair",
        "recorded_at": f"{day.isoformat()}T09:30:00Z",
    }


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--out", type=Path, default=HERE / "decisions.csv")
    args.add_argument("--as-at", type=date.fromisoformat, default=date(2026, 11, 21))
    opts = args.parse_args(argv)
    rows = decisions(flagged_cases(), opts.as_at)
    with opts.out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} decisions written to {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
