"""Shared widgets: KPI tiles with RAG, charts with their definitions, SPC trends, tables,
downloads and 'no data'. Pages compose these; none of them computes a figure."""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components

from queries import api
from queries.catalogue import about, measure

from . import charts, data, exports, share, words
from .filters import Filters

# RAG as an icon and a word, never colour alone. Markdown for the page, text for tables.
RAG_MARKDOWN = {
    "green": ":green[:material/check_circle: **On target**]",
    "amber": ":orange[:material/error: **Close to target**]",
    "red": ":red[:material/cancel: **Off target**]",
    None: ":gray[:material/remove: No target]",
}
RAG_TEXT = {"green": "✔ on target", "amber": "▲ close to target", "red": "✖ off target", None: ""}
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": False}


def _rag_key(rag) -> str | None:
    return None if rag is None or (isinstance(rag, float) and math.isnan(rag)) else rag


def rag_label(rag: str | None) -> str:
    """RAG as markdown: a Material icon and a word (the icon font is served by the app)."""
    return RAG_MARKDOWN[_rag_key(rag)]


def rag_text(rag: str | None) -> str:
    """RAG as plain text for tables and exports."""
    return RAG_TEXT[_rag_key(rag)]


def fmt_value(value, is_ratio: bool) -> str:
    if _missing(value):
        return "no cases" if is_ratio else "0"
    return f"{value:.1f}%" if is_ratio else f"{value:,.0f}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def kpi_tile(row: Mapping, previous: Mapping | None) -> None:
    """A measure's value, target, RAG and change against the comparison period (the sidebar's
    choice; "no comparison" when there is none), the part month marked."""
    m = measure(row["measure_id"])
    with st.container(border=True, height="stretch"):
        # The name as markdown (it wraps; a metric's own label is cut short with an ellipsis).
        st.markdown(f"**{m.label}**", help=explain(m.id))
        if not row["supplied"]:
            st.metric(m.label, "no data", label_visibility="collapsed")
            st.caption("The extract did not supply: " + ", ".join(m.requires))
            return
        # The change only where the comparison months hold data and the measure has a value
        # in both (a ratio with no case in either denominator has none): never "+1,652"
        # against months before the first the database holds.
        before = None if previous is None else previous["value"]
        delta = charts.change_text(row["value"], before, m.is_ratio)
        colour = "inverse" if m.direction == "lower" else ("normal" if m.direction else "off")
        f = st.session_state.get("filters")
        against = f.comparison_words() if isinstance(f, Filters) else "the comparison period"
        st.metric(
            m.label,
            fmt_value(row["value"], m.is_ratio),
            delta=delta,
            delta_color=colour,
            label_visibility="collapsed",
            help=f"Change against {against}." if delta is not None else None,
        )
        marks = [] if delta is not None else ["no comparison"]
        if isinstance(f, Filters) and f.part_month is not None:
            marks.append(":material/schedule: " + f.part_month_words())
        if marks:
            st.caption(" · ".join(marks))
        detail = (
            f"{int(row['numerator']):,} of {int(row['denominator']):,}"
            if (m.is_ratio and not _missing(row["denominator"]))
            else ""
        )
        target = "" if _missing(row["target"]) else f"target {row['target']:g}%"
        rag = rag_label(row["rag"]) if m.direction else ""
        st.markdown(" · ".join(p for p in (rag, target, detail) if p))
        cases_behind(m.id, "Cases behind it")


DRILL = "dashboards/drill.py"


def cases_behind(measure_id: str, label: str, area: str | None = None) -> None:
    """A link to the cases behind a figure (the sidebar's period and areas kept, in the
    link too, so it opens the same in a new tab), for the roles that may see cases."""
    if not data.access().case_level:
        return
    params = {**share.sidebar_params(), "measure": measure_id, **({"area": area} if area else {})}
    st.page_link(DRILL, label=label, icon=":material/table_rows:", query_params=params)


def kpi_grid(
    totals: pd.DataFrame, previous: pd.DataFrame | None, ids: Iterable[str], per_row: int = 4
) -> None:
    """KPI tiles for the given measures, in rows of per_row."""
    now = _rows(totals)
    before = _rows(previous) if previous is not None else None
    ids = list(ids)
    for start in range(0, len(ids), per_row):
        columns = st.columns(per_row)
        for column, measure_id in zip(columns, ids[start : start + per_row], strict=False):
            with column:
                kpi_tile(now[measure_id], before[measure_id] if before is not None else None)


def _rows(frame: pd.DataFrame) -> dict[str, dict]:
    """Each measure's row by its id, read by name as a tile reads it: one pass over the
    frame, not a pandas copy and insert per tile (~3 ms a tile, issue 15)."""
    return {row["measure_id"]: row for row in frame.to_dict("records")}


def sections(key: str, parts: Mapping[str, Callable[[], None]]) -> None:
    """A page's parts as tabs, only the open one drawn (each part a function that draws it): a
    filter change reruns the part in view, not the whole page (issue 15: a filter change
    answers within a second). The open part is in the address (?<key>=<its label>), so a link
    or a reload shows it; a label the page does not have is dropped, with the page's quiet
    note (share.note_dropped), and the first part shown."""
    tabs = st.tabs(list(parts), key=key, bind="query-params")
    for tab, draw in zip(tabs, parts.values(), strict=True):
        with tab:
            if tab.open:
                draw()


def totals_now_and_before(f: Filters) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Every measure for the chosen period and for the comparison period (the same months a
    year before, or the previous period of the same length); None for the comparison when
    the database holds no data for it (Filters.comparison)."""
    before = f.comparison
    return (
        data.get(api.measure_totals, f.period, f.areas),
        None if before is None else data.get(api.measure_totals, before, f.areas),
    )


def chart(
    fig: go.Figure,
    *,
    source: str | None = None,
    measures: Iterable[str] = (),
    key: str | None = None,
) -> None:
    """A Plotly figure, with what it shows one click away: the SQL header of the view it
    draws (source) and the catalogue definition of each measure it shows. key: for a page
    that may draw the same figure twice (two trend charts showing one measure)."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    texts = [explain(m) for m in measures]
    if source:
        texts.append(about(source, data.get(api.settings)))
    if texts:
        with st.popover("About this chart", icon=":material/info:"):
            st.markdown("\n\n".join(texts) + GLOSSARY_LINK)


def about_view(name: str, label: str = "About these figures") -> None:
    """What a view shows, in the users' words (its header's help, the force's settings filled
    in), behind one click."""
    with st.popover(label, icon=":material/info:"):
        st.markdown(about(name, data.get(api.settings)) + GLOSSARY_LINK)


def explain(measure_id: str) -> str:
    """A measure's definition for the people who read it (queries.catalogue.Measure.explain)."""
    return measure(measure_id).explain(data.get(api.settings))


GLOSSARY_LINK = "\n\nTerms such as SPO, RAG and SPC are explained in the [Glossary](glossary)."


SPC_MIN_MONTHS = charts.spc.MIN_POINTS  # fewer: limits too rough (and no alert: outputs.py)


def spc(measure_id: str, f: Filters, key: str | None = None) -> None:
    """A measure's SPC chart over the chosen period's months (no month outside it), with its
    target; signals explained below it, and a note when the months are too few for limits
    worth reading or the last month is the part month."""
    m = measure(measure_id)
    trend = data.get(api.measure_trend, measure_id, f.period, f.areas)
    if trend.empty:
        no_data(f"no {m.label.lower()} figures in {f.period_words()}.")
        return
    target = data.get(api.catalogue_frame).set_index("measure_id").loc[measure_id, "target"]
    fig = charts.spc_trend(
        trend,
        ratio=m.is_ratio,
        target=None if _missing(target) else float(target),
        title=f"{m.label}<br><sup>{f.period.start:%b %Y} to {f.period.end:%b %Y}</sup>",
    )
    chart(fig, measures=[measure_id], key=key)
    notes = [
        "Statistical process control: the mean and limits (3 sigma) come from the months shown. "
        "A diamond marks a signal: a point beyond a limit, a run of 7 on one side of the mean, "
        "or a trend of 6 rising or falling. Dotted lines mark counting-rule changes."
    ]
    if len(trend) < SPC_MIN_MONTHS:
        notes.append(
            f":material/warning: {len(trend)} month{'s' if len(trend) != 1 else ''} with figures: "
            f"too few for limits worth reading (choose a period of {SPC_MIN_MONTHS} months or more)."
        )
    if f.part_month is not None:
        notes.append(f":material/schedule: The last point is {f.part_month_words()}.")
    st.caption(" ".join(notes))


def referral_timeliness(f: Filters) -> None:
    """Victims by days from report to first referral, split at the referral window."""
    if not supplied("referrals"):
        return
    delays = data.get(api.brk_referral_delay, f.period, f.areas)
    if delays.empty:
        no_data("no victim of a stalking case in the chosen period and areas.")
        return
    window = data.get(api.settings)["referral_window_days"]
    chart(
        charts.referral_delays(delays, window),
        source="brk_referral_delay",
        measures=["referred_timely"],
    )


def share_by_area(measure_id: str, f: Filters, title: str) -> None:
    """A ratio measure area by area for the period, highest first, each bar labelled
    'value% (numerator of denominator)' ("<5" where the role sees no small counts)."""
    by_area = data.get(api.measure_by_area, measure_id, f.period, f.areas)
    if by_area.empty:
        no_data("no case in the chosen period and areas.")
        return
    by_area["share"] = by_area["value"].round(1)
    by_area["label"] = [
        ratio_label(v, n, d)
        for v, n, d in zip(
            by_area["value"], by_area["numerator"], by_area["denominator"], strict=True
        )
    ]
    chart(
        charts.bars(
            by_area.sort_values("value", ascending=False),
            "area_name",
            "share",
            horizontal=True,
            text="label",
            title=title,
        ),
        measures=[measure_id],
    )


def age_and_sex(breakdown, unit: str, table: str, f: Filters) -> pd.DataFrame:
    """People (victims or suspects) by age band, youngest first, and sex, from a breakdown
    query (api.brk_victim_profile, api.brk_suspect_profile); returns the data for the page's
    export."""
    people = data.get(breakdown, f.period, f.areas)
    if supplied(table) and not people.empty:
        chart(
            charts.bars(
                people.assign(
                    age=people["age_band"].map(charts.age_label),
                    sex=people["sex"].map(words.labeller("sex")),
                ),
                "age",
                unit,
                color="sex",
                title=f"{unit.capitalize()} by age and sex",
                order=[charts.age_label(a) for a in api.AGE_BANDS],
            ),
            source=breakdown.rule.name,
        )
    return people


def supplied(*tables: str) -> bool:
    """Whether every table was supplied; if not, say 'no data' and return False."""
    missing = [t for t in tables if t not in data.get(api.supplied_tables)]
    if missing:
        no_data(f"the extract did not supply {', '.join(missing)}.")
    return not missing


def no_data(what: str) -> None:
    st.info(f"No data: {what}", icon=":material/info:")


def aggregate_downloads(
    sheets: dict[str, pd.DataFrame], name: str, filters: Filters, key: str
) -> None:
    """CSV (the first sheet) and Excel (all sheets), each carrying the filters."""
    described = filters.describe()
    sheets = {sheet: words.for_export(frame) for sheet, frame in sheets.items()}
    first = next(iter(sheets.values()))
    row = st.container(horizontal=True)
    row.download_button(
        "CSV",
        exports.to_csv(first, described),
        f"{name}.csv",
        "text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
    )
    row.download_button(
        "Excel",
        exports.to_excel(sheets, described),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        icon=":material/download:",
    )


def case_download(
    frame: pd.DataFrame, name: str, filters: Filters, key: str, label: str = "Case list (CSV)"
) -> None:
    """The one way a case-level list leaves the app as CSV (the table toolbar's export is off);
    see deliver."""
    described = filters.describe()
    deliver(
        label,
        lambda: exports.to_csv(words.for_export(frame), described),
        f"{name}.csv",
        "text/csv",
        key=key,
        rows=len(frame),
        filters=described,
    )


def deliver(
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    *,
    key: str,
    rows: int,
    filters: dict,
    icon: str = ":material/download:",
) -> None:
    """A case-level file, made only when asked for, in the asking session, and audited.

    A button; its click writes the download to the audit, makes the file and hands it to this
    browser inside the page (a small frame that saves it at once, with a link to save it
    again), so it never sits at a URL: Streamlit's own download button would store it under
    /media/ before any click, where anyone holding the address could fetch it without a
    session. On the next click anywhere the frame, and the file in it, are gone.
    """
    if not st.button(label, key=f"deliver-{key}", icon=icon):  # st-key-deliver-*: tests find it
        return
    data.audit_download(file_name, rows, filters)
    body = base64.b64encode(make()).decode("ascii")
    name = html.escape(file_name, quote=True)
    components.html(
        f"""<p style="font-family:sans-serif;font-size:14px;margin:4px 0">
        <a id="save" href="#">Save {name}</a> (saving now; {rows:,} rows, audited)</p>
        <script>
        const bytes = Uint8Array.from(atob({json.dumps(body)}), c => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], {{type: {json.dumps(mime)}}}));
        const link = document.getElementById("save");
        link.href = url;
        link.download = {json.dumps(file_name)};
        link.click();
        </script>""",
        height=34,
    )


def table(frame: pd.DataFrame, column_config: dict | None = None, **kwargs) -> None:
    """A table in words: codes of known columns replaced by their labels (dashboards.words),
    and a heading in words for every column the caller did not name."""
    config = dict(column_config or {})
    for column in frame.columns:
        if column not in config and "_" in str(column):
            config[column] = words.heading(column)
    st.dataframe(
        words.blanks(words.relabel(frame)),
        hide_index=True,
        width="stretch",
        column_config=config,
        **kwargs,
    )


def case_level() -> bool:
    """Whether the person may see case-level lists; if not, say why a section is empty."""
    if data.access().case_level:
        return True
    st.caption(":material/lock: Case-level lists are not shown to your role.")
    return False


def ratio_label(value, numerator, denominator) -> str:
    """'12.5% (3 of 24)'; 'no cases' when the denominator is empty."""
    if _missing(value) or _missing(numerator) or _missing(denominator):
        return "no cases"
    return f"{value:.1f}% ({int(numerator)} of {int(denominator)})"


# Headings for the columns of case-level lists (None hides a column: the area's code is
# shown by its name).
CASE_COLUMN_CONFIG = {
    "crime_ref": st.column_config.TextColumn("Crime", pinned=True),
    "case_page": st.column_config.LinkColumn("Case page", display_text="Open", width="small"),
    "reported_at": st.column_config.DatetimeColumn("Reported", format="D MMM YYYY HH:mm"),
    "area_code": None,
    "area_name": "Area",
    "neighbourhood_code": "Neighbourhood",
    "current_principal_code": "Principal offence",
    "current_codes": "Current offences",
    "relationship": "Relationship",
    "domestic_abuse": "Domestic abuse",
    "online_element": "Online",
    "risk_level": "Risk",
    "allocated_unit": "Unit",
    "status": "Status",
    "outcome_code": st.column_config.NumberColumn("Outcome", format="%d"),
    "is_hidden": "Stalking hidden",
    "is_reclassified": "Reclassified",
    "spo_considered": "SPO considered",
    "suspects": "Suspects",
    "victims": "Victims",
    "suspect_arrested": "Arrested",
    "s18_search": "s.18 search",
    "has_current_indictable": "Indictable offence",
    "triggers": "Triggers",
    "earlier_crimes_same_pair": "Earlier crimes, same suspect and victim",
    "severity": None,
    "flags": "Flags",
    "reasons": st.column_config.TextColumn("Reasons", width="large"),
    "agenda_reasons": "Why on the agenda",
    "decided_action": "Latest decision",
    "decided_owner": "Owner",
    "decided_review_on": st.column_config.DateColumn("Review on", format="D MMM YYYY"),
    "unit_key": "Victim or order",
    "link": "Linked by",
    "met": "Met the measure",
}


def case_table(frame: pd.DataFrame, **kwargs) -> None:
    """A case-level list with readable headings and a link to each case's page (downloads go
    through case_download)."""
    if "crime_ref" in frame.columns and "case_page" not in frame.columns:
        frame = frame.copy()
        at = list(frame.columns).index("crime_ref") + 1
        frame.insert(at, "case_page", [case_page_url(ref) for ref in frame["crime_ref"]])
    table(frame, column_config=CASE_COLUMN_CONFIG, **kwargs)


OTHER_AREA = "a case in another area"  # what a list shows for a case the person may not see


def case_page_url(crime_ref: str) -> str | None:
    """The address of a case's page (relative, so it works behind any path prefix); none for
    a case in another area."""
    return None if crime_ref == OTHER_AREA else "case?" + urlencode({"ref": crime_ref})
