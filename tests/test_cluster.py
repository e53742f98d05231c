"""Issue 16: the same ingest on a real Dask cluster (``distributed.LocalCluster``, 2 processes).

Same tables as the local pool (the bundled examples; a generated 40-paper corpus), a
worker killed mid-run (its files go to the other worker, the publication is whole), the
driver killed mid-run (the last publication stays; the next run completes).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import RunError
from pipeline.ingest import IngestSettings, ingest
from pipeline.publish import read_manifest
from pipeline.schema import TABLES
from pipeline.workers import WorkerSettings

distributed = pytest.importorskip(
    "distributed", reason='Dask distributed is not installed (pip install "boardpapers[dask]")'
)

STAMPS = ("ingested_at", "occurred_at")
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "raw"
CORPUS_PAPERS = 40


def tables_of(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        frame = pd.read_parquet(out / name)
        frames[name] = frame.drop(columns=[c for c in STAMPS if c in frame])
    return frames


def assert_same_tables(out: Path, reference: Path) -> None:
    got, want = tables_of(out), tables_of(reference)
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)


@pytest.fixture(scope="module")
def cluster():
    import dask

    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local_cluster,
    ):
        yield local_cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Example papers of every kind, each made unique: a small corpus built from code."""
    from bench.corpus import lengthen
    from docbuilders.examples import ALL_EXAMPLES
    from docbuilders.pdf import build_pdf

    folder = tmp_path_factory.mktemp("corpus")
    makers = sorted(ALL_EXAMPLES.items())
    for serial in range(CORPUS_PAPERS):
        stem, make = makers[serial % len(makers)]
        build_pdf(lengthen(make(), 1, serial), folder / f"{serial:04d}_{stem}.pdf")
    return folder


@pytest.fixture(scope="module")
def corpus_local(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    ingest(corpus, out, IngestSettings(workers=WorkerSettings(workers=2)))
    return out


def on_cluster(cluster) -> IngestSettings:
    return IngestSettings(
        workers=WorkerSettings(workers=2, executor="dask", scheduler=cluster.scheduler_address)
    )


def test_examples_on_a_local_cluster_give_the_local_runs_tables(tmp_path):
    if not any(EXAMPLES.glob("*.pdf")):
        pytest.skip("the example papers in data/raw are not there (make examples)")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    ingest(EXAMPLES, local, IngestSettings(workers=WorkerSettings(workers=0)))
    # The command line, with a LocalCluster of its own (no --scheduler).
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            str(EXAMPLES),
            "--out",
            str(dask_out),
            "--executor",
            "dask",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert_same_tables(dask_out, local)


def test_a_worker_killed_mid_run_hands_its_files_to_the_other(cluster, corpus, corpus_local):
    out = corpus.parent / "dask-killed-worker"
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed: list[int] = []

    def kill_after_first(done: int, total: int, source_path: str) -> None:
        if not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    summary = ingest(corpus, out, on_cluster(cluster), progress=kill_after_first)
    assert killed and summary.failed == 0 and summary.new == CORPUS_PAPERS
    assert_same_tables(out, corpus_local)
    assert tables_of(out)["errors"].empty


def test_the_driver_killed_mid_run_leaves_the_last_publication_and_the_next_run_completes(
    cluster, corpus, corpus_local, tmp_path
):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    papers = sorted(corpus.glob("*.pdf"))[:10]
    for paper in papers[:5]:
        (raw / paper.name).write_bytes(paper.read_bytes())
    ingest(raw, out, on_cluster(cluster))
    before = tables_of(out)
    for paper in papers[5:]:
        (raw / paper.name).write_bytes(paper.read_bytes())

    driver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            str(raw),
            "--out",
            str(out),
            "--executor",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert driver.stderr is not None
    deadline = time.monotonic() + 60
    for line in driver.stderr:  # progress lines: kill once files are being processed
        if "processed" in line or time.monotonic() > deadline:
            break
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=30)
    after_kill = tables_of(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(after_kill[name], before[name], obj=name)
    assert sorted(read_manifest(out)["files"]) == sorted(p.name for p in papers[:5])

    summary = ingest(raw, out, on_cluster(cluster))
    assert (summary.new, summary.unchanged, summary.failed) == (5, 5, 0)
    assert sorted(tables_of(out)["documents"]["source_path"]) == [p.name for p in papers]
    assert sorted(read_manifest(out)["files"]) == [p.name for p in papers]


def _parsers_loaded() -> bool:
    from pipeline.workers import PRELOADED_MODULES

    return all(module in sys.modules for module in PRELOADED_MODULES)


def test_workers_started_with_the_preload_have_the_parsers_loaded_before_any_file():
    import dask

    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            preload=["pipeline.cluster"],
        ) as preloaded,
        distributed.Client(preloaded) as client,
    ):
        assert list(client.run(_parsers_loaded).values()) == [True]


def test_without_distributed_the_message_says_how_to_install_it(monkeypatch, tmp_path):
    from pipeline.cluster import INSTALL_HINT, run_jobs_on_cluster

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(RunError, match="not installed") as caught:
        list(run_jobs_on_cluster([], None, None, WorkerSettings(executor="dask")))
    assert INSTALL_HINT in str(caught.value)
