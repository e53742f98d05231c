"""Issue 16 without a cluster: partitioned output read whole; history rebuilt per organisation."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from bench.history_corpus import clone_corpus
from pipeline.history import build_history, update_history
from pipeline.ingest import IngestSettings, ingest
from pipeline.publish import (
    check_publication,
    publish,
    read_manifest,
    read_published,
    sort_table,
)
from pipeline.query import run_query
from pipeline.schema import TABLES
from pipeline.workers import WorkerSettings

STAMPS = ("ingested_at", "occurred_at")
PARTITION_KEYS = ["organisation_key", "year"]


def comparable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame[[c for c in columns if c not in STAMPS]]
    return frame.sort_values(list(frame.columns[:3])).reset_index(drop=True).astype(str)


@pytest.fixture(scope="module")
def published_examples(example_raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("flat")
    ingest(example_raw_dir, out, IngestSettings(workers=WorkerSettings(workers=2)))
    return out


@pytest.fixture(scope="module")
def example_raw_dir():
    from pathlib import Path

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    if not any(raw.glob("*.pdf")):
        pytest.skip("the example papers in data/raw are not there (make examples)")
    return raw


def test_partitioned_tables_read_whole_with_pandas_duckdb_and_polars(
    published_examples, example_raw_dir, tmp_path
):
    polars = pytest.importorskip("polars", reason="polars is not installed")
    tables = {name: read_published(published_examples, name) for name in TABLES}
    out = tmp_path / "partitioned"
    manifest = read_manifest(published_examples)
    publish(out, tables, manifest, partition_by=("organisation", "year"))
    assert check_publication(out) is None
    assert (out / "milestones" / "organisation_key=eastmoor-borough-council" / "year=2025").is_dir()
    readers = {
        "pandas": lambda folder: pd.read_parquet(folder),
        "duckdb": lambda folder: duckdb.sql(
            f"select * from read_parquet('{folder}/**/*.parquet', hive_partitioning=true)"
        ).df(),
        "polars": lambda folder: polars.read_parquet(folder, hive_partitioning=True).to_pandas(),
    }
    for name in TABLES:
        columns = list(pd.read_parquet(published_examples / name).columns)
        for reader, read in readers.items():
            flat, whole = read(published_examples / name), read(out / name)
            assert list(whole.columns) == columns + PARTITION_KEYS, (name, reader)
            pd.testing.assert_frame_equal(
                comparable(whole, columns), comparable(flat, columns), obj=f"{name} ({reader})"
            )
        assert sort_table(name, read_published(out, name)).equals(tables[name]), name
    _, rows = run_query(out, "select count(*) from milestones where year = 2025")
    assert rows == [(len(tables["milestones"]),)]

    # The nightly job carries a partitioned publication over, and a damaged one is noticed.
    summary = ingest(
        example_raw_dir,
        out,
        IngestSettings(workers=WorkerSettings(workers=0), partition_by=("organisation", "year")),
    )
    assert summary.unchanged == summary.seen and not summary.state_reset
    for name in TABLES:
        assert read_published(out, name).num_rows == tables[name].num_rows, name
    part = next((out / ".boardpapers" / "current" / "statements").rglob("*.parquet"))
    part.parent.chmod(0o755)
    part.unlink()
    assert "statements" in (check_publication(out) or "")


def _history_inputs(published, papers: int) -> tuple[pa.Table, pa.Table]:
    return clone_corpus(
        read_published(published, "documents"), read_published(published, "milestones"), papers
    )


def test_history_is_rebuilt_only_for_the_organisation_whose_paper_changed(published_examples):
    documents, milestones = _history_inputs(published_examples, 40)
    full = build_history(documents, milestones)
    changed = documents["doc_id"][13].as_py()  # a paper of Council 001
    # Last night's publication did not have that paper yet.
    before_docs = documents.filter(pc.not_equal(documents["doc_id"], changed))
    before = build_history(
        before_docs, milestones.filter(pc.not_equal(milestones["doc_id"], changed))
    )

    updated, rebuilt = update_history(before, before_docs, documents, milestones, set())
    assert rebuilt == {"council 001"}
    assert updated.equals(full)

    # Processed again (same paper), and removed again.
    again, rebuilt = update_history(full, documents, documents, milestones, {changed})
    assert rebuilt == {"council 001"} and again.equals(full)
    gone_docs = before_docs
    gone, rebuilt = update_history(
        full,
        documents,
        gone_docs,
        milestones.filter(pc.not_equal(milestones["doc_id"], changed)),
        set(),
    )
    assert rebuilt == {"council 001"} and gone.equals(before)


def test_nightly_run_with_one_changed_paper_gives_the_full_rebuilds_history(
    published_examples, example_raw_dir, tmp_path
):
    raw = tmp_path / "raw"
    shutil.copytree(example_raw_dir, raw)
    out = tmp_path / "out"
    shutil.copytree(published_examples, out, symlinks=True)
    # Point the copied publication's manifest at the copied input folder: same files.
    (raw / "eastmoor_briefing_note_2024-10-14.pdf").unlink()
    summary = ingest(raw, out, IngestSettings(workers=WorkerSettings(workers=0)))
    assert summary.removed == 1
    history = read_published(out, "milestone_history")
    assert history.equals(
        build_history(read_published(out, "documents"), read_published(out, "milestones"))
    )


def test_history_scored_on_several_threads_is_the_same_table(published_examples):
    documents = read_published(published_examples, "documents")
    milestones = read_published(published_examples, "milestones")
    one = build_history(documents, milestones)
    assert one.num_rows > 50 and pc.sum(pc.is_valid(one["previous_doc_date"])).as_py() > 0
    assert build_history(documents, milestones, workers=2).equals(one)
