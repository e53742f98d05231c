"""The nightly job as a real process: killed part-way, started twice, run again and again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from filelock import FileLock

from pipeline.cli import EXIT_OK, EXIT_SOME_FILES_FAILED
from pipeline.ingest import LOCK_FILE, RUN_LOG
from pipeline.publish import STATE_DIR, read_manifest
from pipeline.schema import TABLES

PAPER = """Minutes

Children's Scrutiny Panel, {day} March 2025

The Panel heard from the Head of Safeguarding about item {n}.

Resolved:

1) to note the report on item {n}; and

2) to receive a further report on item {n} in June 2025.
"""


def write_papers(folder: Path, first: int, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        (folder / f"minutes_{n:03d}.txt").write_text(PAPER.format(n=n, day=1 + n % 28), "utf-8")


def boardpapers(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def published(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in TABLES}


def test_a_run_killed_at_any_point_leaves_the_last_publication_whole(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_papers(raw, 0, 10)
    first = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert first.wait(timeout=120) == EXIT_OK, first.stderr.read()
    before = published(out)
    assert len(before["documents"]) == 10

    write_papers(raw, 10, 60)
    # Kill the second run at several moments: while starting, parsing, and publishing.
    for delay in (0.3, 1.0, 2.0, 3.0, 4.5):
        run = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "1")
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        tables = published(out)
        n_docs = len(tables["documents"])
        # Either the old publication or the whole new one, never a mix.
        assert n_docs in (10, 70), f"killed after {delay}s: {n_docs} documents published"
        files = read_manifest(out)["files"]
        assert sorted(files) == sorted(tables["documents"]["source_path"])
        assert len(tables["statements"]) == 2 * n_docs

    final = boardpapers("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert final.wait(timeout=180) == EXIT_OK, final.stderr.read()
    after = published(out)
    assert len(after["documents"]) == 70
    assert len(after["statements"]) == 140


def test_a_second_run_started_at_once_exits_with_a_clear_message(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_papers(raw, 0, 5)
    assert boardpapers("ingest", str(raw), "--out", str(out)).wait(timeout=120) == EXIT_OK
    before = published(out)
    write_papers(raw, 5, 5)
    # This test process takes the run lock exactly as a running job holds it.
    lock = FileLock(str(out / STATE_DIR / LOCK_FILE))
    with lock:
        second = boardpapers("ingest", str(raw), "--out", str(out))
        assert second.wait(timeout=120) == 1
        assert "Another boardpapers run is publishing" in second.stderr.read()
        pd.testing.assert_frame_equal(published(out)["documents"], before["documents"])
        waiting = boardpapers("ingest", str(raw), "--out", str(out), "--wait", "60")
        time.sleep(1.0)
        assert waiting.poll() is None, "a run with --wait must wait for the lock"
    assert waiting.wait(timeout=120) == EXIT_OK
    assert len(published(out)["documents"]) == 10


def test_exit_status_and_run_log_tell_the_night_what_happened(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_papers(raw, 0, 3)
    ok = boardpapers("ingest", str(raw), "--out", str(out))
    assert ok.wait(timeout=120) == EXIT_OK
    assert "3 files seen: 3 new" in ok.stdout.read()

    (raw / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    partial = boardpapers("ingest", str(raw), "--out", str(out))
    assert partial.wait(timeout=120) == EXIT_SOME_FILES_FAILED
    summary = partial.stdout.read()
    assert "4 files seen: 1 new, 0 changed, 3 unchanged" in summary
    assert "see" in partial.stderr.read()

    log = [json.loads(line) for line in (out / RUN_LOG).read_text().splitlines()]
    assert [entry["outcome"] for entry in log] == ["ok", "partial"]
    assert log[1]["failed"] == 1 and log[1]["unchanged"] == 3


def test_input_folder_that_is_not_there_fails_the_run_not_the_publication(tmp_path):
    out = tmp_path / "out"
    run = boardpapers("ingest", str(tmp_path / "missing"), "--out", str(out), env={**os.environ})
    assert run.wait(timeout=60) == 1
    assert "does not exist" in run.stderr.read()
