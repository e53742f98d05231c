"""The words a PDF engine reads that pdfplumber, the reference, reads otherwise.

    python bench/engine_words.py [FOLDER] [--engine pdfium] [--cache FILE] [-v]

For every page of every PDF in FOLDER (default: the Kent papers), the words as the
layout layer gets them (``pdf._page_to_words``), in reading order, compared by text
with pdfplumber's: *joined* words are one engine word where pdfplumber has several
(the same characters), *split* words the reverse, *other* any other difference. Prints
each difference and the counts (pages and words). pdfplumber's words can be cached
(``--cache``), it is the slow side.
"""

from __future__ import annotations

import argparse
import difflib
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber

from extractors.readers import pdf as pdf_reader
from extractors.readers import pdf_pdfium, pdf_playa

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "real-papers" / "kent"
Page = list[str]


def page_words(path: Path, engine: str) -> list[Page]:
    pages = []
    if engine == "pdfplumber":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages.append(_texts(pdf_reader._page_to_words(page)))
                page.close()
        return pages
    module = pdf_pdfium if engine == "pdfium" else pdf_playa
    with module.EngineDocument(path) as doc:
        for page in doc.pages:
            pages.append(_texts(pdf_reader._page_to_words(page)))  # type: ignore[arg-type]
    return pages


def _texts(words: list[pdf_reader._Word]) -> Page:
    return [w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0))]


def differences(reference: Page, fast: Page) -> list[tuple[str, list[str], list[str]]]:
    """``(kind, reference words, engine words)`` for each run of differing words."""
    out = []
    matcher = difflib.SequenceMatcher(None, reference, fast, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        ref, got = reference[i1:i2], fast[j1:j2]
        if "".join(ref) == "".join(got) and len(ref) > len(got):
            kind = "joined"
        elif "".join(ref) == "".join(got) and len(ref) < len(got):
            kind = "split"
        else:
            kind = "other"
        out.append((kind, ref, got))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER)
    parser.add_argument("--engine", default="pdfium", choices=["pdfium", "playa"])
    parser.add_argument("--cache", type=Path, help="pdfplumber's words, read or written")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each difference")
    args = parser.parse_args()
    paths = sorted(args.folder.glob("*.pdf"))
    cached: dict[str, list[Page]] = {}
    if args.cache and args.cache.exists():
        cached = pickle.loads(args.cache.read_bytes())
    counts = {"joined": [0, 0], "split": [0, 0], "other": [0, 0]}
    n_pages = 0
    for path in paths:
        if path.name not in cached:
            cached[path.name] = page_words(path, "pdfplumber")
        reference = cached[path.name]
        fast = page_words(path, args.engine)
        for number, (ref_page, fast_page) in enumerate(zip(reference, fast, strict=True), 1):
            n_pages += 1
            kinds = set()
            for kind, ref, got in differences(ref_page, fast_page):
                kinds.add(kind)
                counts[kind][1] += 1
                if args.verbose:
                    print(f"{kind:6} {path.name[:40]:40} p{number:<3} {ref} → {got}")
            for kind in kinds:
                counts[kind][0] += 1
    if args.cache:
        args.cache.write_bytes(pickle.dumps(cached))
    print(
        f"{len(paths)} files, {n_pages} pages: "
        + ", ".join(f"{k} {p} pages / {w} runs" for k, (p, w) in counts.items())
    )


if __name__ == "__main__":
    main()
