"""Receipts: every document says what was read, what became records and what was left.

A real ingest over real PDF and DOCX papers built here: a milestone table with one
status word no vocabulary knows, a budget table that matches no record layout, and a
letter with nothing to extract. The receipts table, the summary sentence and the
exception report must all say so; nothing is silent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from docbuilders.spec import Heading, Paper, Paragraph, Table
from pipeline.ingest import ingest
from pipeline.report import render_report

TRACKER = Paper(
    title="Improvement plan tracker",
    blocks=[
        Heading("Improvement plan tracker"),
        Paragraph("Improvement Board – 3 March 2025"),
        Table(
            rows=[
                ["Ref", "Milestone", "Status", "Comment"],
                ["1.1", "Recruit two team managers by April 2025.", "Achieved", "Both started."],
                ["1.2", "Publish the audit framework by May 2025.", "Parked pending review", ""],
            ]
        ),
    ],
)
BUDGET = Paper(
    title="Budget monitoring",
    blocks=[
        Heading("Revenue budget monitoring"),
        Paragraph("The forecast is shown below."),
        Table(
            rows=[
                ["Directorate", "Budget £m", "Forecast £m", "Variance £m"],
                ["Children's Services", "64.2", "67.9", "3.7"],
                ["Adult Social Care", "88.1", "89.0", "0.9"],
            ]
        ),
    ],
)
LETTER = Paper(
    title="Letter",
    blocks=[Paragraph("Dear Leader,"), Paragraph("Thank you for your letter of 3 February.")],
)


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
    build_pdf: Callable[[Paper, Path], Path],
    build_docx: Callable[[Paper, Path], Path],
) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("receipts")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    build_pdf(TRACKER, raw / "tracker.pdf")
    build_docx(BUDGET, raw / "budget.docx")
    build_pdf(LETTER, raw / "letter.pdf")
    summary = ingest(raw, out)
    return out, summary


def _receipts(out: Path) -> dict[str, dict[str, object]]:
    receipts = pd.read_parquet(out / "receipts")
    documents = pd.read_parquet(out / "documents")[["doc_id", "source_path"]]
    merged = receipts.merge(documents, on="doc_id")
    return {row["source_path"]: row for row in merged.to_dict("records")}


def test_every_document_has_one_receipt(published):
    out, _ = published
    receipts = pd.read_parquet(out / "receipts")
    documents = pd.read_parquet(out / "documents")
    assert sorted(receipts.doc_id) == sorted(documents.doc_id)


def test_receipt_counts_the_records_and_the_table_that_gave_them(published):
    out, _ = published
    tracker = _receipts(out)["tracker.pdf"]
    milestones = pd.read_parquet(out / "milestones")
    assert tracker["records"] == tracker["n_milestones"] == 2
    assert len(milestones[milestones.doc_id == tracker["doc_id"]]) == 2
    assert (tracker["tables_seen"], tracker["tables_used"]) == (1, 1)
    assert json.loads(tracker["unused_tables"]) == []
    assert tracker["pages_read"] == 1


def test_a_status_word_that_maps_to_nothing_is_listed_not_guessed(published):
    out, _ = published
    tracker = _receipts(out)["tracker.pdf"]
    milestones = pd.read_parquet(out / "milestones").set_index("ref")
    assert milestones.loc["1.2", "status"] == "unknown"
    assert json.loads(tracker["unknown_statuses"]) == ["Parked pending review"]
    assert "Parked pending review" in tracker["notes"]


def test_a_table_that_gave_nothing_is_listed_with_its_header(published):
    out, _ = published
    budget = _receipts(out)["budget.docx"]
    assert budget["records"] == 0
    unused = json.loads(budget["unused_tables"])
    assert [t["header"] for t in unused] == [
        ["Directorate", "Budget £m", "Forecast £m", "Variance £m"]
    ]
    assert "No milestones" in budget["notes"]


def test_the_summary_and_the_report_name_the_papers_that_gave_nothing(published, tmp_path):
    out, summary = published
    assert summary.no_records == ["budget.docx", "letter.pdf"]
    assert "2 of 3 documents gave no records" in summary.sentence()
    markdown = render_report(out, "md", link_from=tmp_path)
    silent = markdown.split("## Papers that gave no records", 1)[1]
    assert "budget.docx" in silent and "letter.pdf" in silent
    assert "tracker.pdf" not in silent
