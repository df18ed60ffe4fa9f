"""Samples for the shipped source-system profiles, made from the committed extract.

    python -m sample_data.profile_samples [--out sample_data/profiles]

Writes `wide_crimes/` and `split_files/` (see pipelines/profiles/ and
sample_data/profiles/README.md): the first crimes of sample_data/extract that
each layout can hold, written as that layout's system would write them. Coded
values cycle through the profile's own vocabulary, so every entry is used at
least once, and a few rows are planted to show what a force will meet: a value
outside the vocabulary, a person the profile leaves out, a district and an
offence code the reference data does not know, personal-data columns. No
randomness: the same committed extract gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

import xlsxwriter

from pipelines.profile import load_profile

ROOT = Path(__file__).resolve().parent
EXTRACT = ROOT / "extract"
CRIMES = 36
AS_AT = json.loads((EXTRACT / "manifest.json").read_text())["extracted_at"]  # its as-at
NAMES = ("Alex Sample", "Sam Example", "Jo Placeholder", "Chris Fictional", "Pat Madeup")
MO = ("Sent repeated messages", "Waited outside work", "Made fake profiles", "Left gifts")

# Rows planted by position among the chosen crimes (all past the outcome labels).
OUT_OF_VOCABULARY_RISK = 30  # wide_crimes: Risk "TBC" quarantines the crime
UNKNOWN_DISTRICT = 25  # wide_crimes: District "Out of Force" (loads; no area rate)
UNKNOWN_OFFENCE = 24  # wide_crimes: an included offence 8/99 the reference lacks
BAD_INTERVIEW = 3  # wide_crimes: a suspect's Interview "Telephone"
BAD_TYPE = 5  # split_files: an offence TYPE "S"
COMPLAINANT = 6  # split_files: a person with ROLE "COMPLAINANT" (no table takes it)
WITNESSES = (1, 8)  # split_files: WITNESS rows, left out by the profile
REPORTING_PERSON = 9


def read(table: str) -> list[dict[str, str]]:
    with (EXTRACT / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ts(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def dmy(text: str, with_time: bool = True) -> str:
    """21/11/2026 06:00, as the wide layout writes dates."""
    value = ts(text)
    return "" if value is None else value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def dmon(text: str, with_time: bool = True) -> str:
    """04-MAR-2025 14:05, as the split layout's offence file writes dates."""
    value = ts(text)
    return (
        ""
        if value is None
        else value.strftime("%d-%b-%Y %H:%M" if with_time else "%d-%b-%Y").upper()
    )


def number(crime_ref: str) -> int:
    """42/000079/24 as the split layout's numeric reference: 24000079."""
    _, seq, year = crime_ref.split("/")
    return int(year + seq)


def cycle(values, i: int):
    return values[i % len(values)]


def pick() -> tuple[list[dict], dict, dict, dict]:
    """The first crimes with a victim and a suspect whose history a wide file can hold."""
    classes: dict[str, list[dict]] = {}
    for row in read("classifications"):
        classes.setdefault(row["crime_ref"], []).append(row)
    victims, suspects = {}, {}
    for row in read("victims"):
        victims.setdefault(row["crime_ref"], []).append(row)
    for row in read("suspects"):
        suspects.setdefault(row["crime_ref"], []).append(row)

    def fits(rows: list[dict]) -> bool:
        current = [r for r in rows if r["is_principal"] == "true" and not r["removed_at"]]
        removed = [r for r in rows if r["removed_at"]]
        included = [r for r in rows if r["is_principal"] == "false"]
        return (
            len(current) == 1
            and len(included) <= 3
            and all(r["is_principal"] == "true" for r in removed)
            and len(removed) <= 1
            and all(r["removed_at"] == current[0]["classified_at"] for r in removed)
        )

    fitting = [
        c
        for c in read("crimes")
        if c["crime_ref"] in victims
        and c["crime_ref"] in suspects
        and fits(classes[c["crime_ref"]])
    ]

    def included(c: dict) -> bool:
        return any(r["is_principal"] == "false" for r in classes[c["crime_ref"]])

    def reclassified(c: dict) -> bool:
        return any(r["removed_at"] for r in classes[c["crime_ref"]])

    # Crimes with included offences and reclassified crimes are rarer: take a few of each.
    special = [c for c in fitting if included(c)][:4] + [c for c in fitting if reclassified(c)][:2]
    plain = [c for c in fitting if c not in special][: CRIMES - len(special)]
    chosen = sorted(plain + special, key=lambda c: fitting.index(c))
    return chosen, classes, victims, suspects


def csv_text(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as Windows exports write them
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def manifest(system: str) -> bytes:
    data = {
        "force": "Synthetic Constabulary",
        "system": system,
        "extracted_at": AS_AT,
        "kind": "full",
    }
    return (json.dumps(data, indent=1) + "\n").encode("utf-8")


def wide_crimes(out: Path, chosen, classes, victims, suspects) -> None:
    profile = load_profile("wide_crimes")
    crimes_map = profile.tables["crimes"]
    words = crimes_map.shown
    area_names = {
        v: k
        for k, v in zip(
            words["area_code"], crimes_map.vocabulary["area_code"].values(), strict=True
        )
    }
    closed = ["Finalised", "Filed"]
    still = ["Open", "Under Investigation", "Cancelled", "Transferred"]
    header = [
        "Crime Number", "Date Reported", "Date Recorded", "Offence Date From", "Offence Date To",
        "District", "Beat", "LSOA", "Latitude", "Longitude", "DA Flag", "Relationship",
        "Online Flag", "Risk", "OIC Unit", "Date Allocated", "Crime Status", "Outcome",
        "Outcome Date", "Principal Offence", "Principal Offence Date", "Original Offence",
        "Included Offence 1", "Included Offence 1 Date", "Included Offence 2",
        "Included Offence 2 Date", "Included Offence 3", "Included Offence 3 Date",
        "Victim Name", "OIC", "MO Summary",
    ]  # fmt: skip
    rows = []
    for i, c in enumerate(chosen):
        ref = c["crime_ref"]
        history = classes[ref]
        current = next(r for r in history if r["is_principal"] == "true" and not r["removed_at"])
        original = next((r for r in history if r["removed_at"]), None)
        included = [r for r in history if r["is_principal"] == "false"]
        if i == UNKNOWN_OFFENCE:
            included = [
                *included[:2],
                {"offence_code": "8/99", "classified_at": current["classified_at"]},
            ]
        inc = []
        for k in range(3):
            r = included[k] if k < len(included) else None
            inc += [r["offence_code"], dmy(r["classified_at"])] if r else ["", ""]
        labels = words["outcome_code"]
        if i < len(labels):
            status, label, when = cycle(closed, i), labels[i], c["outcome_at"] or c["recorded_at"]
        else:
            status, label, when = cycle(still, i), "", ""
        rows.append(
            [
                ref, dmy(c["reported_at"]), dmy(c["recorded_at"]),
                dmy(c["offence_from"], False), dmy(c["offence_to"], False),
                "Out of Force" if i == UNKNOWN_DISTRICT else area_names[c["area_code"]],
                c["neighbourhood_code"], c["lsoa_code"], c["latitude"], c["longitude"],
                cycle(words["domestic_abuse"], i), cycle(words["relationship"], i),
                cycle(words["online_element"], i),
                "TBC" if i == OUT_OF_VOCABULARY_RISK else cycle(words["risk_level"], i),
                cycle(words["allocated_unit"], i), dmy(c["allocated_at"]), status, label, dmy(when),
                current["offence_code"], dmy(current["classified_at"]),
                original["offence_code"] if original else "", *inc,
                cycle(NAMES, i), f"PC {4000 + 17 * i}", cycle(MO, i),
            ]
        )  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    (out / "Crime Report.csv").write_bytes(csv_text(header, rows))

    vwords = profile.tables["victims"].shown
    vrows, n = [], 0
    for c in chosen:
        for v in victims[c["crime_ref"]]:
            vrows.append(
                [
                    c["crime_ref"], v["victim_id"], cycle(vwords["age_band"], n),
                    cycle(vwords["sex"], n), cycle(vwords["vulnerable"], n),
                    dmy(v["vps_offered_at"]), dmy(v["vps_taken_at"]), cycle(NAMES, n + 2),
                    f"{1 + n % 28:02d}/0{1 + n % 9}/19{60 + n % 40}",
                ]
            )  # fmt: skip
            n += 1
    (out / "Victims.csv").write_bytes(
        csv_text(
            ["Crime Number", "Victim URN", "Age Group", "Gender", "Vulnerable", "VPS Offered",
             "VPS Taken", "Victim Name", "Date of Birth"],
            vrows,
        )
    )  # fmt: skip

    swords = profile.tables["suspects"].shown
    srows, n = [], 0
    for i, c in enumerate(chosen):
        for s in suspects[c["crime_ref"]]:
            interview = "Telephone" if i == BAD_INTERVIEW else cycle(swords["interview"], n)
            srows.append(
                [
                    c["crime_ref"], s["suspect_id"], cycle(swords["age_band"], n + 3),
                    cycle(swords["sex"], n + 1), dmy(s["arrested_at"]), interview,
                    cycle(swords["search_power"], n), dmy(s["charged_at"]),
                    cycle(swords["mappa_level"], n), cycle(NAMES, n + 4), f"26/{100000 + n}X",
                ]
            )  # fmt: skip
            n += 1
    (out / "Suspects.csv").write_bytes(
        csv_text(
            ["Crime Number", "Nominal URN", "Age Group", "Gender", "Arrest Date", "Interview",
             "Search Power", "Charge Date", "MAPPA Level", "Suspect Name", "PNC ID"],
            srows,
        )
    )  # fmt: skip
    (out / "manifest.json").write_bytes(manifest("a layout like a wide crime report (sample)"))


def split_files(out: Path, chosen, classes, victims, suspects) -> None:
    profile = load_profile("split_files")
    out.mkdir(parents=True, exist_ok=True)
    _crime_book(out / "CRIME.xlsx", chosen, profile.tables["crimes"].shown)
    _offences(out / "OFFENCES.csv", chosen, classes)
    _persons(out / "PERSONS.csv", chosen, victims, suspects, profile)
    (out / "manifest.json").write_bytes(
        manifest("a layout like a table-by-table RMS extract (sample)")
    )


SPLIT_CRIME_HEADER = [
    "CRIME_REF", "REPORTED", "RECORDED", "FROM_DATE", "TO_DATE", "AREA", "NBH", "LSOA",
    "LAT", "LON", "DOMESTIC", "REL", "ONLINE", "RISK", "UNIT", "ALLOCATED", "STATUS",
    "OUTCOME", "OUTCOME_DATE", "OIC_NAME", "LOCATION_DETAILS", "EXTRACT_RUN",
]  # fmt: skip


def _crime_book(path: Path, chosen, words) -> None:
    """CRIME.xlsx: a cover sheet, then the sheet Crime with Excel-typed cells."""
    outcomes = [n for n in range(1, 23) if n != 19]  # Home Office outcome numbers, as typed
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": datetime.fromisoformat(AS_AT)})
    formats = {
        "when": book.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        "day": book.add_format({"num_format": "dd/mm/yyyy"}),
    }
    cover = book.add_worksheet("Report Parameters")
    cover.write_string(0, 0, "Crimes recorded, all districts")
    cover.write_string(1, 0, "Run by")
    cover.write_string(1, 1, "Performance team")
    sheet = book.add_worksheet("Crime")
    header = SPLIT_CRIME_HEADER
    for col, name in enumerate(header):
        sheet.write_string(0, col, name)
    still = ["OPEN", "PENDING", "NO CRIME"]
    for i, c in enumerate(chosen):
        closed = i < len(outcomes)
        cells = [
            number(c["crime_ref"]), ts(c["reported_at"]), ts(c["recorded_at"]),
            ts(c["offence_from"]), ts(c["offence_to"]), c["area_code"], c["neighbourhood_code"],
            c["lsoa_code"], float(c["latitude"]) if c["latitude"] else None,
            float(c["longitude"]) if c["longitude"] else None,
            cycle(words["domestic_abuse"], i), cycle(words["relationship"], i),
            cycle(words["online_element"], i + 3), cycle(words["risk_level"], i),
            cycle(words["allocated_unit"], i), ts(c["allocated_at"]),
            "CLOSED" if closed else cycle(still, i), outcomes[i] if closed else None,
            ts(c["outcome_at"] or c["recorded_at"]) if closed else None,
            cycle(NAMES, i + 1), f"Near {cycle(('the station', 'the park', 'home'), i)}", 7,
        ]  # fmt: skip
        for col, value in enumerate(cells):
            date_only = header[col] in ("FROM_DATE", "TO_DATE")
            _write_cell(sheet, i + 1, col, value, formats["day" if date_only else "when"])
    book.close()


def _write_cell(sheet, row: int, col: int, value, date_format) -> None:
    """One cell as Excel types it: dates as dates, whole numbers as numbers."""
    if value is None:
        return
    if isinstance(value, datetime):
        sheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, str) and value.lstrip("-").isdigit():
        sheet.write_number(row, col, int(value))  # 1, 0 and -1 are numbers in Excel
    elif isinstance(value, str):
        sheet.write_string(row, col, value)
    else:
        sheet.write_number(row, col, value)


def _offences(path: Path, chosen, classes) -> None:
    """OFFENCES.csv: principal P and included I classifications, one planted S."""
    rows = []
    for i, c in enumerate(chosen):
        for k, h in enumerate(classes[c["crime_ref"]]):
            kind = "P" if h["is_principal"] == "true" else "I"
            if i == BAD_TYPE and k == 0:
                kind = "S"
            rows.append(
                [number(c["crime_ref"]), h["offence_code"], kind, dmon(h["classified_at"]),
                 dmon(h["removed_at"])]
            )  # fmt: skip
    path.write_bytes(csv_text(["CRIME_REF", "HO_CODE", "TYPE", "VALID_FROM", "VALID_TO"], rows))


def _persons(path: Path, chosen, victims, suspects, profile) -> None:
    """PERSONS.csv: victims, suspects, witnesses and a reporting person, by ROLE."""
    vw = profile.tables["victims"].shown
    sw = profile.tables["suspects"].shown
    ages = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "UNK"]
    header = [
        "CRIME_REF", "PERSON_REF", "ROLE", "AGE_BAND", "SEX", "VULNERABLE", "VPS_OFFERED",
        "VPS_TAKEN", "ARREST_DATE", "INTERVIEW", "SEARCH", "CHARGE_DATE", "MAPPA", "FORENAME",
        "SURNAME", "DOB",
    ]  # fmt: skip
    rows, n = [], 0
    for i, c in enumerate(chosen):
        ref = number(c["crime_ref"])
        for v in victims[c["crime_ref"]]:
            role = "COMPLAINANT" if i == COMPLAINANT else "VICTIM"
            first, last = cycle(NAMES, n).split()
            rows.append(
                [ref, v["victim_id"], role, cycle(ages, n), cycle(vw["sex"], n),
                 cycle(vw["vulnerable"], n), dmon(v["vps_offered_at"], False),
                 dmon(v["vps_taken_at"], False), "", "", "", "", "", first, last,
                 f"19{60 + n % 40}-0{1 + n % 9}-{1 + n % 28:02d}"]
            )  # fmt: skip
            n += 1
        for s in suspects[c["crime_ref"]]:
            first, last = cycle(NAMES, n).split()
            rows.append(
                [ref, s["suspect_id"], "SUSPECT", cycle(ages, n + 2), cycle(sw["sex"], n + 1), "",
                 "", "", s["arrested_at"], cycle(sw["interview"], n), cycle(sw["search_power"], n),
                 s["charged_at"], cycle(sw["mappa_level"], n), first, last,
                 f"19{55 + n % 40}-0{1 + n % 9}-{1 + n % 28:02d}"]
            )  # fmt: skip
            n += 1
        if i in WITNESSES or i == REPORTING_PERSON:
            role = "WITNESS" if i in WITNESSES else "REPORTING PERSON"
            rows.append([ref, f"W{i:04d}", role] + [""] * 10 + ["Wes", "Witness", ""])
    path.write_bytes(csv_text(header, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.profile_samples",
        description="Write the samples of the shipped source-system profiles from the "
        "committed extract (sample_data/extract).",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "profiles", help="folder to write into")
    args = parser.parse_args(argv)
    chosen, classes, victims, suspects = pick()
    wide_crimes(args.out / "wide_crimes", chosen, classes, victims, suspects)
    split_files(args.out / "split_files", chosen, classes, victims, suspects)
    print(f"Wrote {args.out / 'wide_crimes'} and {args.out / 'split_files'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
