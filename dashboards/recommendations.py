"""Recommendations: each super-complaint recommendation to chief constables, with the
measures that evidence it, their current value, target and RAG; under each, the force's own
actions for it (contract v2's action plan: owner, due date, status, overdue first), and under
recommendation 10 (training) the completion of the force's stalking training by area and role
against its target. A table never supplied says so ("no action plan loaded", "no data"),
never 0 %."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data, safe, widgets, words
from queries import api
from queries.catalogue import RECOMMENDATIONS, about, measures_for, rag

TRAINING = 10  # the recommendation training answers (measures.md "Training")

f = st.session_state["filters"]
st.title("Recommendations")
st.caption(
    "The recommendations the 2024 stalking super-complaint report (HMICFRS, IOPC, College of "
    "Policing) made to every chief constable, and what the force's crime records show for "
    f"{f.period_words()}. Each measure's definition is behind "
    "the ? beside its name; targets are the force's own (settings). Under each, the force's "
    "own actions for it, from its action plan."
)


def training_figures() -> tuple[pd.DataFrame, api.TrainingTotal] | None:
    """Training completion as the person may see it: the rows by area and role and their
    total (api.training_total); None when staff or training was never supplied or nobody in
    the person's areas is in scope."""
    rows = data.get(api.training_status, f.areas)
    total = api.training_total(rows)
    return None if total is None else (rows, total)


def training_rag(figures) -> str | None:
    _, total = figures
    return rag(total.share, total.target, "higher", data.get(api.settings)["rag_amber_points"])


totals, previous = widgets.totals_now_and_before(f)
trained = training_figures()
st.subheader("At a glance")
widgets.table(  # RAGs as the tiles below show them, training's beside recommendation 10's
    api.recommendation_status(totals, {TRAINING: [training_rag(trained)]} if trained else None),
    height="content",
    column_config={  # widths in pixels: the whole table fits 1366 px without scrolling
        "recommendation": st.column_config.NumberColumn("Rec.", format="%d", width=45),
        "subject": st.column_config.TextColumn("Subject", width=360),
        "due": st.column_config.TextColumn("Due", width=165),
        "measures": st.column_config.NumberColumn("Measures", width=80),
        "on_target": st.column_config.NumberColumn("✔ On target", width=90),
        "close": st.column_config.NumberColumn("▲ Close", width=70),
        "off_target": st.column_config.NumberColumn("✖ Off target", width=90),
    },
)

supplied = data.get(api.supplied_tables)
plan = data.get(api.action_status) if "actions" in supplied else None
if plan is not None:
    overdue = int(plan["overdue"].sum())
    st.caption(
        f"The force's action plan: {len(plan):,} action{'s' if len(plan) != 1 else ''}, "
        f"{overdue:,} overdue (not complete and due before {data.get(api.status)['as_at']:%-d %B %Y})."
    )


def actions(number: int) -> None:
    """The force's actions for one recommendation, overdue first (api.action_status's order),
    in words: what, who owns it, when due, where it stands."""
    if plan is None:
        st.caption(":material/assignment: No action plan loaded.")
        return
    mine = plan[plan["recommendation"] == number]
    if mine.empty:
        st.caption(":material/assignment: No action in the force's plan for this recommendation.")
        return
    status = words.labeller("action_status")
    st.caption(":material/assignment: The force's actions for it, overdue first:")
    # st.table wraps a long description (st.dataframe cuts it) and reads Markdown in its cells,
    # so the force's own text passes through safe.md
    st.table(
        pd.DataFrame(
            {
                "Action": [safe.md(d) for d in mine["description"]],
                "Owner": [safe.md(o) for o in mine["owner"]],
                "Due": [day(d) for d in mine["due_on"]],
                "Status": [
                    ":red[:material/warning: **Overdue**, " + status(x).lower() + "]"
                    if o
                    else status(x)
                    for x, o in zip(mine["status"], mine["overdue"], strict=True)
                ],
                "Completed": [day(d) for d in mine["completed_on"]],
            }
        ),
        hide_index=True,
        border="horizontal",
    )


def day(value) -> str:
    """A date as the page writes it ('1 Mar 2025'); empty when there is none."""
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%-d\u00a0%b\u00a0%Y}"  # unbroken


def training() -> None:
    """Recommendation 10: in-scope staff who completed the force's current stalking course,
    by area and role, against the target; "no data" when staff or training was never
    supplied (training_figures)."""
    if not widgets.supplied("staff", "training"):
        return
    if trained is None:
        widgets.no_data("no member of staff in scope of the training in your areas.")
        return
    settings = data.get(api.settings)
    rows, total = trained
    left, middle, right = st.columns([1, 1.7, 1.5])
    with left, st.container(border=True, height="stretch"):
        st.markdown(
            "**Stalking training completed**",
            help=about("training_status", settings),
        )
        st.metric(
            "Training completed",
            widgets.fmt_value(total.share, True),
            label_visibility="collapsed",
        )
        rag_word = widgets.rag_label(training_rag(trained))
        st.markdown(
            " · ".join(
                p
                for p in (
                    rag_word,
                    "" if total.target is None else f"target {total.target:g}%",
                    f"{total.completed:,} of {total.in_scope:,}",
                )
                if p
            )
        )
    area = words.labeller("area_code")
    role = words.labeller("staff_role")
    rows = rows.assign(
        Area=["no area recorded" if pd.isna(a) else area(a) for a in rows["area_code"]],
        Role=rows["role"].map(role),
    )
    for column, by in ((middle, "Area"), (right, "Role")):
        with column:
            widgets.table(shares(rows, by), height="content", column_config=SHARE_COLUMNS)
    widgets.about_view("training_status", "About training completion")
    widgets.aggregate_downloads(
        {"training": rows.drop(columns=["Area", "Role"])}, "stalking-training", f, key="training"
    )


SHARE_COLUMNS = {
    "In scope": st.column_config.NumberColumn("In scope", format="%d", width=65),
    "Completed": st.column_config.NumberColumn("Completed", format="%d", width=80),
    "%": st.column_config.TextColumn("%", width=60),
}


def shares(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """In-scope staff and completions summed by area or by role (the rows' counts: for the
    board, sums of rounded cells), with the share completed, lowest first."""
    summed = rows.groupby(by, sort=False)[["in_scope", "completed"]].sum().reset_index()
    summed["share"] = 100.0 * summed["completed"] / summed["in_scope"].where(summed["in_scope"] > 0)
    summed = summed.sort_values(["share", by], na_position="last")
    return pd.DataFrame(
        {
            by: summed[by],
            "In scope": summed["in_scope"],
            "Completed": summed["completed"],
            "%": [widgets.fmt_value(v, True) for v in summed["share"]],
        }
    )


for rec in RECOMMENDATIONS:
    measures = measures_for(rec.number)
    st.subheader(f"{rec.number}. {rec.subject}")
    st.caption(f"Due {rec.due}.")
    if rec.number == TRAINING:
        training()
    if measures:
        widgets.kpi_grid(totals, previous, [m.id for m in measures])
    elif rec.number != TRAINING:
        st.markdown(
            ":gray[:material/description: Not measurable from crime records: evidence is in "
            f"{rec.evidence}.]"
        )
    actions(rec.number)
