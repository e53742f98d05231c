"""Benchmark: the full pipeline against pdfplumber's own text extraction, same run, same corpus.

    python bench/run.py [--docs 100] [--copies 3] [--repeats 3] [--pdf-engine playa]
    python bench/run.py --corpus ../shared/real-papers/kent
    python bench/run.py --corpus ../shared/real-papers/kent --compare-workers 2

Prints medians over ``--repeats`` runs: pages per second of ``boardpapers ingest``, of
pdfplumber's ``extract_text()`` (the yardstick) and of pypdfium2's plain text (the
practical ceiling for reading a page), the speed ratios, peak RSS, seconds per stage,
and the ratio of an unchanged re-run to the first run (the nightly job's incremental
path); with ``--compare-workers N``, also the ingest with N workers and its speed-up over
``--workers`` (wall clock: more workers buy wall time, not CPU time). Every measurement
runs in a fresh process so peak memory and warm caches do not leak between them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import make_corpus  # noqa: E402


def measure(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100, help="documents in the corpus")
    parser.add_argument("--copies", type=int, default=3, help="body repeats per document (length)")
    parser.add_argument(
        "--corpus", type=Path, help="a folder of PDFs to measure instead of the generated corpus"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement")
    parser.add_argument(
        "--workers", type=int, default=1, help="ingest worker processes (1: same cores as baseline)"
    )
    parser.add_argument(
        "--compare-workers",
        type=int,
        default=0,
        help="also ingest with this many workers; print the speed-up over --workers",
    )
    parser.add_argument("--pdf-engine", help="the ingest's PDF engine (default: the default)")
    parser.add_argument(
        "--no-ocr", action="store_true", help="ingest without OCR (the reader alone is measured)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    corpus = args.corpus.resolve() if args.corpus else make_corpus(args.docs, args.copies)
    n_docs = len(list(corpus.glob("*.pdf")))
    engine = [args.pdf_engine or "default", "no-ocr" if args.no_ocr else "ocr"]
    base_runs, pdfium_runs, first_runs, rerun_runs, more_runs = [], [], [], [], []
    for i in range(args.repeats):
        base_runs.append(measure("baseline", str(corpus)))
        pdfium_runs.append(measure("pdfium", str(corpus)))
        out = Path(tempfile.mkdtemp(prefix="bp-bench-"))
        try:
            first_runs.append(measure("ingest", str(corpus), str(out), str(args.workers), *engine))
            rerun_runs.append(measure("ingest", str(corpus), str(out), str(args.workers), *engine))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if args.compare_workers:
            out = Path(tempfile.mkdtemp(prefix="bp-bench-"))
            try:
                workers = str(args.compare_workers)
                more_runs.append(measure("ingest", str(corpus), str(out), workers, *engine))
            finally:
                shutil.rmtree(out, ignore_errors=True)
        print(
            f"run {i + 1}/{args.repeats}: baseline {base_runs[-1]['seconds']:.1f}s, "
            f"pdfium {pdfium_runs[-1]['seconds']:.1f}s, "
            f"ingest {first_runs[-1]['seconds']:.1f}s, re-run {rerun_runs[-1]['seconds']:.2f}s",
            file=sys.stderr,
        )

    pages = base_runs[0]["pages"]
    base_s = median([r["seconds"] for r in base_runs])
    pdfium_s = median([r["seconds"] for r in pdfium_runs])
    first_s = median([r["seconds"] for r in first_runs])
    rerun_s = median([r["seconds"] for r in rerun_runs])
    stages = sorted({s for r in first_runs for s in r["stage_s"]})
    stage_s = {s: median([r["stage_s"].get(s, 0.0) for r in first_runs]) for s in stages}
    cpu = {
        name: median([r["cpu_s"] for r in runs])
        for name, runs in (("baseline", base_runs), ("pdfium", pdfium_runs), ("ingest", first_runs))
    }
    figures = {
        "corpus": str(corpus),
        "documents": n_docs,
        "pages": pages,
        "repeats": args.repeats,
        "workers": args.workers,
        "pdf_engine": args.pdf_engine or "default",
        "ocr": not args.no_ocr,
        "baseline_s": base_s,
        "baseline_pages_per_s": pages / base_s,
        "baseline_max_rss_mb": median([r["max_rss_mb"] for r in base_runs]),
        "pdfium_s": pdfium_s,
        "pdfium_pages_per_s": pages / pdfium_s,
        "ingest_s": first_s,
        "ingest_pages_per_s": pages / first_s,
        "ingest_max_rss_mb": median([r["max_rss_mb"] for r in first_runs]),
        "ingest_driver_rss_mb": median([r["driver_rss_mb"] for r in first_runs]),
        "ingest_worker_rss_mb": median([r["worker_rss_mb"] for r in first_runs]),
        "speed_ingest_over_baseline": base_s / first_s,
        "speed_pdfium_over_baseline": base_s / pdfium_s,
        "ratio_ingest_to_baseline": first_s / base_s,
        "cpu_s": cpu,
        "cpu_speed_ingest_over_baseline": cpu["baseline"] / cpu["ingest"],
        "stage_s": stage_s,
        "rules_share_of_ingest": stage_s.get("rules", 0.0) / first_s,
        "rerun_s": rerun_s,
        "ratio_rerun_to_first": rerun_s / first_s,
        "rows": first_runs[0]["rows"],
        "failed": first_runs[0]["failed"],
    }
    print(f"code measured: {first_runs[0].get('code', '?')}")
    print(
        f"corpus: {n_docs} PDFs, {pages} pages; medians of {args.repeats} runs; ingest with "
        f"{args.workers} worker(s), PDF engine {figures['pdf_engine']}, OCR "
        f"{'on' if figures['ocr'] else 'off'}; stage seconds are summed over workers"
    )
    print(
        f"  baseline pdfplumber extract_text: {base_s:8.1f} s  {pages / base_s:7.1f} pages/s  "
        f"peak RSS {figures['baseline_max_rss_mb']:.0f} MB"
    )
    print(
        f"  ceiling pypdfium2 plain text:     {pdfium_s:8.1f} s  {pages / pdfium_s:7.1f} pages/s  "
        f"({base_s / pdfium_s:.1f}x baseline)"
    )
    print(
        f"  boardpapers ingest (first run):   {first_s:8.1f} s  {pages / first_s:7.1f} pages/s  "
        f"peak RSS {figures['ingest_max_rss_mb']:.0f} MB (worker "
        f"{figures['ingest_worker_rss_mb']:.0f}, driver {figures['ingest_driver_rss_mb']:.0f})"
    )
    print(f"  speed ingest / baseline:          {base_s / first_s:8.2f}x (wall clock)")
    print(
        f"  in CPU seconds: baseline {cpu['baseline']:.1f}, pdfium {cpu['pdfium']:.1f}, ingest "
        f"{cpu['ingest']:.1f}: ingest {cpu['baseline'] / cpu['ingest']:.2f}x baseline"
    )
    for stage, seconds in stage_s.items():
        print(f"    stage {stage:<8} {seconds:8.2f} s  ({seconds / first_s:5.1%} of ingest)")
    print(
        f"  unchanged re-run:                 {rerun_s:8.2f} s  "
        f"({rerun_s / first_s:.1%} of first run)"
    )
    if more_runs:
        more_s = median([r["seconds"] for r in more_runs])
        more_cpu = median([r["cpu_s"] for r in more_runs])
        figures.update(
            compare_workers=args.compare_workers,
            compare_ingest_s=more_s,
            compare_pages_per_s=pages / more_s,
            compare_cpu_s=more_cpu,
            compare_max_rss_mb=median([r["max_rss_mb"] for r in more_runs]),
            speed_compare_over_workers=first_s / more_s,
        )
        print(
            f"  ingest with {args.compare_workers} workers:        {more_s:8.1f} s  "
            f"{pages / more_s:7.1f} pages/s  {first_s / more_s:.2f}x {args.workers} worker(s) "
            f"(wall clock; CPU {more_cpu:.1f} s; peak RSS "
            f"{figures['compare_max_rss_mb']:.0f} MB)"
        )
    print(f"  rows: {figures['rows']}; failed files: {figures['failed']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
