"""The highlight report's RAG status grid → one rating per cell, from its word or its fill."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.rag_grid import dimension_name, period_of, rag_grid_in
from extractors.readers import reader_for
from pipeline.model import Block, Cell, Row

RED, AMBER, GREEN, BLUE, GREY = (
    (0.9, 0.1, 0.1),
    (1.0, 0.75, 0.0),
    (0.0, 0.69, 0.31),
    (0.0, 0.44, 0.75),
    (0.85, 0.85, 0.85),
)
HEADER = ["", "Timeline", "Budget", "Issues & Risks", "OVERALL STATUS", "Date of update report"]


def grid(*rows: list[str | Cell]) -> Block:
    return Block(
        "table", rows=[Row([c if isinstance(c, Cell) else Cell(c) for c in row]) for row in rows]
    )


def cells(block: Block) -> dict[tuple[str, str], str]:
    found = rag_grid_in([block])
    assert found is not None
    return {(r.period, r.dimension): r.rating for r in found.ratings}


def test_one_rating_per_cell_from_the_words():
    block = grid(
        HEADER,
        ["Current period", "AMBER", "GREEN", "AMBER", "AMBER", "07/12/11"],
        ["Previous month", "AMBER", "Red", "G", "amber", ""],
    )
    assert cells(block) == {
        ("current", "timeline"): "amber",
        ("current", "budget"): "green",
        ("current", "issues_risks"): "amber",
        ("current", "overall"): "amber",
        ("previous", "timeline"): "amber",
        ("previous", "budget"): "red",
        ("previous", "issues_risks"): "green",
        ("previous", "overall"): "amber",
    }


def test_report_date_column_is_as_of_in_uk_order_and_not_a_dimension():
    block = grid(HEADER, ["Current period", "AMBER", "GREEN", "AMBER", "AMBER", "07/12/11"])
    found = rag_grid_in([block])
    assert found is not None
    assert found.report_date == dt.date(2011, 12, 7)
    assert {r.as_of for r in found.ratings} == {dt.date(2011, 12, 7)}
    assert all("date" not in r.dimension for r in found.ratings)


def test_colour_only_cells_are_rated_by_their_fill():
    block = grid(
        HEADER,
        ["Current period", "AMBER", "GREEN", "AMBER", "AMBER", "20/11/2024"],
        [
            "Last period",
            Cell("", fill=RED),
            Cell("", fill=GREEN),
            Cell("", fill=AMBER),
            Cell("", fill=BLUE),
            "",
        ],
    )
    found = rag_grid_in([block])
    assert found is not None
    previous = {
        r.dimension: (r.rating, r.rating_raw) for r in found.ratings if r.period == "previous"
    }
    assert previous == {
        "timeline": ("red", None),
        "budget": ("green", None),
        "issues_risks": ("amber", None),
        "overall": ("blue", None),
    }


def test_the_word_wins_over_the_fill_and_a_grey_empty_cell_has_no_rating():
    block = grid(
        HEADER,
        [
            "Current period",
            Cell("RED", fill=AMBER),
            Cell("", fill=GREY),
            Cell("", fill=None),
            "GREEN",
            "",
        ],
    )
    assert cells(block) == {("current", "timeline"): "red", ("current", "overall"): "green"}


def test_other_labels_are_snake_cased():
    assert dimension_name("Scope") == "scope"
    assert dimension_name("Resources") == "resources"
    assert dimension_name("Quality & Benefits") == "quality_and_benefits"
    assert dimension_name("Issues and Risks") == "issues_risks"
    assert dimension_name("Overall") == "overall"
    assert dimension_name("OVERALL STATUS") == "overall"


def test_period_labels():
    assert period_of("Current period") == "current"
    assert period_of("This month") == "current"
    assert period_of("Previous month") == "previous"
    assert period_of("Last period") == "previous"
    assert period_of("Project start date:") is None


def test_transposed_grid_with_periods_as_columns():
    block = grid(
        ["", "Current period", "Previous month"],
        ["Timeline", "GREEN", "AMBER"],
        ["Budget", Cell("", fill=RED), "RED"],
    )
    assert cells(block) == {
        ("current", "timeline"): "green",
        ("previous", "timeline"): "amber",
        ("current", "budget"): "red",
        ("previous", "budget"): "red",
    }


def test_spanning_cells_line_up_with_the_header_columns_they_cover():
    header = Row([Cell(""), Cell("Timeline", col_span=2), Cell("Budget")])
    current = Row([Cell("Current"), Cell("G", col_span=2), Cell("R")])
    previous = Row([Cell("Previous"), Cell("A"), Cell("A"), Cell("G")])
    block = Block("table", rows=[header, current, previous])
    assert cells(block) == {
        ("current", "timeline"): "green",
        ("current", "budget"): "red",
        ("previous", "timeline"): "amber",
        ("previous", "budget"): "green",
    }
    found = rag_grid_in([block])
    assert found is not None and len(found.ratings) == 4


def test_a_table_without_period_rows_is_not_a_grid():
    block = grid(["Ref", "Action", "RAG"], ["1.1", "Publish standards", "GREEN"])
    assert rag_grid_in([block]) is None


def test_sample_grid_gives_eight_cells_dated_7_december_2011(samples_dir: Path):
    path = samples_dir / "highlight_report_rag.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not among the samples")
    doc = reader_for("txt")(path, path.name, "doc")
    found = rag_grid_in(doc.blocks)
    assert found is not None
    assert len(found.ratings) == 8
    assert found.report_date == dt.date(2011, 12, 7)
    assert {(r.period, r.dimension) for r in found.ratings} == {
        (p, d)
        for p in ("current", "previous")
        for d in ("timeline", "budget", "issues_risks", "overall")
    }
