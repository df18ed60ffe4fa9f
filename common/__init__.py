"""What the loader, the query layer and the pages share, so no layer imports another.

- `common.vocabulary`: the extract contract's enumerations (one definition).
- `common.reports`: the report files kept beside the database (the last check, the last
  load attempt): their paths, writer and readers.
- `common.files`: the access (mode and group) every file beside the database keeps.
- `common.database`: whether a database file is missing, readable or corrupt.

This package imports nothing from pipelines/, queries/ or dashboards/.
"""
