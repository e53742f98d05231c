"""The PDF reader's tables on the ICDAR 2013 table competition, per PDF engine.

    python bench/icdar_engines.py [--suite ../shared/peer-suites/icdar2013] [ENGINE ...]

The competition's structure measure: for every non-empty cell, its nearest non-empty
neighbour to the right and below in the same table, as (content, content, direction)
relations; precision and recall over the relations of each document (contents compared
without whitespace, hyphens and case), summed over the documents. It says whether a PDF
engine changes the tables the reader finds (each engine reads every page of a file; the
table finding is the layout layer's, the same for all).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.readers import pdf as pdf_reader
from pipeline.errors import ParseError

DEFAULT_SUITE = Path(__file__).resolve().parents[2] / "shared" / "peer-suites" / "icdar2013"
Relations = Counter[tuple[str, str, str]]


def _norm(text: str | None) -> str:
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text or "").lower()


def relations(grid: dict[tuple[int, int], str]) -> Relations:
    """Adjacency relations of one table given as ``(row, column) → text``."""
    out: Relations = Counter()
    cells = {key: _norm(text) for key, text in grid.items() if _norm(text)}
    rows: dict[int, list[tuple[int, str]]] = {}
    cols: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in cells.items():
        rows.setdefault(r, []).append((c, text))
        cols.setdefault(c, []).append((r, text))
    for direction, lines in (("h", rows), ("v", cols)):
        for items in lines.values():
            items.sort()
            for (_, a), (_, b) in itertools.pairwise(items):
                out[(a, b, direction)] += 1
    return out


def truth(structure_files: list[Path]) -> Relations:
    out: Relations = Counter()
    for path in structure_files:
        for region in ET.parse(path).getroot().iter("region"):
            grid = {
                (int(cell.get("start-row", 0)), int(cell.get("start-col", 0))): (
                    cell.findtext("content") or ""
                )
                for cell in region.iter("cell")
            }
            out += relations(grid)
    return out


def predicted(pdf: Path, engine: str) -> Relations:
    try:
        doc = pdf_reader.read(pdf, pdf.name, "doc", engine=engine)
    except ParseError:
        return Counter()
    out: Relations = Counter()
    for block in doc.blocks:
        if not block.is_table:
            continue
        grid: dict[tuple[int, int], str] = {}
        for r, row in enumerate(block.rows):
            c = 0
            for cell in row.cells:
                grid[(r, c)] = "" if cell.continued else cell.text
                c += cell.col_span or 1
        out += relations(grid)
    return out


def documents(suite: Path) -> dict[Path, list[Path]]:
    """Each PDF with its structure files (``us-011a-str.xml`` and ``us-011b-str.xml`` are
    two tables of ``us-011a.pdf``)."""
    out: dict[Path, list[Path]] = {}
    for structure in sorted(suite.rglob("*-str.xml")):
        stem = structure.name.removesuffix("-str.xml")
        pdf = structure.with_name(f"{stem}.pdf")
        if not pdf.exists():
            pdf = structure.with_name(f"{stem[:-1]}a.pdf")
        out.setdefault(pdf, []).append(structure)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("engines", nargs="*", default=list(pdf_reader.ENGINES))
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    args = parser.parse_args()
    docs = documents(args.suite)
    totals = {engine: [0, 0, 0] for engine in args.engines}
    for pdf, structure_files in docs.items():
        expected = truth(structure_files)
        for engine in args.engines:
            found = predicted(pdf, engine)
            total = totals[engine]
            total[0] += sum((expected & found).values())
            total[1] += sum(found.values())
            total[2] += sum(expected.values())
    print(f"{len(docs)} documents")
    for engine, (matched, n_found, n_expected) in totals.items():
        precision = matched / n_found if n_found else 0.0
        recall = matched / n_expected if n_expected else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"  {engine:<11} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
            f"({matched} of {n_found} relations found, {n_expected} expected)"
        )


if __name__ == "__main__":
    main()
