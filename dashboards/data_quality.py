"""Data quality: how fresh the data is, what each load read, loaded and quarantined, how
complete each column is, codes the reference data does not know, implausible timelines.

Unlike the other pages it covers everything loaded: the period and area filters do not
apply (a rejected row has no trustworthy period or area)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data, safe, widgets, words
from queries import api

f = st.session_state["filters"]
st.title("Data quality")
st.caption(
    "Everything loaded so far, whatever the period and area filters: loads, quarantined rows, "
    "completeness, unknown codes and implausible dates."
)

fresh = data.get(api.dq_freshness).iloc[0]
stale_after = data.get(api.settings)["stale_extract_days"]
left, middle, right = st.columns(3)
left.metric(
    "Newest extract",
    f"{fresh['newest_extract_at']:%d %b %Y %H:%M}",
    help=f"Stale after {stale_after:g} days: the as-at banner then warns on every page.",
)
middle.metric("Age of the newest extract", f"{fresh['age_days']:.1f} days")
right.metric("Loads committed", f"{int(fresh['loads']):,}")
if fresh["age_days"] > stale_after:
    st.warning(
        f"The newest extract is more than {stale_after:g} days old: figures may be out of date.",
        icon=":material/schedule:",
    )

log = data.get(api.load_log)
if data.access().role == "analyst":  # a refusal names values: analysts only
    attempt = data.get(api.last_load_attempt)
    if attempt and attempt["status"] != "committed":
        st.error(
            f"The last load attempt ({safe.md(attempt['at'])}, {safe.md(attempt['extract_path'])}) "
            f"was {safe.md(attempt['status'])} and changed nothing; the data shown is from load "
            f"{int(log['load_id'].max())}. "
            f"{safe.md(attempt['message'])}",
            icon=":material/block:",
        )

st.header("Loads")
widgets.table(
    log[
        [
            "load_id",
            "finished_at",
            "extract_path",
            "extracted_at",
            "extracted_at_source",
            "kind",
            "rows_read",
            "rows_loaded",
            "rows_rejected",
            "rows_skipped",
        ]
    ],
    column_config={
        "load_id": st.column_config.NumberColumn("Load", format="%d"),
        "finished_at": st.column_config.DatetimeColumn("Finished", format="D MMM YYYY HH:mm"),
        "extract_path": "Extract",
        "extracted_at": st.column_config.DatetimeColumn("As at", format="D MMM YYYY HH:mm"),
        "extracted_at_source": "As-at from",
        "kind": "Kind",
        "rows_read": "Read",
        "rows_loaded": "Loaded",
        "rows_rejected": "Rejected",
        "rows_skipped": "Skipped (newer loaded)",
    },
)
chosen = st.selectbox(
    "Load report",
    list(log["load_id"]),
    format_func=lambda i: f"load {i}",
    key="dq-load",
    bind="query-params",  # in the address: a link shows the same load's report
)
tables = data.get(api.load_tables, chosen)
widgets.table(
    tables.drop(columns=["load_id"]),
    column_config={
        "table_name": "Table",
        "file": "File",
        "file_format": "Format",
        "encoding": "Encoding",
        "rows_read": "Read",
        "rows_loaded": "Loaded",
        "rows_rejected": "Rejected",
        "rows_skipped": "Skipped",
        "columns_absent": "Optional columns not supplied",
        "columns_ignored": "Columns ignored",
        "personal_columns_dropped": "Personal-data columns dropped (never stored)",
    },
)

st.header("Quarantined rows")
reasons = data.get(api.dq_rejects_by_reason)
if reasons.empty:
    st.success("No row has been quarantined by any load.", icon=":material/check_circle:")
else:
    widgets.table(
        reasons,
        column_config={
            "load_id": st.column_config.NumberColumn("Load", format="%d"),
            "table_name": "Table",
            "file": "File",
            "column_name": "Column",
            "reason": st.column_config.TextColumn("Reason", width="large"),
            "rejects": "Values",
            "rows_rejected": "Rows",
            "first_line": "First line",
        },
    )
    if data.access().role == "analyst":
        with st.expander("The quarantined values of the chosen load (first 1,000)"):
            widgets.table(data.get(api.rejects, chosen))

st.header("Completeness")
completeness = data.get(api.dq_completeness)
gaps = completeness[completeness["share"] < 1].sort_values("share")
if gaps.empty:
    st.success("Every column of every table supplied is complete.", icon=":material/check_circle:")
else:
    st.caption(
        f"Columns with gaps, emptiest first ({len(completeness) - len(gaps)} other columns are "
        "complete; tables never supplied are not listed). Many event columns are empty by "
        "nature (an SPO refused, a suspect charged): read them against the measures that use "
        "them."
    )
    widgets.table(
        gaps.assign(percent=100 * gaps["share"]),
        column_order=["table_name", "column_name", "filled", "row_count", "percent"],
        column_config={
            "table_name": "Table",
            "column_name": "Column",
            "filled": "Rows with a value",
            "row_count": "Rows",
            "percent": st.column_config.ProgressColumn(
                "Filled", format="%.1f%%", min_value=0, max_value=100
            ),
        },
    )
    widgets.about_view("dq_completeness", "How completeness is counted")

left, right = st.columns(2)
with left:
    st.header("Codes to map")
    unknown = data.get(api.dq_unknown_codes)
    if unknown.empty:
        st.success(
            "The reference data knows every offence and area code.", icon=":material/check_circle:"
        )
    else:
        st.caption(
            "Unknown offence codes count as group 'other'; unknown area codes count but have "
            "no rate. Add them to pipelines/reference/ and reload."
        )
        widgets.table(unknown, column_config={"kind": "Kind", "code": "Code", "crimes": "Crimes"})
with right:
    st.header("Implausible timelines")
    implausible = data.get(api.implausible_counts)
    if implausible.empty:
        st.success("No implausible timeline.", icon=":material/check_circle:")
    else:
        st.caption(
            "Possible but implausible dates: they load and count (an event before the "
            "report counts as at the report)."
        )
        widgets.table(implausible, column_config={"check_name": "Check", "crimes": "Crimes"})
    widgets.about_view("dq_implausible_timelines", "What is checked")

if data.access().role != "analyst":
    st.stop()  # what follows lists cases, values and people: analysts only

st.header("Last check of an extract")
report = data.get(api.last_check)
if report is None:
    st.caption(
        "No check yet. Before loading a new export, run `python -m pipelines check EXTRACT_DIR "
        "[--profile NAME]`: it reports what would load and what would be rejected, and the "
        "report appears here."
    )
else:
    profile = f", profile {safe.md(report['profile']['name'])}" if report["profile"] else ""
    verdict = (
        f"would load: {report['totals']['rows_loaded']:,} rows, "
        f"{report['totals']['rows_rejected']:,} rejected, "
        f"{report['totals']['rows_skipped']:,} skipped as older"
        if report["status"] == "would load"
        else f"would be refused: {safe.md(report['refusal'])}"
    )
    st.markdown(
        f"**{safe.md(report['extract_path'])}**{profile}, checked {safe.md(report['checked_at'])} "
        f"(as at {safe.md(report['as_at'])}): the extract {verdict}."
    )
    if report["tables"]:
        widgets.table(
            pd.DataFrame(report["tables"]).drop(columns=["format"]),
            column_config={
                "table": "Table",
                "file": "File",
                "encoding": "Encoding",
                "rows_read": "Read",
                "rows_loaded": "Would load",
                "rows_rejected": "Would be rejected",
                "rows_skipped": "Skipped (newer loaded)",
                "columns_absent": "Optional columns not supplied",
                "columns_ignored": "Columns ignored",
                "personal_columns_dropped": "Personal-data columns dropped (never stored)",
            },
        )
    for key, title in (
        ("reject_reasons", "Why rows would be rejected"),
        ("unknown_values", "Values not understood (fix at source, or add them to the profile)"),
        ("unknown_codes", "Codes the reference data does not know"),
    ):
        if report.get(key):
            st.subheader(title)
            widgets.table(pd.DataFrame(report[key]))

orphans = data.get(api.dq_crimes_without_principal)
if not orphans.empty:
    st.header("Crimes in no measure")
    st.caption(
        "Crimes with no current principal classification (usually quarantined at load): in no "
        "measure until a later extract gives them a valid classification history."
    )
    widgets.table(orphans)

st.header("Access audit")
st.caption(
    "Who viewed or downloaded case-level data, when, and with which filters (newest first). "
    "Kept outside the database, so loads never touch it."
)
trail = data.audit_rows()
if trail.empty:
    st.info("Nobody has viewed case-level data yet.", icon=":material/info:")
else:
    known = words.labels()  # once, not through the door for every row
    widgets.table(
        trail.assign(
            what=[words.audited_in_words(w) for w in trail["what"]],
            filters=[words.filters_in_words(f, known) for f in trail["filters"]],
        ),
        column_config={
            "at": "When",
            "user": "User",
            "role": "Role",
            "action": "Action",
            "page": "Page",
            "what": "What",
            "filters": "Filters",
            "rows": "Rows",
        },
    )
