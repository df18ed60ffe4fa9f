"""Docs checked by tests: the catalogue in docs/ is generated from the SQL headers, every SQL
object has a header, and the extract contract in docs/ names every contract column."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.contract import TABLES
from queries.build import sql_objects
from queries.catalogue import SPEC_ORDER, catalogue, markdown

ROOT = Path(__file__).resolve().parents[2]


def test_measures_doc_holds_the_generated_catalogue():
    doc = (ROOT / "docs" / "measures.md").read_text()
    block = doc.split("<!-- catalogue:start -->\n")[1].split("<!-- catalogue:end -->")[0]
    assert block == markdown(), "run: python -m tools.regen_docs"


def test_catalogue_has_every_spec_measure_once():
    assert [m.id for m in catalogue()] == list(SPEC_ORDER)


def test_every_sql_file_has_a_header_and_defines_its_own_name():
    for name, text in sql_objects().items():
        assert text.startswith(f"-- {name}") or text.startswith("-- measure: "), name
        assert re.search(rf"create or replace (table|view|macro) {name}\b", text), name


def test_every_measure_is_in_measure_summary():
    text = sql_objects()["measure_summary"]
    for m in catalogue():
        assert f"select * from msr_{m.id}\n" in text + "\n", m.id


def test_measures_check_the_tables_they_need():
    """A measure that needs an optional table returns no rows when it was never supplied."""
    for m in catalogue():
        text = sql_objects()[f"msr_{m.id}"]
        for table in m.requires:
            if table not in ("crimes", "classifications"):
                assert f"fn_supplied('{table}')" in text, (m.id, table)


def test_extract_doc_names_every_contract_table_and_column():
    doc = (ROOT / "docs" / "extract.md").read_text()
    for table in TABLES:
        assert f"### {table.name}" in doc, table.name
        for column in table.column_names:
            assert column in doc, (table.name, column)


def test_every_measure_is_in_exactly_one_theme():
    from queries.catalogue import THEMES, catalogue

    placed = [m for ids in THEMES.values() for m in ids]
    assert sorted(placed) == sorted(m.id for m in catalogue())


def test_sql_doc_holds_the_generated_table_of_objects():
    from queries.headers import markdown as objects

    doc = (ROOT / "docs" / "sql.md").read_text()
    block = doc.split("<!-- objects:start -->\n")[1].split("<!-- objects:end -->")[0]
    assert block == objects(), "run: python -m tools.regen_docs"


def test_every_table_and_view_declares_its_grain():
    from queries.headers import headers

    for name, text in sql_objects().items():
        if re.search(rf"create or replace (table|view) {name}\b", text):
            assert headers().get(name, None) is None or headers()[name].grain is not None, name
    from queries.build import GENERATED

    for name in GENERATED:
        assert "-- grain: " in sql_objects()[name], name


def test_every_view_a_page_explains_has_help_for_its_readers():
    """Each `source=` or about_view(...) name in dashboards/ has a `-- help:` line, and every
    `{setting}` in any help names a setting of the shipped settings.csv."""
    import csv

    from queries.catalogue import PLACEHOLDER
    from queries.headers import headers

    pages = "\n".join(p.read_text() for p in (ROOT / "dashboards").glob("*.py"))
    named = set(re.findall(r'source="(\w+)"', pages))
    named |= set(re.findall(r'about_view\(\s*"(\w+)"', pages))
    named |= {"brk_victim_profile", "brk_suspect_profile"}  # age_and_sex's, by its rule's name
    assert named >= {"brk_foi", "dmm_flags", "brk_spo_pipeline"}  # the search finds them
    found = headers()
    assert sorted(n for n in named if not found[n].keys.get("help")) == []
    with (ROOT / "pipelines" / "reference" / "settings.csv").open() as f:
        settings = {row["name"] for row in csv.DictReader(f)}
    helps = [found[n].keys["help"] for n in named] + [m.help for m in catalogue()]
    assert all(helps)
    used = {m.group(1) for text in helps for m in PLACEHOLDER.finditer(text)}
    assert used and used <= settings, used - settings
