"""One measurement in a fresh process, printed as JSON (run by bench/run.py).

python bench/measure.py baseline CORPUS
python bench/measure.py pdfium CORPUS
python bench/measure.py ingest CORPUS OUT WORKERS [PDF_ENGINE|default] [no-ocr]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# This checkout's code, not whichever checkout the virtualenv has installed: a script's
# own folder (bench/) is what Python puts first on the path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def baseline(corpus: Path) -> dict[str, float]:
    """pdfplumber's own ``page.extract_text()`` over every page: the yardstick."""
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return {"seconds": time.perf_counter() - started, "pages": pages}


def pdfium(corpus: Path) -> dict[str, float]:
    """pypdfium2's plain text of every page: the practical ceiling for reading a page."""
    import pypdfium2

    pages = 0
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.pdf")):
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return {"seconds": time.perf_counter() - started, "pages": pages}


def ingest(
    corpus: Path, out: Path, workers: int, engine: str | None, ocr: bool = True
) -> dict[str, object]:
    from pipeline.ingest import IngestSettings
    from pipeline.ingest import ingest as run_ingest
    from pipeline.settings import ReadSettings
    from pipeline.workers import WorkerSettings

    read = ReadSettings(pdf_engine=engine, ocr=ocr) if engine else ReadSettings(ocr=ocr)
    settings = IngestSettings(read=read, workers=WorkerSettings(workers=workers))
    started = time.perf_counter()
    summary = run_ingest(corpus, out, settings)
    return {
        "seconds": time.perf_counter() - started,
        "stage_s": summary.stage_s,
        "files": summary.seen,
        "processed": summary.new + summary.changed,
        "failed": summary.failed,
        "rows": summary.rows,
    }


def main() -> None:
    what, corpus = sys.argv[1], Path(sys.argv[2])
    if what == "baseline":
        result = baseline(corpus)
    elif what == "pdfium":
        result = pdfium(corpus)
    else:
        engine = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] != "default" else None
        ocr = not (len(sys.argv) > 6 and sys.argv[6] == "no-ocr")
        result = ingest(corpus, Path(sys.argv[3]), int(sys.argv[4]), engine, ocr)
    # Peak of this process (the driver) and of the largest worker it started (Linux: KiB);
    # ``max_rss_mb`` is the larger of the two.
    driver, worker = (
        resource.getrusage(who).ru_maxrss / 1024
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    result["driver_rss_mb"], result["worker_rss_mb"] = driver, worker
    result["max_rss_mb"] = max(driver, worker)
    # CPU seconds of this process and its (finished) workers: steadier than wall time on a
    # shared machine, where other work stretches the wall clock of one run and not another.
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["cpu_s"] = sum(u.ru_utime + u.ru_stime for u in usage)
    if what == "ingest":
        import pipeline

        result["code"] = str(Path(pipeline.__file__).resolve().parent.parent)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
