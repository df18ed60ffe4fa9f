"""Where crimes happen: the reference LSOAs with their neighbourhoods and centroids."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sample_data.reference import read_reference


class Geography:
    """LSOAs with populations and centroids, and the districts they make up.

    The LSOAs, their districts and populations are the loader's reference
    (pipelines/reference/lsoas.csv); `folder`/lsoa.csv adds what the reference
    does not hold: each LSOA's neighbourhood (MSOA) and centroid."""

    def __init__(self, folder: Path):
        path = Path(folder) / "lsoa.csv"
        if not path.exists():
            raise SystemExit(f"geography not found: {path} (run sample_data/build_geography.py)")
        with open(path, newline="", encoding="utf-8-sig") as f:
            places = {r["lsoa_code"]: r for r in csv.DictReader(f)}
        rows = sorted(read_reference("lsoas.csv"), key=lambda r: r["lsoa_code"])
        missing = [r["lsoa_code"] for r in rows if r["lsoa_code"] not in places]
        unknown = sorted(set(places) - {r["lsoa_code"] for r in rows})
        if missing or unknown:
            raise SystemExit(
                f"{path} and pipelines/reference/lsoas.csv disagree: "
                f"no centroid for {missing[:5]}, not in the reference: {unknown[:5]}"
            )
        self.lsoa = np.array([r["lsoa_code"] for r in rows])
        self.msoa_codes, self.msoa = np.unique(
            [places[r["lsoa_code"]]["msoa_code"] for r in rows], return_inverse=True
        )
        self.area_codes, self.area = np.unique([r["area_code"] for r in rows], return_inverse=True)
        self.population = np.array([float(r["population"]) for r in rows])
        self.lat = np.array([float(places[r["lsoa_code"]]["latitude"]) for r in rows])
        self.lon = np.array([float(places[r["lsoa_code"]]["longitude"]) for r in rows])
        # Rates per 1,000 vary markedly by district and somewhat by LSOA. Fixed
        # (not seeded) so every sample shows the same hot spots.
        fixed = np.random.default_rng(20240927)
        k = len(self.area_codes)
        self.area_rate = fixed.permutation(np.linspace(0.7, 1.7, k))
        hot = fixed.gamma(3.0, 1 / 3.0, len(rows))
        w = self.population * self.area_rate[self.area] * hot
        self.weights = w / w.sum()
