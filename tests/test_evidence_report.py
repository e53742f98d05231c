"""The exception report shows, beside a slipping milestone, its evidence and its indicators.

Papers built here (HTML: fast, and its text survives exactly) go through the real
pipeline: Eastmoor's action plan in January and February (two milestones slip), its
quarterly KPI report, and Northvale's KPI report naming the same indicator in another
colour, which must never be shown beside an Eastmoor milestone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from pipeline.ingest import IngestSettings, ingest
from pipeline.report import render_report
from pipeline.workers import WorkerSettings

EASTMOOR = "Eastmoor Borough Council"
NORTHVALE = "Northvale County Council"
FILLS = {"red": "#ff0000", "amber": "#ffc000", "green": "#00b050"}
CONFERENCES = "95% of initial child protection conferences are held within 15 working days."
AUDITS = "Managers complete monthly case file audits of 20 cases per team."
BROAD = "The Safeguarding Improvement Plan is on track."
INDICATOR = "Percentage of initial child protection conferences held within 15 working days"
PLANS = {
    "2025-01": [
        ("1.1", CONFERENCES, "green", "On track. The monthly performance report shows 93%."),
        ("1.2", AUDITS, "green", "On track."),
        ("1.3", BROAD, "green", "On track."),
    ],
    "2025-02": [
        ("1.1", CONFERENCES, "red", "Off track. No evidence was provided for January."),
        (
            "1.2",
            AUDITS,
            "amber",
            "Off track. It was clarified that 14 of the 20 cases audited met the standard.",
        ),
        ("1.3", BROAD, "green", "On track."),
    ],
}


def action_plan(month: str, rows: list[tuple[str, str, str, str]]) -> Paper:
    table_rows: list[list[str | Cell]] = [["Ref", "Action", "RAG", "Progress update"]]
    for ref, action, rag, update in rows:
        table_rows.append([ref, action, Cell(rag.upper(), fill=FILLS[rag]), update])
    day = "14 January 2025" if month.endswith("01") else "14 February 2025"
    return Paper(
        title=f"Improvement Action Plan – {month}",
        blocks=[
            Paragraph(EASTMOOR, bold=True),
            Heading("Children's Services Improvement Plan: Action Plan", level=1),
            Paragraph(f"Progress at {day}."),
            Table(rows=table_rows),
        ],
    )


def kpi_report(organisation: str, rag: str, value: str) -> Paper:
    return Paper(
        title="Quarterly performance report",
        blocks=[
            Paragraph(organisation, bold=True),
            Heading("Children's Services performance report, Quarter 3 2024/25", level=1),
            Paragraph("Report to Cabinet, 20 February 2025."),
            Table(
                rows=[
                    ["Ref", "Indicator", "Target", "Q3 2024/25", "RAG"],
                    ["CS1", INDICATOR, "95%", value, Cell(rag.upper(), fill=FILLS[rag])],
                    [
                        "CS2",
                        "Average caseload per social worker",
                        "18",
                        "21",
                        Cell("RED", fill=FILLS["red"]),
                    ],
                ]
            ),
        ],
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from docbuilders.html import build_html

    root = tmp_path_factory.mktemp("evidence_report")
    raw = root / "raw"
    raw.mkdir()
    for month, rows in PLANS.items():
        build_html(action_plan(month, rows), raw / f"eastmoor_plan_{month}.html")
    build_html(kpi_report(EASTMOOR, "amber", "88%"), raw / "eastmoor_kpi_q3.html")
    build_html(kpi_report(NORTHVALE, "green", "97%"), raw / "northvale_kpi_q3.html")
    summary = ingest(raw, root / "out", IngestSettings(workers=WorkerSettings(workers=0)))
    assert summary.failed == 0 and summary.rows["milestones"] == 6, summary.sentence()
    return root


def row_of(page: str, text: str) -> Node:
    rows = [r for r in HTMLParser(page).css("tr.milestone") if text in (r.text() or "")]
    assert len(rows) == 1, f"{text!r} is listed {len(rows)} times"
    return rows[0]


def words(node: Node | None) -> str:
    assert node is not None
    return " ".join(node.text(separator=" ").split())


def test_link_table_is_published_within_the_organisation(published: Path) -> None:
    out = published / "out"
    links = pd.read_parquet(out / "milestone_indicators")
    milestones = pd.read_parquet(out / "milestones").set_index("record_id")
    indicators = pd.read_parquet(out / "indicators").set_index("record_id")
    documents = pd.read_parquet(out / "documents").set_index("doc_id")
    assert len(links) == 2  # the conference milestone in each of the two plans
    for link in links.itertuples():
        assert milestones.loc[link.milestone_record_id, "text"] == CONFERENCES
        indicator = indicators.loc[link.indicator_record_id]
        assert indicator["name"] == INDICATOR
        assert documents.loc[indicator["doc_id"], "organisation"] == EASTMOOR


def test_evidence_and_indicator_rag_beside_the_slipping_milestone(published: Path) -> None:
    page = render_report(published / "out", link_from=published / "reports")
    conferences = row_of(page, CONFERENCES)
    assert conferences.attributes.get("data-rag") == "red"
    cell = words(conferences.css_first("td.evidence"))
    assert "Evidence missing" in cell
    indicator = conferences.css_first("ul.indicators li")
    assert INDICATOR in words(indicator)
    assert "88%" in words(indicator)
    badge = indicator.css_first(".badge")
    assert badge is not None and badge.attributes.get("class") == "badge amber"  # not Northvale's
    audits = row_of(page, AUDITS)
    cell = words(audits.css_first("td.evidence"))
    assert "Evidence seen" in cell
    assert "monthly case file audits" in cell and "cases audited" in cell
    assert audits.css_first("ul.indicators") is None
    assert BROAD not in page  # green throughout: not an exception


def test_markdown_report_carries_the_same_evidence(published: Path) -> None:
    md = render_report(published / "out", fmt="md", link_from=published / "reports")
    row = next(line for line in md.splitlines() if "95% of initial" in line)
    assert "**evidence missing**" in row
    assert f"measured by {INDICATOR} **Amber** 88%" in row
    assert row.count(" | ") == 8
