"""The app's pages, by section: file, title and icon. app.py builds st.navigation from
this list and the tests parametrise over it, so a page cannot be added and left untested."""

from __future__ import annotations

from typing import NamedTuple


class PageSpec(NamedTuple):
    path: str
    title: str
    icon: str
    case_level: bool = False  # the page is a case list: not for aggregate-only roles
    hidden: bool = False  # opened from other pages (a case, the cases behind a figure)
    url_path: str | None = None  # its address, for links that open it
    # The address parameter naming its open part, for a page drawn in parts
    # (widgets.sections: only the open part runs); the tests walk every part.
    parts: str | None = None


SECTIONS: dict[str, list[PageSpec]] = {
    "Meetings": [
        PageSpec("dashboards/daily_meeting.py", "Daily meeting", ":material/checklist:", True),
        PageSpec(
            "dashboards/performance.py",
            "Performance board",
            ":material/monitoring:",
            parts="board",
        ),
        PageSpec("dashboards/recommendations.py", "Recommendations", ":material/task_alt:"),
    ],
    "Analysis": [
        PageSpec(
            "dashboards/recording.py",
            "Recording and screening",
            ":material/search:",
            parts="recording",
        ),
        PageSpec("dashboards/online.py", "Online stalking", ":material/forum:"),
        PageSpec("dashboards/hotspots.py", "Hotspots", ":material/map:"),
        PageSpec(
            "dashboards/investigation.py",
            "Investigation and outcomes",
            ":material/gavel:",
            parts="investigation",
        ),
        PageSpec("dashboards/victims.py", "Victims", ":material/support:", parts="victims"),
        PageSpec("dashboards/data_quality.py", "Data quality", ":material/fact_check:"),
    ],
    "Help": [PageSpec("dashboards/glossary.py", "Glossary", ":material/menu_book:")],
    "Cases": [
        PageSpec("dashboards/case.py", "Case", ":material/folder_open:", True, True, "case"),
        PageSpec(
            "dashboards/drill.py",
            "Cases behind a figure",
            ":material/table_rows:",
            True,
            True,
            "cases-behind",
        ),
    ],
}


def pages() -> list[PageSpec]:
    """Every page in navigation order."""
    return [page for section in SECTIONS.values() for page in section]


def sections_for(case_level: bool) -> dict[str, list[PageSpec]]:
    """The navigation a person sees: case-list pages only for case-level roles (sections left
    empty are dropped)."""
    shown = {
        section: [p for p in specs if case_level or not p.case_level]
        for section, specs in SECTIONS.items()
    }
    return {section: specs for section, specs in shown.items() if specs}


def visible() -> list[PageSpec]:
    """The pages the sidebar lists, in order (hidden ones are opened from other pages)."""
    return [page for page in pages() if not page.hidden]


def page(title: str) -> PageSpec:
    return next(p for p in pages() if p.title == title)
