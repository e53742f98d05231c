"""The extract stage's rows: records turned into dicts exactly as ``dataclasses.asdict`` would."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from extractors.evidence import add_evidence
from extractors.finders import find_all
from extractors.metadata import extract_metadata
from pipeline.extract import _as_dict
from pipeline.read import identify, read_document
from pipeline.records import Milestone
from pipeline.settings import ReadSettings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.mark.parametrize("name", sorted(p.name for p in RAW.glob("*.docx")))
def test_records_become_the_rows_asdict_gives(name: str) -> None:
    doc = read_document(RAW / name, identify(RAW / name, RAW, 200), ReadSettings())
    found = find_all(doc, extract_metadata(doc))
    add_evidence(found.milestones, found.statements)
    records = [
        *found.milestones,
        *found.statements,
        *found.indicators,
        *found.rag_ratings,
        *found.people,
    ]
    assert records
    for record in records:
        row = _as_dict(record)
        assert row == asdict(record)
        assert [type(v) for v in row.values()] == [type(v) for v in asdict(record).values()]


def test_nested_values_are_copied_not_shared() -> None:
    found = find_all(
        read_document(
            RAW / "eastmoor_scrutiny_task_group_report_2025-01.docx",
            identify(RAW / "eastmoor_scrutiny_task_group_report_2025-01.docx", RAW, 200),
            ReadSettings(),
        )
    )
    milestone: Milestone = found.milestones[0]
    milestone.evidence = []
    row = _as_dict(milestone)
    assert row["evidence"] == [] and row["evidence"] is not milestone.evidence
