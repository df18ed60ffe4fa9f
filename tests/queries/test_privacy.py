"""Small numbers: counts 1 to 4 suppressed for aggregate-only roles, and what follows from them."""

from __future__ import annotations

import pandas as pd

from queries import privacy


def test_counts_from_1_to_4_are_suppressed_0_and_5_are_not():
    frame = pd.DataFrame({"area": ["a", "b", "c", "d", "e"], "cases": [0, 1, 4, 5, 12]})
    masked = privacy.mask(frame)
    assert masked["cases__lt5"].tolist() == [False, True, True, False, False]
    shown = privacy.render(masked)
    assert shown["cases"].tolist() == ["0", "<5", "<5", "5", "12"]
    assert list(shown.columns) == ["area", "cases"]


def test_a_percentage_goes_with_its_numerator_or_denominator():
    """3 of 40 (numerator small), 2 of 4 (both small), 10 of 200 (shown)."""
    frame = pd.DataFrame(
        {"numerator": [3, 2, 10], "denominator": [40, 4, 200], "value": [7.5, 50.0, 5.0]}
    )
    shown = privacy.render(privacy.mask(frame))
    assert shown["value"].tolist() == ["<5", "<5", "5"]
    assert shown["numerator"].tolist() == ["<5", "<5", "10"]
    assert shown["denominator"].tolist() == ["40", "<5", "200"]


def test_rates_and_changes_follow_their_counts():
    frame = pd.DataFrame(
        {"cases": [3, 50], "previous_cases": [10, 2], "change": [-7, 48], "per_1000": [0.03, 0.5]}
    )
    shown = privacy.render(privacy.mask(frame))
    assert shown["per_1000"].tolist() == ["<5", "0.50"]
    assert shown["change"].tolist() == ["<5", "<5"]  # each side reveals the other


def test_foi_answers_every_year_column_is_a_count_and_a_total_goes_with_its_parts():
    """q1: 3 in 2024/25 (suppressed) so its total 3 is too; q2: 2025/26 has 2 (suppressed),
    so the total 42 is suppressed, or 42 - 40 would give the 2 away; q3 is shown whole."""
    foi = pd.DataFrame(
        {
            "question": ["q1", "q2", "q3"],
            "2024/25": [3, 40, 0],
            "2025/26": [0, 2, 7],
            "Jun 2024 to May 2025": [3, 42, 7],
        }
    )
    shown = privacy.render(privacy.mask(foi, "foi_answers"))
    assert shown.values.tolist() == [
        ["q1", "<5", "0", "<5"],
        ["q2", "40", "<5", "<5"],
        ["q3", "0", "7", "7"],
    ]


def test_a_suppressed_percentage_loses_its_rag_and_unsuppressed_counts_keep_their_type():
    """2 of 2 on a 100 % target would show green, which says the numerator is the
    denominator: the RAG goes with the value. 30 of 40 keeps its amber."""
    frame = pd.DataFrame(
        {
            "numerator": [2, 30],
            "denominator": [2, 40],
            "value": [100.0, 75.0],
            "rag": ["green", "amber"],
            "cases": [12, 20],
        }
    )
    masked = privacy.mask(frame)
    assert masked["rag"].tolist() == [None, "amber"]
    assert masked["cases"].dtype == "int64"


def test_tuples_and_small_numbers_in_them():
    cells = pd.DataFrame({"cell": ["x"], "cases": [9]})
    masked = privacy.mask((cells, 3, 12))
    assert masked[1:] == ("<5", 12)
    assert privacy.count_text(masked[1]) == "<5" and privacy.count_text(12) == "12"
