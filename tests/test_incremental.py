"""Incremental and idempotent: only what changed is done again, and workers never change rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import IngestSettings, ingest
from pipeline.schema import TABLES
from pipeline.workers import WorkerSettings
from rules.config import RulesConfig

MINUTES = """Minutes

Children's Scrutiny Panel, {day} March 2025

Resolved:

1) to hold regular reviews of item {n}; and

2) to receive some further reports on item {n} by June 2025.
"""
PLAN = (
    "Scrutiny Task Group report\n\n"
    "Goal\tMilestone\tComments and conclusions\n"
    "Safer children\t1. Managers undertake regular audits of item {n}.\tPartially achieved.\n"
    "\t2. 95% of visits to children on plans are on time by May 2025.\tAchieved.\n"
)


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for n in range(6):
        (folder / f"minutes_{n}.txt").write_text(MINUTES.format(n=n, day=n + 1), "utf-8")
        (folder / f"plan_{n}.txt").write_text(PLAN.format(n=n), "utf-8")
    return folder


def tables_of(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        frame = pd.read_parquet(out / name)
        frames[name] = frame.drop(columns=[c for c in ("ingested_at", "occurred_at") if c in frame])
    return frames


def test_workers_do_not_change_a_single_row(raw, tmp_path):
    outs = {}
    for workers in (0, 1, 2):
        out = tmp_path / f"out{workers}"
        ingest(raw, out, IngestSettings(workers=WorkerSettings(workers=workers)))
        outs[workers] = tables_of(out)
    assert len(outs[1]["milestones"]) == 12
    for workers in (0, 2):
        for name in TABLES:
            pd.testing.assert_frame_equal(outs[1][name], outs[workers][name], obj=name)


def test_a_new_extractor_version_processes_every_file_again(raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    settings = IngestSettings(workers=WorkerSettings(workers=0))
    ingest(raw, out, settings)
    before = tables_of(out)
    monkeypatch.setattr("pipeline.ingest.EXTRACTOR_VERSION", "99.0")
    monkeypatch.setattr("pipeline.process.EXTRACTOR_VERSION", "99.0")
    summary = ingest(raw, out, settings)
    assert (summary.reprocessed, summary.unchanged) == (12, 0)
    after = tables_of(out)
    assert set(after["documents"]["extractor_version"]) == {"99.0"}
    pd.testing.assert_frame_equal(before["milestones"], after["milestones"])


def test_changed_rules_redo_the_flags_without_parsing_again(raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, out, IngestSettings(workers=WorkerSettings(workers=0)))
    assert "vague-frequency" in set(tables_of(out)["flags"]["rule"])

    quieter = RulesConfig(disabled=frozenset({"vague-frequency"}))
    summary = ingest(raw, out, IngestSettings(rules=quieter, workers=WorkerSettings(workers=0)))
    assert summary.unchanged == 12
    assert "parse" not in summary.stage_s  # nothing was read again
    flags = tables_of(out)["flags"]
    assert "vague-frequency" not in set(flags["rule"])
    assert "vague-quantifier" in set(flags["rule"])


def test_an_unchanged_rerun_does_no_work(raw, tmp_path):
    out = tmp_path / "out"
    ingest(raw, out)
    summary = ingest(raw, out)
    assert (summary.unchanged, summary.new, summary.changed, summary.reprocessed) == (12, 0, 0, 0)
    assert set(summary.stage_s) == {"publish"}
