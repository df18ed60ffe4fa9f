"""The queries the pages and packs run: each binds parameters to an api_* file of queries/sql/
and returns a DataFrame. No user value is ever formatted into SQL text; a view's name (a
breakdown's) is checked against the files before it is bound.

Every function takes a Store and plain filter values (a Period, a list of area codes or None
for all) and declares, with @query, who may run it and which of its columns count people
(queries.door). Pages call them through the door: `data.get(api.measure_totals, period,
areas)`, so a reader, an IDE or a tracer follows a figure from the page to its SQL file.

The queries live in modules by subject (reference, measures, meeting, breakdowns, places, foi,
quality; outputs: the national context, alerts and the NPCC update's action plan); this module
names them all, the one namespace pages and packs use.
"""

from __future__ import annotations

from common.vocabulary import AGE_BANDS  # the contract's age bands, in order, for the pages

from ..door import UNITS
from ..store import CorruptDatabase, NeedsRebuild, NoDatabase, Period, Store, UnreadableDatabase
from .breakdowns import (
    breakdown,
    brk_allocation,
    brk_area_cases,
    brk_arrest_delay,
    brk_day_hour,
    brk_foi,
    brk_hexagons,
    brk_neighbourhood,
    brk_offence_group,
    brk_online,
    brk_online_methods,
    brk_outcomes,
    brk_reclassification,
    brk_referral_delay,
    brk_referral_services,
    brk_relationship,
    brk_risk_tools,
    brk_spo_pipeline,
    brk_suspect_profile,
    brk_victim_profile,
    dimensions,
    object_names,
)
from .cases import case_flags, case_links, case_summary, case_timeline, measure_cases
from .decisions import case_decisions, dmm_agenda, dmm_in_hand
from .foi import financial_year, foi_answers
from .measures import (
    measure_by_area,
    measure_league,
    measure_totals,
    measure_trend,
    previous_period,
    recommendation_status,
    trailing,
)
from .meeting import (
    case_list,
    dmm_cases,
    dmm_flag_counts,
    dmm_flags,
    screening,
    screening_triggers,
)
from .outputs import alert_referrals, context_rates, npcc_actions
from .places import area_change, area_rates, boundaries, hex_bins, lsoa_cases
from .quality import (
    data_quality,
    dq_completeness,
    dq_crimes_without_principal,
    dq_freshness,
    dq_implausible_timelines,
    dq_rejects_by_reason,
    dq_unknown_codes,
    implausible_counts,
    last_check,
    last_load_attempt,
    load_tables,
    rejects,
)
from .reference import (
    areas,
    catalogue_frame,
    load_log,
    months_available,
    settings,
    status,
    supplied_tables,
)

__all__ = [
    "AGE_BANDS",
    "CorruptDatabase",
    "UnreadableDatabase",
    "NeedsRebuild",
    "NoDatabase",
    "Period",
    "Store",
    "UNITS",
    "alert_referrals",
    "area_change",
    "area_rates",
    "areas",
    "boundaries",
    "breakdown",
    "brk_allocation",
    "brk_area_cases",
    "brk_arrest_delay",
    "brk_day_hour",
    "brk_foi",
    "brk_hexagons",
    "brk_neighbourhood",
    "brk_offence_group",
    "brk_online",
    "brk_online_methods",
    "brk_outcomes",
    "brk_reclassification",
    "brk_referral_delay",
    "brk_referral_services",
    "brk_relationship",
    "brk_risk_tools",
    "brk_spo_pipeline",
    "brk_suspect_profile",
    "brk_victim_profile",
    "case_decisions",
    "case_flags",
    "case_links",
    "case_list",
    "case_summary",
    "case_timeline",
    "catalogue_frame",
    "context_rates",
    "data_quality",
    "dimensions",
    "dmm_agenda",
    "dmm_cases",
    "dmm_flag_counts",
    "dmm_flags",
    "dmm_in_hand",
    "dq_completeness",
    "dq_crimes_without_principal",
    "dq_freshness",
    "dq_implausible_timelines",
    "dq_rejects_by_reason",
    "dq_unknown_codes",
    "financial_year",
    "foi_answers",
    "hex_bins",
    "implausible_counts",
    "last_check",
    "last_load_attempt",
    "load_log",
    "load_tables",
    "lsoa_cases",
    "measure_by_area",
    "measure_cases",
    "measure_league",
    "measure_totals",
    "measure_trend",
    "months_available",
    "npcc_actions",
    "object_names",
    "previous_period",
    "recommendation_status",
    "rejects",
    "screening",
    "screening_triggers",
    "settings",
    "status",
    "supplied_tables",
    "trailing",
]
