"""OCR benchmark: seconds per scanned page, beside the text layer's pages per second.

    python bench/ocr.py [--pages 8] [--engine all|tesseract|rapidocr] [--json out.json]

The example papers (``docbuilders.examples``) are built as PDFs and scanned
(``docbuilders.scan``: 200 dpi, blurred, turned 1°, JPEG). For each installed OCR engine
the scanned pages of each paper are read as ingest reads them (render, deskew, recognise,
ruling, layout), after one page to load the engine. Prints the median seconds per page
and how close each paper's OCR text comes to its born-digital text (rapidfuzz ratio on
whitespace-normalised text; median and worst paper), beside the pages per second of the
PDF reader on the same papers' text layers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docbuilders import examples  # noqa: E402
from docbuilders.pdf import build_pdf  # noqa: E402
from docbuilders.scan import scan_pdf  # noqa: E402
from extractors.readers import ocr  # noqa: E402
from extractors.readers.pdf import read as read_pdf  # noqa: E402

PAPERS = ("minutes", "action_plan", "briefing_note", "scrutiny_report", "highlight_report")


def page_texts(doc) -> dict[int, str]:
    texts: dict[int, list[str]] = {}
    for page in doc.pages:
        for block in page.blocks:
            if block.is_table:
                texts.setdefault(page.number, []).extend(" ".join(r.texts) for r in block.rows)
            else:
                texts.setdefault(page.number, []).append(block.text)
    return {n: " ".join(" ".join(parts).split()) for n, parts in texts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=8, help="scanned pages to OCR per engine (whole papers)"
    )
    parser.add_argument("--engine", default="all", choices=("all", *ocr.ENGINES))
    parser.add_argument("--repeats", type=int, default=3, help="runs of the text-layer reader")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    from rapidfuzz import fuzz

    engines = [
        name for name in ocr.ENGINES if args.engine in ("all", name) and ocr.engine_available(name)
    ]
    if not engines:
        sys.exit(
            'No OCR engine installed: pip install "boardpapers[ocr]" or apt-get install '
            "tesseract-ocr."
        )
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        born, scans = [], []
        for name in PAPERS:
            born.append(build_pdf(getattr(examples, name)(), work / f"{name}.pdf"))
            scans.append(scan_pdf(born[-1], work / f"{name}_scan.pdf"))

        # the text layer: pages per second of the PDF reader on the same papers
        runs = []
        n_pages = 0
        for _ in range(args.repeats):
            clock = time.perf_counter()
            n_pages = sum(read_pdf(p, p.name, "x").n_pages or 0 for p in born)
            runs.append(time.perf_counter() - clock)
        text_rate = n_pages / statistics.median(runs)
        figures["text_layer_pages_per_s"] = round(text_rate, 2)
        truth = {p.name: page_texts(read_pdf(p, p.name, "x")) for p in born}

        for engine in engines:
            ocr.ocr_pages(scans[0], [1], "warm.pdf", "x", engine, 300)  # load the engine
            seconds: list[float] = []
            ratios = []
            for source, scan in zip(born, scans, strict=True):
                if len(seconds) >= args.pages:
                    break
                # every page of a paper together, as ingest reads a scan (running headers
                # are recognised across pages, tables run on across page breaks)
                result = ocr.ocr_pages(scan, None, scan.name, "x", engine, 300)
                seconds.extend(result.seconds.values())
                expected = " ".join(truth[source.name][n] for n in sorted(truth[source.name]))
                ratios.append(fuzz.ratio(page_texts_from(result.pages), expected) / 100)
            figures[engine] = {
                "pages": len(seconds),
                "median_s_per_page": round(statistics.median(seconds), 2),
                "max_s_per_page": round(max(seconds), 2),
                "median_similarity": round(statistics.median(ratios), 3),
                "min_similarity": round(min(ratios), 3),
            }
    print(f"text layer: {figures['text_layer_pages_per_s']:.1f} pages/s (PDF reader, median)")
    for engine in engines:
        f = figures[engine]
        assert isinstance(f, dict)
        print(
            f"OCR {engine}: {f['median_s_per_page']:.2f} s/page median "
            f"(max {f['max_s_per_page']:.2f}) over {f['pages']} pages; text similarity to the "
            f"born-digital paper {f['median_similarity']:.3f} median "
            f"(worst {f['min_similarity']:.3f})"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def page_texts_from(pages) -> str:
    class _Doc:
        def __init__(self, pages) -> None:
            self.pages = pages

    return " ".join(page_texts(_Doc(pages)).values())


if __name__ == "__main__":
    main()
