"""Table benchmark: the PDF reader's tables against the ICDAR 2013 table competition set.

    python bench/tables.py [--suite ../shared/peer-suites/icdar2013] [--only eu-001] [--json out]
    python bench/tables.py --false   # also list the reader's false tables and missed regions
    python bench/tables.py --pdf-engine pdfium --pdf-engine playa --pdf-engine pdfplumber

With ``--pdf-engine`` (repeatable) the reader runs once per engine named, each a row of
the table: whether the engine under the layout layer changes the tables found.

Reads every ``NAME.pdf`` of the suite with the project's reader (``extractors.readers.pdf
.read``) and, in the same run, with pdfplumber's ``find_tables()``/``extract()`` (default
settings), and scores both against the suite's ground truth (``NAME-reg.xml`` regions,
``NAME-str.xml`` cells). Prints one table: per class of ground-truth table and overall.
Exits 0 with a "skipped" message when the suite is absent. Not a timed test.

Definitions (the choices are ours where the competition left room; all stated here):

* **Unit.** One ground-truth *region*: a table on one page (a table continued over two
  pages has two regions). A found table joined across pages is split back into its pages
  (by ``Row.page``; bbox = union of that page's cell boxes).
* **Detection match.** A found table matches a region on the same page when their
  intersection covers at least half of *each* box (area). Pairs are matched one to one,
  greedily by intersection area. Detection precision = matched found tables / found
  tables; recall = matched regions / regions.
* **Class** of a region, from the page's ruling (stroked lines and rectangle edges, as
  pdfplumber's ``edges``) within ``RULE_MARGIN`` points around the region: a rule counts
  when its segments on one line (within ``RULE_SNAP``) add up to at least
  ``RULE_MIN_SHARE`` of the region's width (horizontal) or height (vertical).
  ``ruled``: at least ``n_cols - 1`` distinct vertical rules and at least ``n_rows - 1``
  horizontal ones (every column and row boundary drawn, the outer frame optional);
  ``borderless``: no rule at all; ``partly ruled``: the rest.
* **Adjacency** (Göbel et al., ICDAR 2013): each non-empty cell, placed at its start row
  and column, with its nearest non-empty neighbour to the right in its row and below in
  its column, as a (text, text, direction) triple; multisets compared, summed over regions.
  A region without a matched table contributes its relations as misses. False tables
  (matching no region) count against detection precision only, not against adjacency
  precision (as the issue's reference figures were measured).
* **Cell match**: share of the ground truth's non-empty cells whose text equals the text
  of a cell of the matched table.
* **Text normalisation** for both: Unicode NFKC, lower case, hyphens and all whitespace
  removed (so line breaks and hyphenation inside a cell do not count).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import pdfplumber  # noqa: E402

from extractors.readers.pdf import read as read_pdf  # noqa: E402
from pipeline.settings import PDF_ENGINES  # noqa: E402

DEFAULT_SUITE = HERE.parent.parent / "shared" / "peer-suites" / "icdar2013"
CLASSES = ("ruled", "partly ruled", "borderless")
RULE_MARGIN = 6.0
"""Points around a region where its rules may lie (a frame drawn just outside the text)."""
RULE_MIN_SHARE = 0.3
"""A rule must run along this share of the region's width or height to count."""
RULE_SNAP = 3.0
"""Rules closer than this (points) are one rule."""
MATCH_SHARE = 0.5
"""A found table matches a region when their intersection covers this share of each."""

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom from the page's top-left (pdfplumber's)."""
Grid = dict[tuple[int, int], str]
"""(row, column) of a cell's start → its normalised text (non-empty cells only)."""


@dataclass(slots=True)
class Region:
    doc: str
    page: int
    box: Box
    cells: Grid
    n_rows: int
    n_cols: int
    kind: str = ""


@dataclass(slots=True)
class Found:
    page: int
    box: Box
    cells: Grid
    preview: str = ""
    """rows×columns and the first cells' texts, for ``--false``."""


@dataclass(slots=True)
class Tally:
    regions: int = 0
    found: int = 0
    matched_regions: int = 0
    matched_found: int = 0
    rel_truth: int = 0
    rel_found: int = 0
    rel_correct: int = 0
    cells_truth: int = 0
    cells_matched: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class Score:
    by_class: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CLASSES})
    false_found: int = 0
    missed: list[Region] = field(default_factory=list)
    """Regions no found table matches."""

    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_class.values():
            total.add(tally)
        total.found += self.false_found
        return total


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010\u2011")


# --- ground truth ----------------------------------------------------------------------


def _xml_box(element: ET.Element, height: float) -> Box:
    bb = element.find("bounding-box")
    assert bb is not None
    # the files hold a few typos ("26ß"): the number is the leading digits
    x1, y1, x2, y2 = (_number(bb.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
    return (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))


def _number(text: str) -> float:
    found = re.match(r"-?\d+(?:\.\d+)?", text.strip())
    return float(found.group()) if found else 0.0


def truth_regions(pdf_path: Path, heights: list[float]) -> list[Region]:
    """The regions of ``NAME-str.xml`` (cells) with their boxes from ``NAME-reg.xml``
    (the same table's region on the same page; the union of the cells' boxes when the
    region file has none there)."""
    stem = pdf_path.with_suffix("")
    reg = ET.parse(f"{stem}-reg.xml").getroot()
    structure = ET.parse(f"{stem}-str.xml").getroot()
    boxes: dict[tuple[str, int], Box] = {}
    for table in reg.iter("table"):
        for region in table.iter("region"):
            page = int(region.get("page", "1"))
            boxes[(table.get("id", ""), page)] = _xml_box(region, heights[page - 1])
    out = []
    for table in structure.iter("table"):
        for region in table.iter("region"):
            page = int(region.get("page", "1"))
            cell_boxes = [_xml_box(cell, heights[page - 1]) for cell in region.iter("cell")]
            box = boxes.get((table.get("id", ""), page)) or (
                min(b[0] for b in cell_boxes),
                min(b[1] for b in cell_boxes),
                max(b[2] for b in cell_boxes),
                max(b[3] for b in cell_boxes),
            )
            cells: Grid = {}
            n_rows = n_cols = 0
            for cell in region.iter("cell"):
                r, c = int(cell.get("start-row", "0")), int(cell.get("start-col", "0"))
                n_rows = max(n_rows, int(cell.get("end-row", r)) + 1)
                n_cols = max(n_cols, int(cell.get("end-col", c)) + 1)
                text = normalise(cell.findtext("content") or "")
                if text:
                    cells[(r, c)] = text
            out.append(Region(pdf_path.stem, page, box, cells, n_rows, n_cols))
    return out


def classify(region: Region, edges: list[dict]) -> str:
    """``ruled``, ``partly ruled`` or ``borderless`` from the ruling around the region."""
    x0, top, x1, bottom = region.box
    hs: list[tuple[float, float]] = []
    vs: list[tuple[float, float]] = []
    for e in edges:
        if e["orientation"] == "h" and top - RULE_MARGIN <= e["top"] <= bottom + RULE_MARGIN:
            hs.append((float(e["top"]), min(e["x1"], x1) - max(e["x0"], x0)))
        elif e["orientation"] == "v" and x0 - RULE_MARGIN <= e["x0"] <= x1 + RULE_MARGIN:
            vs.append((float(e["x0"]), min(e["bottom"], bottom) - max(e["top"], top)))
    n_h = _rules(hs, RULE_MIN_SHARE * (x1 - x0))
    n_v = _rules(vs, RULE_MIN_SHARE * (bottom - top))
    if n_h == 0 and n_v == 0:
        return "borderless"
    if n_v >= region.n_cols - 1 and n_h >= region.n_rows - 1:
        return "ruled"
    return "partly ruled"


def _rules(segments: list[tuple[float, float]], min_length: float) -> int:
    """Distinct rule positions whose segments (position, length inside the region) add up
    to ``min_length``: a grid drawn cell by cell has many short segments on one line."""
    totals: list[list[float]] = []  # [last position, total length]
    for position, length in sorted(segments):
        if length <= 0:
            continue
        if totals and position - totals[-1][0] <= RULE_SNAP:
            totals[-1][0] = position
            totals[-1][1] += length
        else:
            totals.append([position, length])
    return sum(1 for _, total in totals if total >= min_length)


# --- what the systems find -------------------------------------------------------------


def reader_tables(pdf_path: Path, engine: str | None = None) -> list[Found]:
    """The project's reader (``engine``: its PDF engine, the default when None): table
    blocks, split back into their pages."""
    document = read_pdf(pdf_path, str(pdf_path), pdf_path.stem, engine=engine)
    out = []
    for page in document.pages:
        for block in page.blocks:
            if not block.is_table:
                continue
            by_page: dict[int, list] = {}
            for row in block.rows:
                by_page.setdefault(row.page or page.number, []).append(row)
            for number, rows in by_page.items():
                boxes = [c.bbox for row in rows for c in row.cells if c.bbox is not None]
                if boxes:
                    box = (
                        min(b.x0 for b in boxes),
                        min(b.top for b in boxes),
                        max(b.x1 for b in boxes),
                        max(b.bottom for b in boxes),
                    )
                elif block.bbox is not None:
                    box = (block.bbox.x0, block.bbox.top, block.bbox.x1, block.bbox.bottom)
                else:
                    continue
                texts = [[c.text for c in row.cells] for row in rows]
                out.append(Found(number, box, _rows_to_grid(texts), _preview(texts)))
    return out


def plumber_tables(pdf: pdfplumber.PDF) -> list[Found]:
    out = []
    for page in pdf.pages:
        for table in page.find_tables():
            rows = [[c or "" for c in row] for row in table.extract()]
            out.append(
                Found(page.page_number, tuple(table.bbox), _rows_to_grid(rows), _preview(rows))
            )
    return out


def _preview(rows: list[list[str]], n_cells: int = 4, n_chars: int = 30) -> str:
    """``rows×columns`` and the first non-empty cells' texts (shortened)."""
    n_cols = max((len(row) for row in rows), default=0)
    texts = [" ".join(t.split())[:n_chars] for row in rows for t in row if t.strip()]
    return f"{len(rows)}×{n_cols} " + " | ".join(texts[:n_cells])


def _rows_to_grid(rows: list[list[str]]) -> Grid:
    return {
        (r, c): normalise(text)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if normalise(text)
    }


# --- scoring ---------------------------------------------------------------------------


def relations(grid: Grid) -> Counter[tuple[str, str, str]]:
    """Each non-empty cell with its nearest non-empty neighbour right and below."""
    out: Counter[tuple[str, str, str]] = Counter()
    by_row: dict[int, list[int]] = {}
    by_col: dict[int, list[int]] = {}
    for r, c in grid:
        by_row.setdefault(r, []).append(c)
        by_col.setdefault(c, []).append(r)
    for r, cols in by_row.items():
        cols.sort()
        for a, b in pairwise(cols):
            out[(grid[(r, a)], grid[(r, b)], "right")] += 1
    for c, rows in by_col.items():
        rows.sort()
        for a, b in pairwise(rows):
            out[(grid[(a, c)], grid[(b, c)], "below")] += 1
    return out


def _intersection(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _area(b: Box) -> float:
    return max(b[2] - b[0], 0.0) * max(b[3] - b[1], 0.0)


def match(regions: list[Region], found: list[Found]) -> dict[int, int]:
    """Region index → found index, one to one, greedily by intersection area."""
    pairs = []
    for i, region in enumerate(regions):
        for j, table in enumerate(found):
            if table.page != region.page:
                continue
            inter = _intersection(region.box, table.box)
            if inter >= MATCH_SHARE * _area(region.box) and inter >= MATCH_SHARE * _area(table.box):
                pairs.append((inter, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def score_document(regions: list[Region], found: list[Found], score: Score) -> list[Found]:
    """Adds the document's figures to ``score``; returns its false tables (matching no
    region)."""
    matched = match(regions, found)
    for i, region in enumerate(regions):
        tally = score.by_class[region.kind]
        truth = relations(region.cells)
        tally.regions += 1
        tally.rel_truth += sum(truth.values())
        tally.cells_truth += len(region.cells)
        if i not in matched:
            continue
        table = found[matched[i]]
        got = relations(table.cells)
        tally.found += 1
        tally.matched_regions += 1
        tally.matched_found += 1
        tally.rel_found += sum(got.values())
        tally.rel_correct += sum((truth & got).values())
        texts = Counter(table.cells.values())
        for text in region.cells.values():
            if texts[text] > 0:
                texts[text] -= 1
                tally.cells_matched += 1
    score.false_found += len(found) - len(matched)
    score.missed.extend(r for i, r in enumerate(regions) if i not in matched)
    used = set(matched.values())
    return [table for j, table in enumerate(found) if j not in used]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(t: Tally, precision: bool = True) -> dict[str, float]:
    """The figures of a tally; detection precision only overall (``precision``): a false
    table has no class."""
    p, r = _ratio(t.rel_correct, t.rel_found), _ratio(t.rel_correct, t.rel_truth)
    return {
        "regions": t.regions,
        "detection_p": _ratio(t.matched_found, t.found) if precision else math.nan,
        "detection_r": _ratio(t.matched_regions, t.regions),
        "adjacency_p": p,
        "adjacency_r": r,
        "adjacency_f1": _f1(p, r),
        "cell_match": _ratio(t.cells_matched, t.cells_truth),
    }


# --- the run ---------------------------------------------------------------------------


def run(
    suite: Path,
    only: str | None,
    engines: list[str] | None = None,
    false_tables: list[tuple[str, Found]] | None = None,
    missed: list[Region] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """The figures per system and class; the reader's false tables (document name, table)
    are appended to ``false_tables``, and the regions it misses to ``missed``, when given."""
    readers = {f"reader/{e}": e for e in engines} if engines else {"reader": None}
    scores = {name: Score() for name in (*readers, "pdfplumber")}
    cpu = dict.fromkeys(scores, 0.0)
    n_pages = 0
    pdfs = sorted(suite.glob("*/*.pdf"))
    if only:
        pdfs = [p for p in pdfs if p.stem == only]
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            heights = [float(p.height) for p in pdf.pages]
            n_pages += len(pdf.pages)
            regions = truth_regions(pdf_path, heights)
            for region in regions:
                region.kind = classify(region, pdf.pages[region.page - 1].edges)
            start = time.process_time()
            plumber = plumber_tables(pdf)
            cpu["pdfplumber"] += time.process_time() - start
        score_document(regions, plumber, scores["pdfplumber"])
        for name, engine in readers.items():
            start = time.process_time()
            ours = reader_tables(pdf_path, engine)
            cpu[name] += time.process_time() - start
            wrong = score_document(regions, ours, scores[name])
            if false_tables is not None and name == next(iter(readers)):
                false_tables.extend((pdf_path.stem, table) for table in wrong)
    if missed is not None:
        missed.extend(scores[next(iter(readers))].missed)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for system, score in scores.items():
        out[system] = {kind: figures(t, precision=False) for kind, t in score.by_class.items()}
        out[system]["overall"] = figures(score.overall())
        out[system]["overall"]["cpu_ms_per_page"] = 1000 * cpu[system] / max(n_pages, 1)
    return out


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    header = (
        f"{'system':<18} {'class':<13} {'tables':>6} {'det P':>6} {'det R':>6} "
        f"{'adj P':>6} {'adj R':>6} {'adj F1':>6} {'cells':>6}"
    )
    print(header)
    print("-" * len(header))
    for system, by_class in results.items():
        for kind in (*CLASSES, "overall"):
            f = by_class[kind]
            det_p = "–" if math.isnan(f["detection_p"]) else f"{f['detection_p']:.2f}"
            print(
                f"{system:<18} {kind:<13} {int(f['regions']):>6} {det_p:>6} "
                f"{f['detection_r']:>6.2f} {f['adjacency_p']:>6.2f} {f['adjacency_r']:>6.2f} "
                f"{f['adjacency_f1']:>6.2f} {f['cell_match']:>6.2f}"
            )
        cost = by_class["overall"]["cpu_ms_per_page"]
        print(f"{system:<18} CPU {cost:.0f} ms/page")
    print("det P per class is not defined (a false table has no class); see the docstring.")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--only", help="one document's name (e.g. eu-001)")
    parser.add_argument(
        "--pdf-engine",
        action="append",
        choices=PDF_ENGINES,
        help="run the reader with this PDF engine (repeatable; default: the default engine)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--false",
        action="store_true",
        help="also list the reader's false tables (document, page, bbox, rows×columns, "
        "first cells) and the regions it misses",
    )
    args = parser.parse_args()
    if not args.suite.is_dir():
        print(f"skipped: {args.suite} not found (the ICDAR 2013 suite is in ../shared)")
        return
    false_tables: list[tuple[str, Found]] = []
    missed: list[Region] = []
    results = run(args.suite, args.only, args.pdf_engine, false_tables, missed)
    print_table(results)
    if args.false:
        print(f"\nfalse tables of the reader: {len(false_tables)}")
        for doc, table in false_tables:
            box = ", ".join(f"{v:.0f}" for v in table.box)
            print(f"{doc} p{table.page} ({box}) {table.preview}")
        print(f"\nregions the reader misses: {len(missed)}")
        for region in missed:
            box = ", ".join(f"{v:.0f}" for v in region.box)
            size = f"{region.n_rows}×{region.n_cols}"
            print(f"{region.doc} p{region.page} ({box}) {size} {region.kind}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
