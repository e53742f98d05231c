"""One measurement in a fresh process, printed as JSON (run by bench/run.py).

python bench/measure.py baseline CORPUS
python bench/measure.py ingest CORPUS OUT WORKERS
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


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


def ingest(corpus: Path, out: Path, workers: int) -> dict[str, object]:
    from pipeline.ingest import IngestSettings
    from pipeline.ingest import ingest as run_ingest
    from pipeline.workers import WorkerSettings

    settings = IngestSettings(workers=WorkerSettings(workers=workers))
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
    else:
        result = ingest(corpus, Path(sys.argv[3]), int(sys.argv[4]))
    # Peak of this process or of any worker it started, whichever is larger (Linux: KiB).
    peaks = (
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    result["max_rss_mb"] = max(peaks) / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
