"""The enumerations of the extract contract (docs/extract.md), defined once.

The loader's contract (pipelines/contract.py) builds its tables from these; the query
layer and the pages read them here, so no layer imports another for a vocabulary.
"""

from __future__ import annotations

AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "unknown")
SEXES = ("female", "male", "other", "unknown")
RISK_LEVELS = ("standard", "medium", "high")
RELATIONSHIPS = (
    "ex_partner",
    "partner",
    "family",
    "acquaintance",
    "work",
    "neighbour",
    "stranger",
    "online_only",
    "other",
    "unknown",
)
ALLOCATED_UNITS = (
    "response",
    "neighbourhood",
    "investigation_hub",
    "da_unit",
    "cid",
    "stalking_unit",
    "public_protection",
    "other",
)
STATUSES = ("open", "closed", "cancelled")
INTERVIEWS = ("none", "voluntary", "under_arrest")
SEARCH_POWERS = ("none", "s18", "s32", "warrant")
MAPPA_LEVELS = ("none", "1", "2", "3")
RISK_TOOLS = ("dash", "s_dash", "sst", "dara", "other")
SPO_DECISIONS = ("apply", "not_appropriate", "alternative_order")
ORDER_TYPES = (
    "spo",
    "interim_spo",
    "restraining_order",
    "non_molestation",
    "dvpo",
    "dapo",
    "other",
)
SERVICES = ("isac", "idva", "victim_support", "paladin", "national_stalking_helpline", "other")
REFERRAL_OUTCOMES = ("pending", "engaged", "declined", "no_contact")
ONLINE_METHODS = (
    "social_media",
    "messaging",
    "email",
    "calls_texts",
    "tracking_device",
    "spyware",
    "fake_profiles",
    "image_abuse",
    "gaming",
    "other",
)

# v2 (docs/extract.md, "tables beyond the first contract").
RIGHTS_CHANNELS = ("in_person", "phone", "letter", "email", "portal", "other")
SCREENING_OUTCOMES = ("stalking_identified", "not_stalking", "further_enquiry")
PANELS = ("marac", "matac", "mappa", "esip", "masip", "other")
STAFF_ROLES = (
    "pcso",
    "constable",
    "sergeant",
    "inspector",
    "chief_inspector",
    "police_staff",
    "other",
)
SATISFACTION = (
    "very_satisfied",
    "fairly_satisfied",
    "neither",
    "fairly_dissatisfied",
    "very_dissatisfied",
)
ACTION_STATUSES = ("not_started", "in_progress", "complete", "blocked")
