"""Synthetic extracts that obey the extract contract (spec/extract.md).

`python -m sample_data.generate --help` writes one of any size; the committed
sample lives in `extract/` and `delta/` (see README.md).
"""
