"""PDF engine on PLAYA-PDF: a page's characters and shapes as pdfplumber describes them.

PLAYA is pdfminer's lazy successor: the same parser and font code, without pdfminer's
layout objects and without pdfplumber turning every one of them into a dict of all its
attributes. This module gives, per page, only what the layout layer of
``extractors.readers.pdf`` reads, in pdfplumber's vocabulary (``x0, top, x1, bottom``
from the top-left corner, pages from 1):

* ``chars``: text, box, font name and size, upright, in content-stream order;
* ``rects``, ``lines``, ``curves``: painted paths classified as pdfminer does
  (``converter.PDFLayoutAnalyzer.paint_path``), with fill, stroke and colours;
* ``edges`` and ``find_tables``, by pdfplumber's own table finder on those objects, and
  ``extract_words``, the words pdfplumber's ``WordExtractor`` gives (``chars_to_words``,
  its result without its per-character overhead), so the grouping is the reference's.

Glyph boxes follow pdfminer, not PLAYA: ``[0, descent, width, descent + 1]`` in text
space (PLAYA's own box runs from descent to ascent), with pdfminer's descent (0 when
the font descriptor has none; PLAYA assumes -120).
"""

from __future__ import annotations

import math
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import playa
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables
from pdfplumber.table import edges_to_intersections as _edges_to_intersections
from pdfplumber.utils import geometry
from pdfplumber.utils.text import LIGATURES, WordExtractor
from playa.content import GlyphObject, PathObject, TextObject
from playa.exceptions import PDFEncryptionError, PDFException, PDFSyntaxError
from playa.font import CIDFont, SimpleFont, Type3Font
from playa.parser import PSLiteral
from playa.pdftypes import resolve1

Obj = dict[str, Any]
"""A pdfplumber object: a dict with ``x0, top, x1, bottom`` and its attributes."""

_SUBPATH = re.compile(r"m[^m]+")
WORD_ATTRS = ["fontname", "size"]
"""The attributes the layout layer asks words for (``extract_words(extra_attrs=...)``)."""
X_TOLERANCE = Y_TOLERANCE = 3.0
"""pdfplumber's ``WordExtractor`` defaults."""
_REFERENCE_WORDS = WordExtractor(extra_attrs=WORD_ATTRS)
WORD_KEYS = ("text", "x0", "top", "x1", "bottom", "upright", *WORD_ATTRS)
"""The keys of a word: the reference's rotated words are cut down to them."""
_RUN_KEY = itemgetter("upright", *WORD_ATTRS)


class EngineError(Exception):
    """The engine could not parse the file; ``encrypted`` tells a password-protected one."""

    def __init__(self, cause: BaseException, encrypted: bool = False) -> None:
        super().__init__(cause)
        self.cause = cause
        self.encrypted = encrypted


class EnginePage:
    """One page's objects, duck-typed like the parts of ``pdfplumber.page.Page`` the
    layout layer uses (``chars``, ``rects``, ``lines``, ``curves``, ``edges``,
    ``find_tables``, ``extract_words``)."""

    def __init__(
        self,
        page_number: int,
        width: float,
        height: float,
        chars: list[Obj],
        rects: list[Obj],
        lines: list[Obj],
        curves: list[Obj],
    ) -> None:
        self.page_number = page_number
        self.width = width
        self.height = height
        self.bbox = (0.0, 0.0, width, height)
        self.chars = chars
        self.rects = rects
        self.lines = lines
        self.curves = curves
        self._edges: list[Obj] | None = None

    @property
    def edges(self) -> list[Obj]:
        if self._edges is None:
            edges = [geometry.line_to_edge(line) for line in self.lines]
            for rect in self.rects:
                edges.extend(geometry.rect_to_edges(rect))
            for curve in self.curves:
                edges.extend(geometry.curve_to_edges(curve))
            self._edges = edges
        return self._edges

    def find_tables(self, table_settings: dict[str, Any]) -> list[Any]:
        return _TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]

    def extract_words(self, extra_attrs: list[str]) -> list[Obj]:
        if extra_attrs == WORD_ATTRS:
            return chars_to_words(self.chars)
        return WordExtractor(extra_attrs=extra_attrs).extract_words(self.chars)

    def close(self) -> None:
        self.chars = self.rects = self.lines = self.curves = []
        self._edges = None


class EngineDocument:
    """An open PDF: its metadata and its pages, read one at a time."""

    def __init__(self, path: Path) -> None:
        try:
            self._pdf = playa.open(path, space="page")
            self.metadata = _metadata(self._pdf)
            self._pages = list(self._pdf.pages)
        except Exception as exc:
            raise _engine_error(exc) from exc

    def __enter__(self) -> EngineDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pdf.close()

    @property
    def pages(self) -> Iterator[EnginePage]:
        for number, page in enumerate(self._pages, start=1):
            try:
                _check_contents(page, number)
                objects = _page_objects(page, number)
            except Exception as exc:
                raise _engine_error(exc) from exc
            yield objects


def _check_contents(page: Any, number: int) -> None:
    """Raise ``PDFSyntaxError`` when a page's content stream is referenced but not there.

    PLAYA reads a damaged file as far as it can and treats a missing object as empty, so a
    file cut short reads as pages without text; pdfminer stops at the cut (``PSEOF``). A
    missing content stream is what a cut leaves behind: the file is corrupt, as pdfminer
    says, not a scan.
    """
    contents = page.attrs.get("Contents")
    refs = contents if isinstance(contents, list) else [contents]
    for ref in refs:
        if ref is not None and resolve1(ref) is None:
            raise PDFSyntaxError(f"the content of page {number} is missing (a file cut short?)")


class _TableFinder(TableFinder):
    """pdfplumber's ``TableFinder`` with its cells found by ``intersections_to_cells``
    below: the same tables, without pdfplumber's scan of every later point per point."""

    def __init__(self, page: Any, settings: TableSettings) -> None:
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = _edges_to_intersections(
            self.edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def intersections_to_cells(
    intersections: dict[tuple[float, float], dict[str, list[Obj]]],
) -> list[tuple[float, float, float, float]]:
    """``pdfplumber.table.intersections_to_cells``: the same cells in the same order.

    pdfplumber takes each point's candidates (the points below it and right of it) by
    scanning every later point, and rebuilds two points' edge sets at each comparison;
    here each point's edge sets are built once and its candidates are the rest of its
    column and of its row (points sorted by (x, y): the later points of its x are below
    it, top to bottom; the later points of its y are right of it, left to right).
    """
    points = sorted(intersections)
    v_edges = {p: {geometry.obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    h_edges = {p: {geometry.obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    for point in points:
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    place_in_column = {p: i for column in columns.values() for i, p in enumerate(column)}
    place_in_row = {p: i for row in rows.values() for i, p in enumerate(row)}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not v_edges[p1].isdisjoint(v_edges[p2]):
            return True
        return p1[1] == p2[1] and not h_edges[p1].isdisjoint(h_edges[p2])

    def smallest_cell(point: tuple[float, float]) -> tuple[float, float, float, float] | None:
        below = columns[point[0]][place_in_column[point] + 1 :]
        right = rows[point[1]][place_in_row[point] + 1 :]
        for below_point in below:
            if not connects(point, below_point):
                continue
            for right_point in right:
                if not connects(point, right_point):
                    continue
                corner = (right_point[0], below_point[1])
                if (
                    corner in intersections
                    and connects(corner, right_point)
                    and connects(corner, below_point)
                ):
                    return (point[0], point[1], corner[0], corner[1])
        return None

    return [cell for cell in map(smallest_cell, points) if cell is not None]


def chars_to_words(chars: list[Obj]) -> list[Obj]:
    """pdfplumber's ``WordExtractor(extra_attrs=["fontname", "size"]).extract_words``, same
    words in the same order, without its per-character generator machinery.

    Runs of characters sharing upright/font/size (in stream order) are cut into lines by
    clustering their tops within ``Y_TOLERANCE``, each line is sorted by ``x0`` and split
    where a space comes, where the next character starts left of the previous one's start,
    more than ``X_TOLERANCE`` after its end, or more than ``Y_TOLERANCE`` above or below.
    Rotated runs go to pdfplumber's own extractor.
    """
    words: list[Obj] = []
    for key, run in groupby(chars, _RUN_KEY):
        group = list(run)
        if not key[0]:
            words.extend(
                {k: w[k] for k in WORD_KEYS} for w in _REFERENCE_WORDS.extract_words(group)
            )
            continue
        cluster_of: dict[float, int] = {}
        last = -math.inf
        index = -1
        for top in sorted({c["top"] for c in group}):
            if top > last + Y_TOLERANCE:
                index += 1
            cluster_of[top] = index
            last = top
        lines: dict[int, list[Obj]] = {}
        for char in group:
            lines.setdefault(cluster_of[char["top"]], []).append(char)
        for index in sorted(lines):
            current: list[Obj] = []
            for char in sorted(lines[index], key=_x0):
                text = char["text"]
                if text.isspace():
                    _flush(current, words)
                    current = []
                elif text == "":  # pdfplumber: "" is "in" its (empty) punctuation set
                    _flush(current, words)
                    _flush([char], words)
                    current = []
                elif current and (
                    char["x0"] < current[-1]["x0"]
                    or char["x0"] > current[-1]["x1"] + X_TOLERANCE
                    or abs(char["top"] - current[-1]["top"]) > Y_TOLERANCE
                ):
                    _flush(current, words)
                    current = [char]
                else:
                    current.append(char)
            _flush(current, words)
    return words


_x0 = itemgetter("x0")


def _flush(chars: list[Obj], words: list[Obj]) -> None:
    if not chars:
        return
    first = chars[0]
    words.append(
        {
            "text": "".join(LIGATURES.get(c["text"], c["text"]) for c in chars),
            "x0": min(c["x0"] for c in chars),
            "top": min(c["top"] for c in chars),
            "x1": max(c["x1"] for c in chars),
            "bottom": max(c["bottom"] for c in chars),
            "upright": first["upright"],
            "fontname": first["fontname"],
            "size": first["size"],
        }
    )


def _engine_error(exc: Exception) -> Exception:
    """``EngineError`` for what damaged bytes make PLAYA (or the codecs it calls) raise;
    anything else, our own bugs included, is returned unchanged to be raised as it is."""
    if isinstance(exc, PDFEncryptionError):
        return EngineError(exc, encrypted=True)
    if isinstance(exc, PDFException | PDFSyntaxError):
        return EngineError(exc)
    if isinstance(exc, MemoryError | OSError):
        return exc  # the reading stage says what an OS error means (not found, unreadable)
    frames = traceback.extract_tb(exc.__traceback__)
    if any(_PLAYA_FILE.search(frame.filename) for frame in frames):
        return EngineError(exc)  # raised inside PLAYA while it read the file's bytes
    return exc


_PLAYA_FILE = re.compile(r"(?:^|[/\\])playa[/\\]")


def _metadata(pdf: Any) -> dict[str, Any]:
    info = pdf.trailer.get("Info") if hasattr(pdf, "trailer") else None
    out: dict[str, Any] = {}
    try:
        info = playa.resolve(info) if info is not None else None
    except (PDFException, TypeError, ValueError, KeyError):  # a broken Info: no metadata
        return out
    if not isinstance(info, dict):
        return out
    for key, value in info.items():
        try:
            value = playa.resolve(value)
        except (PDFException, TypeError, ValueError, KeyError):
            continue
        if isinstance(value, PSLiteral):
            value = value.name
        if isinstance(value, bytes):
            value = playa.utils.decode_text(value)
        if isinstance(value, str | int | float):
            out[str(key)] = value
    return out


def _page_objects(page: Any, number: int) -> EnginePage:
    x0, y0, x1, y1 = _transform_bbox(page.ctm, page.mediabox)
    width, height = x1 - x0, y1 - y0
    chars: list[Obj] = []
    rects: list[Obj] = []
    lines: list[Obj] = []
    curves: list[Obj] = []
    fonts: dict[int, _FontInfo] = {}
    for obj in page.flatten():
        if isinstance(obj, TextObject):
            for glyph in obj:
                chars.append(_glyph_to_char(glyph, height, fonts))
        elif isinstance(obj, PathObject) and (obj.stroke or obj.fill):
            _paint_path(obj, height, rects, lines, curves)
    return EnginePage(number, width, height, chars, rects, lines, curves)


def _transform_bbox(m: tuple[float, ...], box: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def font_name(value: object) -> str:
    """A font's name as text: a literal's name, decoded bytes; anything else (a keyword
    where a damaged file has no name) is ``""``."""
    if isinstance(value, str):
        return value
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return ""


def _char_text(font: Any, cid: int, text: str | None) -> str:
    """A glyph's text as pdfminer gives it: the ToUnicode map, then (simple fonts) the
    encoding, else ``(cid:N)``. PLAYA falls back to the character code itself, which
    turns an unmapped glyph into a control character or a wrong letter; ``(cid:N)`` is
    what the text-layer check counts as debris."""
    if isinstance(font, SimpleFont):
        tounicode = font.tounicode
        if tounicode is not None and cid < 256:
            mapped = tounicode.bytes2unicode.get(bytes((cid,)))
            if mapped is not None:
                return mapped
        encoded = font._cid2unicode.get(cid)
        return encoded if encoded is not None else f"(cid:{cid})"
    if isinstance(font, CIDFont):
        tounicode = font.tounicode
        if tounicode is not None:
            for length in tounicode.code_lengths or (2,):
                mapped = tounicode.bytes2unicode.get(cid.to_bytes(length, "big"))
                if mapped is not None:
                    return mapped
            return f"(cid:{cid})"
        if font.unicode_map is None:
            return f"(cid:{cid})"
    return text if text else f"(cid:{cid})"


def _pdfminer_descent(font: Any) -> float:
    """The font's descent in glyph space as pdfminer has it (0 when the descriptor has none)."""
    if isinstance(font, Type3Font):
        return float(font.descent)
    descriptor = getattr(font, "descriptor", None)
    if isinstance(descriptor, dict) and "Descent" in descriptor:
        try:
            descent = float(playa.resolve(descriptor["Descent"]))
        except (TypeError, ValueError):
            return 0.0
        return -descent if descent > 0 else descent
    if not descriptor:  # a standard 14 font: the metrics are the AFM's, as in pdfminer
        return float(font.descent)
    return 0.0


@dataclass(slots=True)
class _FontInfo:
    """What every glyph of one font needs, worked out once per font and page."""

    font: Any
    descent: float
    vertical: bool
    name: str
    widths: dict[int, float]
    default_width: float
    hscale: float


def _font_info(font: Any) -> _FontInfo:
    widths = getattr(font, "widths", None)
    simple = isinstance(widths, dict) and not isinstance(font, Type3Font | CIDFont)
    simple = simple and getattr(font, "char_widths", None) is None
    return _FontInfo(
        font=font,
        descent=_pdfminer_descent(font) * font.matrix[3],
        vertical=bool(font.vertical),
        name=font_name(font.fontname),
        widths=widths if simple else {},
        default_width=font.default_width if simple else math.nan,
        hscale=font.matrix[0],
    )


def _glyph_to_char(glyph: GlyphObject, height: float, fonts: dict[int, _FontInfo]) -> Obj:
    font = glyph.gstate.font
    info = fonts.get(id(font))
    if info is None or info.font is not font:
        info = fonts[id(font)] = _font_info(font)
    cid = glyph.cid
    a, b, c, d, e, f = glyph._matrix
    if info.vertical:
        x_lo, y_lo, x_hi, y_hi = font.char_bbox(cid)
    else:
        width = info.widths.get(cid, info.default_width) * info.hscale
        if width != width:  # NaN: not a plain width table, ask the font
            width = font.hdisp(cid)
        x_lo, y_lo, x_hi, y_hi = 0.0, info.descent, width, info.descent + 1.0
    px0, py0 = a * x_lo + c * y_lo + e, b * x_lo + d * y_lo + f
    px1, py1 = a * x_hi + c * y_hi + e, b * x_hi + d * y_hi + f
    if px1 < px0:
        px0, px1 = px1, px0
    if py1 < py0:
        py0, py1 = py1, py0
    top = height - py1
    return {
        "text": _char_text(font, cid, glyph.text),
        "x0": px0,
        "x1": px1,
        "top": top,
        "bottom": height - py0,
        "doctop": top,
        "width": px1 - px0,
        "height": py1 - py0,
        "upright": a * d > 0 and b * c <= 0,
        "fontname": info.name,
        "size": (px1 - px0) if info.vertical else (py1 - py0),
    }


def _colour(colour: Any) -> tuple[float, ...] | None:
    if colour is None or getattr(colour, "pattern", None) is not None:
        return None
    return tuple(colour.values)


def _paint_path(
    path: PathObject, height: float, rects: list[Obj], lines: list[Obj], curves: list[Obj]
) -> None:
    """pdfminer's ``paint_path``: subpaths → a line, an axis-aligned rectangle or a curve."""
    segments = [(seg.operator, seg.points) for seg in path.raw_segments]
    shape = "".join(op for op, _ in segments)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for match in _SUBPATH.finditer(shape):
            subpath = segments[match.start() : match.end()]
            _paint_subpath(path, subpath, height, rects, lines, curves)
        return
    _paint_subpath(path, segments, height, rects, lines, curves)


def _paint_subpath(
    path: PathObject,
    segments: list[tuple[str, tuple[tuple[float, float], ...]]],
    height: float,
    rects: list[Obj],
    lines: list[Obj],
    curves: list[Obj],
) -> None:
    a, b, c, d, e, f = path.ctm
    shape = "".join(op for op, _ in segments)
    start = segments[0][1][-1]
    raw = [pts[-1] if op != "h" else start for op, pts in segments]
    pts = [(a * x + c * y + e, b * x + d * y + f) for x, y in raw]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    gstate = path.gstate
    attrs = {
        "fill": bool(path.fill),
        "stroke": bool(path.stroke),
        "evenodd": bool(path.evenodd),
        "linewidth": gstate.linewidth,
        "stroking_color": _colour(gstate.scolor),
        "non_stroking_color": _colour(gstate.ncolor),
    }
    if shape in ("mlh", "ml"):
        lines.append(_shape("line", pts[:2], height, attrs))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            rects.append(_shape("rect", [pts[0], pts[2]], height, attrs))
            return
    curves.append(_shape("curve", pts, height, attrs))


def _shape(kind: str, pts: list[tuple[float, float]], height: float, attrs: Obj) -> Obj:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    obj = {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": top,
        "bottom": height - y0,
        "doctop": top,
        "width": x1 - x0,
        "height": y1 - y0,
        **attrs,
    }
    if kind != "rect":
        obj["pts"] = [(x, height - y) for x, y in pts]
    return obj
