"""Glossary: the terms the pages use, in plain words, with the force's own windows and targets.

The terms are written here for the people who read the dashboard (the SQL headers are for
developers and never reach a page); the numbers in them come from the force's settings
(pipelines/reference/settings.csv) through the door, so a force that changes a window reads
its own.
"""

from __future__ import annotations

import streamlit as st

from dashboards import data
from queries import api
from queries.catalogue import fill

TERMS = {
    "As at": "The moment the newest extract was taken. Every figure, flag and age counts up to "
    "then; the banner at the top says when it was.",
    "Part month": "The month the extract was taken in holds only the days up to the as-at "
    "moment: its figures are not a whole month's, and pages mark it.",
    "Financial year": "April to March, as the Home Office and freedom-of-information answers "
    "count. A year that has not ended yet is marked as a part year.",
    "Stalking case": "A crime recorded as stalking, as the principal crime or as an included "
    "classification, and not cancelled.",
    "Principal crime": "The most serious crime of a sequence of events: the one the Home Office "
    "counts under its counting rules.",
    "Included classification": "Another crime kept on the same record beside the principal "
    "crime (for example stalking recorded under a principal crime of assault). Stalking found "
    'only there is "hidden" (recommendation 7).',
    "Reclassified": "A crime first recorded as one offence and now recorded as another.",
    "s.2A and s.4A": "The stalking offences of the Protection from Harassment Act 1997: s.2A "
    "stalking (summary only), s.4A stalking involving fear of violence or serious alarm or "
    "distress (either way). Home Office class 8Q since April 2014.",
    "Harassment, malicious communications": "Offences often recorded where the conduct is "
    "stalking: harassment (classes 8L and 8M) and malicious communications (8R). Crimes of "
    "these kinds, breaches of orders and controlling or coercive behaviour are screened early "
    "for hidden stalking (recommendation 23).",
    "Course of conduct": "Repeated behaviour that together amounts to stalking or harassment. "
    "Since April 2018 it is recorded in addition to the most serious other offence; since April "
    "2020 a course of conduct between ex-partners is recorded as stalking unless it is "
    "harassment only, so counts from 2020/21 are not comparable with earlier years.",
    "SPO": "Stalking Protection Order (Stalking Protection Act 2019, in force 20 January 2020): "
    "an order the police apply for to a magistrates' court that can forbid and require things "
    "of the suspect. An interim SPO protects while the application is decided. A case counts "
    "as considered in time when an SPO is considered within {spo_window_days:day} of the "
    "report.",
    "Protective order": "An SPO, an interim SPO, a restraining order, a non-molestation order, a "
    "Domestic Violence or Domestic Abuse Protection Order. A breach is a crime.",
    "Risk assessment": "The grading of the risk to the victim (standard, medium or high) with a "
    "tool such as DASH or S-DASH, the stalking screening questions. In time means within "
    "{risk_assessment_window_hours:hour} of the report.",
    "MAPPA": "Multi-agency public protection arrangements: the police, probation and prisons "
    "managing people who pose a serious risk, at levels 1 to 3. Many people under an SPO do not "
    "qualify.",
    "MARAC": "Multi-agency risk assessment conference: where agencies plan the safety of victims "
    "of high-risk domestic abuse.",
    "ISAC": "Independent stalking advocacy caseworker: a specialist who supports a victim of "
    "stalking through the police and courts.",
    "IDVA": "Independent domestic violence adviser: a specialist who supports victims of "
    "high-risk domestic abuse.",
    "Needs assessment": "The assessment of what a victim needs (sometimes called an individual "
    "victim needs assessment, IVNA), where their rights under the Victims' Code are explained.",
    "Victims' Code": "The Code of Practice for Victims of Crime: 12 rights, among them referral "
    "to support services, updates on the case and making a victim personal statement. The "
    "dashboard counts a referral in time when it is within {referral_window_days:working day} "
    "of the report (Monday to Friday, not counting bank holidays: reported on a Friday, referred "
    "by the Tuesday after).",
    "VPS": "Victim personal statement: the victim's own account of how the crime affected them, "
    "which a court reads.",
    "s.18 PACE": "A search of premises after an arrest, under section 18 of the Police and "
    "Criminal Evidence Act 1984. It may follow arrest for an indictable offence only: a s.2A "
    "stalking offence alone is not one.",
    "Home Office outcome": "How a crime was closed, by the Home Office's numbered outcomes "
    "(1 charge or summons, 2 and 3 cautions, 4 taken into consideration, and so on). Shown in "
    "words with the number after them.",
    "Area": "The force's areas (districts), by the area of the crime.",
    "LSOA": "Lower layer super output area: an ONS census area of about 1,500 residents. Maps "
    "show hexagons, never a crime's place, and an area with fewer than {hotspot_min_cases} "
    "cases is not shown.",
    "Neighbourhood": "A group of LSOAs (an ONS middle layer super output area), named by its "
    "district and number.",
    "Target": "The share the force aims for, set by the force (its settings).",
    "RAG": "Green, amber, red: on target; close to target (within {rag_amber_points} "
    "percentage points of it); off target. Shown with a symbol and a word, never by colour "
    "alone.",
    "SPC": "Statistical process control: a monthly chart with its mean and limits (3 standard "
    'deviations, "3 sigma") from the months shown, which tells a real change from the '
    "month-to-month noise.",
    "SPC signal": "A month that shows a real change: a point beyond a limit, a run of 7 months "
    "on one side of the mean, or a trend of 6 months rising or falling. The latest month's "
    "signals are raised as alerts.",
    "Rounded counts": "For the board role every count is made of cells each randomly rounded "
    "to a multiple of {disclosure_rounding_base}, so no figure, nor any difference of figures, "
    "reveals a small number of people.",
    "Comparison": "The change shown beside a figure: against the same months a year before, "
    "or the period of the same length just before, as chosen in the sidebar (Compare with). "
    "None is shown when there is nothing to compare with.",
}

st.title("Glossary")
st.caption("The terms the dashboard uses, with the windows and targets this force has set.")
settings = data.get(api.settings)
for term in sorted(TERMS, key=str.lower):
    st.markdown(f"**{term}**: {fill(TERMS[term], settings)}")
