"""The bundled example papers in data/raw, through the whole pipeline: what the README promises."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from docbuilders.examples import ALL_EXAMPLES, DOCX_EXAMPLES, expected_kind
from pipeline.ingest import ingest
from pipeline.schema import (
    DOC_KINDS,
    MILESTONE_STATUSES,
    RAG_COLOURS,
    STATEMENT_SECTIONS,
    TABLES,
)
from rules.config import SEVERITIES
from rules.loader import rule_ids

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("out")
    summary = ingest(RAW, out)
    assert summary.failed == 0
    return {name: pd.read_parquet(out / name) for name in TABLES}


def test_every_example_is_bundled_in_each_format():
    expected = {f"{stem}.pdf" for stem in ALL_EXAMPLES} | {f"{s}.docx" for s in DOCX_EXAMPLES}
    assert {p.name for p in RAW.iterdir()} == expected


def test_every_kind_has_an_example():
    assert {expected_kind(stem) for stem in ALL_EXAMPLES} == set(DOC_KINDS) - {"other"}


def test_each_example_is_detected_as_its_kind(published):
    docs = published["documents"]
    kinds = {Path(p).stem: k for p, k in zip(docs["source_path"], docs["doc_kind"], strict=True)}
    assert kinds == {Path(p).stem: expected_kind(Path(p).stem) for p in docs["source_path"]}
    assert docs[["organisation", "body", "doc_date", "title"]].notna().all().all()


def test_each_kind_gives_its_records(published):
    docs = published["documents"].set_index("doc_id")
    per_kind = lambda table: set(docs.loc[published[table]["doc_id"], "doc_kind"])  # noqa: E731
    assert per_kind("milestones") >= {"scrutiny_report"}
    assert per_kind("rag_ratings") == {"highlight_report"}
    assert per_kind("statements") >= set(DOC_KINDS) - {"other", "scrutiny_report"}


def test_values_stay_in_the_contract_vocabularies(published):
    milestones, statements = published["milestones"], published["statements"]
    assert set(milestones["status"]) <= set(MILESTONE_STATUSES)
    assert set(milestones["rag"].dropna()) <= set(RAG_COLOURS)
    assert set(published["rag_ratings"]["rating"]) <= set(RAG_COLOURS)
    assert set(statements["section"]) <= set(STATEMENT_SECTIONS)
    for table in ("milestones", "statements"):
        assert published[table]["record_id"].is_unique, table
        assert not (published[table]["text"].str.strip() == "").any(), table


def test_flags_point_exactly_into_their_records(published):
    flags = published["flags"]
    assert set(flags["rule"]) <= set(rule_ids())
    assert set(flags["severity"]) <= set(SEVERITIES)
    texts = pd.concat([published["milestones"], published["statements"]]).set_index("record_id")[
        "text"
    ]
    for flag in flags.itertuples():
        assert texts[flag.record_id][flag.start : flag.end] == flag.matched_text


def test_pdf_and_docx_of_the_same_paper_give_the_same_milestones(published):
    docs = published["documents"]
    milestones = published["milestones"].merge(docs[["doc_id", "source_path"]], on="doc_id")
    for stem in DOCX_EXAMPLES:
        pdf = milestones[milestones["source_path"] == f"{stem}.pdf"]
        docx = milestones[milestones["source_path"] == f"{stem}.docx"]
        columns = ["ref", "goal", "text", "status", "rag", "comment"]
        pd.testing.assert_frame_equal(
            pdf[columns].reset_index(drop=True), docx[columns].reset_index(drop=True), obj=stem
        )
