"""An inspectorate's report in the general form such reports take (a published date
rather than a meeting's, graded judgments, recommendations and areas for improvement);
the inspectorate and the force are invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractors.metadata import extract_metadata, published_date, signed_date
from extractors.readers.text import read
from pipeline.extract import extract_rows

REPORT = (
    "# PEEL 2023–2025: An inspection of Northshire Constabulary\n\n"
    "Published: 14 March 2024\n\n"
    "## Causes of concern and recommendations\n\n"
    "**Recommendation 1:** By 30 September 2024, the force should make sure that it answers "
    "90 percent of emergency calls within 10 seconds.\n\n"
    "## Areas for improvement\n\n"
    "- The force should make sure it records equality data.\n"
    "- The force should improve how it identifies repeat victims.\n\n"
    "## Main findings\n\n"
    "The force has improved its call handling since 2021; its last inspection was on\n"
    "12 May 2021.\n"
)


def test_a_report_dated_by_its_publication(tmp_path: Path) -> None:
    path = tmp_path / "peel-northshire.md"
    path.write_text(REPORT, encoding="utf-8")
    doc = read(path, path.name, "doc-1")
    assert extract_metadata(doc).doc_date == dt.date(2024, 3, 14)
    rows = extract_rows(doc)
    recommendations = [
        s["text"] for s in rows.tables["statements"] if s["section"] == "recommendation"
    ]
    assert recommendations == [
        "By 30 September 2024, the force should make sure that it answers 90 percent of "
        "emergency calls within 10 seconds.",
        "The force should make sure it records equality data.",
        "The force should improve how it identifies repeat victims.",
    ]


def test_published_and_issued_dates_near_the_start() -> None:
    assert published_date(["Report title", "Date of publication: 3 June 2025"]) == dt.date(
        2025, 6, 3
    )
    assert published_date(["Issued: 01/02/2024"]) == dt.date(2024, 2, 1)
    # a sentence that mentions publishing is not a dateline
    assert published_date(["The plan will be published in May 2025 after consultation."]) is None
    assert published_date(["Title", *["text"] * 80, "Published: 3 June 2025"]) is None


def test_a_decision_record_is_dated_by_its_signature(tmp_path: Path) -> None:
    """A commissioner's decision record: the date its signature line gives ("Signed: …
    Date: 12 March 2025"), not a date in the decision's own text."""
    path = tmp_path / "decision-2025-017.md"
    path.write_text(
        "# Decision Record\n\nOffice of the Police and Crime Commissioner for Northshire\n\n"
        "Decision number: 2025/017\n\nTitle: Violence reduction grant\n\n"
        "Decision: I approve a grant of £50,000 for the year from 1 April 2025.\n\n"
        "Signed: Police and Crime Commissioner  Date: 12 March 2025\n",
        encoding="utf-8",
    )
    doc = read(path, path.name, "doc-1")
    assert signed_date(doc.blocks) == dt.date(2025, 3, 12)
    assert extract_metadata(doc).doc_date == dt.date(2025, 3, 12)


def test_the_next_meetings_date_by_a_signature_is_not_the_papers() -> None:
    from pipeline.model import Block

    blocks = [Block("paragraph", "Signed: Chair    Next meeting date: 14 April 2025")]
    assert signed_date(blocks) is None
    blocks[0] = Block("paragraph", "Signed: Chair  Date: 12 March 2025")
    assert signed_date(blocks) == dt.date(2025, 3, 12)
