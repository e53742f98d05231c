"""Indicators that measure a milestone: ``milestone_indicators`` within one organisation.

The papers are built in code: an action plan (milestone table) and a KPI report of one
council, and a KPI report of another council that names the same indicators. Every
intended link must be found, none may cross organisations, none may score below the
threshold, and unrelated milestones link to nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from extractors.readers import reader_for
from pipeline.extract import extract_rows
from pipeline.links import (
    LINK_MIN_SCORE,
    MILESTONE_INDICATORS,
    build_milestone_indicators,
    key_terms,
    link_rows,
)
from pipeline.schema import DOCUMENTS, INDICATORS, MILESTONES

EASTMOOR = "Eastmoor Borough Council"
NORTHVALE = "Northvale County Council"
GREEN, AMBER, RED = "#00B050", "#FFC000", "#C00000"

# Milestone → the indicator name that measures it (None: no indicator measures it).
INTENDED: dict[str, str | None] = {
    "95% of initial child protection conferences are held within 15 working days.": (
        "Percentage of initial child protection conferences held within 15 working days"
    ),
    "Caseloads are below 18 children per social worker by March 2025.": (
        "Average caseload per social worker"
    ),
    "Vacancy rates for social workers fall below 10% by March 2025.": (
        "Social worker vacancy rate"
    ),
    "Every looked after child has an up-to-date care plan.": (
        "Percentage of looked after children with an up-to-date care plan"
    ),
    "Strategy discussions are held within 1 working day of a referral.": (
        "Strategy discussions held within 1 working day"
    ),
    "The Safeguarding Improvement Plan is on track.": None,
    "Publish the revised practice standards by 31 January 2025.": None,
    "All social workers have received training on the practice standards.": None,
}
OTHER_INDICATORS = [
    ("Number of agency social workers", "42", "30", Cell("RED", RED)),
    ("Percentage of phone calls answered within 60 seconds", "91%", "90%", Cell("GREEN", GREEN)),
]


def action_plan() -> Paper:
    rows: list[list[str | Cell]] = [["Ref", "Action", "RAG", "Progress update"]]
    for number, text in enumerate(INTENDED, 1):
        rows.append([f"1.{number}", text, Cell("AMBER", AMBER), "Work continues."])
    return Paper(
        title="Improvement Action Plan",
        blocks=[
            Paragraph(EASTMOOR, bold=True),
            Heading("Children's Services Improvement Plan: Action Plan", level=1),
            Paragraph("Progress at 14 February 2025."),
            Table(rows=rows),
        ],
    )


def kpi_report(organisation: str) -> Paper:
    rows: list[list[str | Cell]] = [["Ref", "Indicator", "Target", "Q3 2024/25", "RAG"]]
    names = [name for name in INTENDED.values() if name]
    for number, name in enumerate(names, 1):
        rows.append([f"CS{number}", name, "90%", "85%", Cell("AMBER", AMBER)])
    for number, (name, value, target, rag) in enumerate(OTHER_INDICATORS, len(names) + 1):
        rows.append([f"CS{number}", name, target, value, rag])
    return Paper(
        title="Quarterly performance report",
        blocks=[
            Paragraph(organisation, bold=True),
            Heading("Children's Services performance report, Quarter 3 2024/25", level=1),
            Paragraph("Report to Cabinet, 20 February 2025."),
            Table(rows=rows),
        ],
    )


# --- on rows ----------------------------------------------------------------------------


def _rows(
    milestones: list[tuple[str, str]], indicators: list[tuple[str, str]], orgs: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    documents = [{"doc_id": doc_id, "organisation": org} for doc_id, org in orgs.items()]
    m = [{"doc_id": d, "record_id": f"m{i}", "text": t} for i, (d, t) in enumerate(milestones)]
    n = [{"doc_id": d, "record_id": f"i{i}", "name": t} for i, (d, t) in enumerate(indicators)]
    return documents, m, n


def test_intended_links_are_found_and_unrelated_milestones_link_nothing() -> None:
    names = [name for name in INTENDED.values() if name] + [o[0] for o in OTHER_INDICATORS]
    documents, milestones, indicators = _rows(
        [("plan", text) for text in INTENDED],
        [("kpi", name) for name in names],
        {"plan": EASTMOOR, "kpi": EASTMOOR},
    )
    links = link_rows(documents, milestones, indicators)
    text_of = {m["record_id"]: m["text"] for m in milestones}
    name_of = {i["record_id"]: i["name"] for i in indicators}
    found = {(text_of[r["milestone_record_id"]], name_of[r["indicator_record_id"]]) for r in links}
    intended = {(text, name) for text, name in INTENDED.items() if name}
    assert found == intended
    assert all(r["score"] >= LINK_MIN_SCORE for r in links)


def test_no_link_across_organisations_even_for_identical_wording() -> None:
    text = next(iter(INTENDED))
    documents, milestones, indicators = _rows(
        [("east-plan", text)],
        [("north-kpi", INTENDED[text] or "")],
        {"east-plan": EASTMOOR, "north-kpi": NORTHVALE},
    )
    assert link_rows(documents, milestones, indicators) == []


def test_papers_without_an_organisation_link_nothing() -> None:
    text = next(iter(INTENDED))
    documents = [{"doc_id": "a", "organisation": None}, {"doc_id": "b", "organisation": None}]
    milestones = [{"doc_id": "a", "record_id": "m", "text": text}]
    indicators = [{"doc_id": "b", "record_id": "i", "name": INTENDED[text]}]
    assert link_rows(documents, milestones, indicators) == []


def test_key_terms_drop_measure_words_numbers_and_stop_words() -> None:
    assert key_terms("% of initial child protection conferences held within 15 working days") == {
        "initial",
        "child",
        "protection",
        "conference",
        "hold",
    }
    assert key_terms("Social worker vacancy rate") == {"social", "worker", "vacancy"}


def test_empty_tables_give_an_empty_link_table_with_the_schema() -> None:
    table = build_milestone_indicators(
        DOCUMENTS.empty_table(), MILESTONES.empty_table(), INDICATORS.empty_table()
    )
    assert table.num_rows == 0 and table.schema == MILESTONE_INDICATORS


# --- on generated papers -----------------------------------------------------------------


def _extract(path: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    doc = reader_for(path.suffix.lstrip("."))(path, path.name, path.stem)
    extracted = extract_rows(doc)
    document = {"doc_id": doc.doc_id, "organisation": extracted.meta.organisation}
    return document, extracted.tables


def test_generated_papers_of_one_council_link_and_never_across(
    tmp_path: Path, build_docx: Callable[[Paper, Path], Path]
) -> None:
    papers = {
        "east_plan": action_plan(),
        "east_kpi": kpi_report(EASTMOOR),
        "north_kpi": kpi_report(NORTHVALE),
    }
    documents, milestones, indicators = [], [], []
    for name, paper in papers.items():
        document, tables = _extract(build_docx(paper, tmp_path / f"{name}.docx"))
        documents.append(document)
        milestones += tables["milestones"]
        indicators += tables["indicators"]
    assert {d["organisation"] for d in documents} == {EASTMOOR, NORTHVALE}
    assert len(milestones) == len(INTENDED)
    assert len(indicators) == 2 * (len(OTHER_INDICATORS) + sum(bool(n) for n in INTENDED.values()))

    def table(schema: pa.Schema, rows: list[dict[str, Any]]) -> pa.Table:
        return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema)

    links = build_milestone_indicators(
        table(DOCUMENTS, documents), table(MILESTONES, milestones), table(INDICATORS, indicators)
    ).to_pylist()
    organisation_of = {d["doc_id"]: d["organisation"] for d in documents}
    text_of = {m["record_id"]: m["text"] for m in milestones}
    indicator_of = {i["record_id"]: i for i in indicators}
    found = set()
    for link in links:
        indicator = indicator_of[link["indicator_record_id"]]
        assert organisation_of[indicator["doc_id"]] == EASTMOOR, "a link crossed organisations"
        assert link["organisation"] == EASTMOOR
        assert link["score"] >= LINK_MIN_SCORE
        found.add((text_of[link["milestone_record_id"]], indicator["name"]))
    assert found == {(text, name) for text, name in INTENDED.items() if name}


@pytest.mark.parametrize(
    ("milestone", "indicator"),
    [
        ("Caseloads are below 18 children per social worker.", "Social worker vacancy rate"),
        ("All social workers have received training.", "Number of agency social workers"),
        ("Strategy discussions are held within 1 working day.", "% of conferences held on time"),
    ],
)
def test_a_shared_word_or_two_is_not_a_shared_measure(milestone: str, indicator: str) -> None:
    documents, milestones, indicators = _rows(
        [("plan", milestone)], [("kpi", indicator)], {"plan": EASTMOOR, "kpi": EASTMOOR}
    )
    assert link_rows(documents, milestones, indicators) == []
