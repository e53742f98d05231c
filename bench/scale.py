"""Benchmark for issue 16: the cluster path against the local pool, and history per change.

    python bench/scale.py [--docs 24] [--copies 2] [--repeats 3] [--json FILE]

1. Pages/s of ``ingest`` on the benchmark corpus with the local pool at 1 and 2
   workers, and on a ``distributed.LocalCluster`` at 1 and 2 workers, in the same run.
   The cluster is started before the clock starts (in production it is a long-lived
   service); its start-up and its first run (workers import the parsers) are printed
   separately. Medians of ``--repeats`` runs. Peak RSS of one worker is measured.
2. ``milestone_history`` after one paper changed, at 10/40/160 papers (organisations
   of 10 papers, cloned from the example papers' rows): the full rebuild the job did
   before, and the per-organisation update it does now.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import make_corpus  # noqa: E402


def _pages(corpus: Path) -> int:
    import pypdfium2

    pages = 0
    for path in sorted(corpus.glob("*.pdf")):
        pdf = pypdfium2.PdfDocument(path)
        pages += len(pdf)
        pdf.close()
    return pages


def _timed_ingest(corpus: Path, workers, scheduler: str | None = None) -> float:
    from pipeline.ingest import IngestSettings, ingest

    out = Path(tempfile.mkdtemp(prefix="bp-scale-"))
    try:
        started = time.perf_counter()
        summary = ingest(corpus, out, IngestSettings(workers=workers))
        assert summary.failed == 0, summary.sentence()
        return time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)


def executors(corpus: Path, repeats: int = 3) -> dict[str, float]:
    """Pages/s per executor at 1 and 2 workers, medians of ``repeats`` runs.

    Local and cluster runs alternate so that load from elsewhere on a shared machine
    falls on both alike. The cluster is started before the clock (in production it is a
    long-lived service); its first run, in which each worker imports the parsers and
    starts its guarded pool, is reported apart as ``cold``; the overhead compares the
    later runs, the steady state of a nightly job on a long-lived cluster.
    """
    import dask
    import distributed

    from pipeline.workers import WorkerSettings

    pages = _pages(corpus)
    figures: dict[str, float] = {"pages": pages}
    _timed_ingest(corpus, WorkerSettings(workers=1))  # this process imports the parsers once
    for n in (1, 2):
        local_s, cluster_s = [], []
        started = time.perf_counter()
        with (
            dask.config.set({"distributed.worker.daemon": False}),
            distributed.LocalCluster(  # workers as the README starts them
                n_workers=n,
                threads_per_worker=1,
                dashboard_address=None,
                preload=["pipeline.cluster"],
            ) as cluster,
        ):
            figures[f"cluster_{n}_start_s"] = time.perf_counter() - started
            settings = WorkerSettings(
                workers=n, executor="dask", scheduler=cluster.scheduler_address
            )
            figures[f"cluster_{n}_cold_pages_per_s"] = pages / _timed_ingest(corpus, settings)
            for _ in range(repeats):
                local_s.append(_timed_ingest(corpus, WorkerSettings(workers=n)))
                cluster_s.append(_timed_ingest(corpus, settings))
            with distributed.Client(cluster) as client:
                rss = client.run(_peak_rss_mb)
            figures[f"cluster_{n}_worker_peak_rss_mb"] = max(rss.values())
        figures[f"local_{n}_pages_per_s"] = pages / statistics.median(local_s)
        figures[f"cluster_{n}_pages_per_s"] = pages / statistics.median(cluster_s)
        figures[f"overhead_{n}"] = (
            figures[f"local_{n}_pages_per_s"] / figures[f"cluster_{n}_pages_per_s"] - 1
        )
    return figures


def _peak_rss_mb() -> float:
    """Peak RSS of a Dask worker and of the guarded processes it started (Linux KiB)."""
    import resource

    return (
        max(
            resource.getrusage(w).ru_maxrss
            for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        / 1024
    )


def history(sizes=(10, 40, 160), repeats: int = 3) -> dict[str, dict[str, float]]:

    from bench.history_corpus import clone_corpus
    from pipeline.history import build_history, update_history
    from pipeline.ingest import IngestSettings, ingest
    from pipeline.publish import read_published
    from pipeline.workers import WorkerSettings

    out = Path(tempfile.mkdtemp(prefix="bp-history-"))
    try:
        ingest(HERE.parent / "data" / "raw", out, IngestSettings(workers=WorkerSettings(workers=2)))
        base_docs, base_ms = read_published(out, "documents"), read_published(out, "milestones")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    figures = {}
    for papers in sizes:
        documents, milestones = clone_corpus(base_docs, base_ms, papers)
        previous = build_history(documents, milestones)
        changed = documents["doc_id"][papers - 1].as_py()
        full, update = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            build_history(documents, milestones)
            full.append(time.perf_counter() - started)
            started = time.perf_counter()
            table, _ = update_history(previous, documents, documents, milestones, {changed})
            update.append(time.perf_counter() - started)
        assert table.equals(previous)
        figures[str(papers)] = {
            "milestones": milestones.num_rows,
            "full_rebuild_s": min(full),
            "one_changed_s": min(update),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs per executor (median)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = make_corpus(args.docs, args.copies)
    figures = {"executors": executors(corpus, args.repeats), "history": history()}
    ex = figures["executors"]
    print(f"corpus: {args.docs} PDFs, {ex['pages']:.0f} pages")
    for n in (1, 2):
        print(
            f"  {n} worker(s): local pool {ex[f'local_{n}_pages_per_s']:6.1f} pages/s, "
            f"LocalCluster {ex[f'cluster_{n}_pages_per_s']:6.1f} pages/s "
            f"(overhead {ex[f'overhead_{n}']:+.1%}; "
            f"first run on a fresh cluster {ex[f'cluster_{n}_cold_pages_per_s']:.1f} pages/s; "
            f"cluster start {ex[f'cluster_{n}_start_s']:.1f}s; "
            f"worker peak RSS {ex[f'cluster_{n}_worker_peak_rss_mb']:.0f} MB)"
        )
    print("milestone_history with one paper changed (organisations of 10 papers):")
    for papers, h in figures["history"].items():
        print(
            f"  {papers:>4} papers, {h['milestones']:5d} milestones: full rebuild "
            f"{h['full_rebuild_s']:.3f}s, per-organisation update {h['one_changed_s']:.3f}s"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
