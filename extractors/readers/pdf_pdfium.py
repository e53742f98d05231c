"""PDF engine on pypdfium2 (PDFium, BSD/Apache): a page's characters and shapes as
pdfplumber describes them, read through PDFium's text page and page objects.

Same interface as ``pdf_playa`` (``EngineDocument``, ``EnginePage``), so the layout
layer of ``extractors.readers.pdf`` is unchanged. PDFium does the parsing in C; Python
touches each character once, as a tuple, and builds words from those tuples with the
grouping of pdfplumber's ``WordExtractor`` (``pdf_playa.chars_to_words``).

Geometry follows pdfminer, not PDFium:

* a glyph's box runs from its origin to origin + advance horizontally (PDFium's loose
  box) and, vertically, from the baseline + pdfminer's descent to one em above that
  (PDFium's loose box runs from the font's descent to its ascent); pdfminer's descent is
  the font descriptor's, 0 when there is none; text turned ±90° (a rotated table header,
  a ``/Rotate 90`` page whose text shows sideways) gets the same extent across the run,
  from the origin along the glyph's up, turned to the display;
* ``size`` is the font size times the text matrix's vertical scale (pdfminer's box height);
* rotated pages (``/Rotate``) are turned to the displayed coordinates, as pdfminer does.

What PDFium's text page leaves out or adds, and what is done about it (listed in
``tests/test_pdf_engines.py``): it adds generated spaces and line breaks (dropped here:
only characters drawn by the content stream are kept); it skips a text object with no
width, a lone drawn space (put back here, found among the page objects: ``_Blank``); it
drops a drawn space right after a space it generated inside a text object (that
generated space is kept for it: ``_left_out_space``); it leaves out text drawn twice for
fake bold (not undone). An unmapped glyph is its code (a control character below 32
becomes pdfminer's ``(cid:N)``, so the text-layer check still counts it as debris);
colours come as 8-bit RGB, converted from the colour space by PDFium (so a CMYK fill can
differ from pdfplumber's in the third decimal).

Single-threaded: the module keeps ctypes scratch values at module level (the font-name
buffer), as PDFium itself is single-threaded; each file is read in its own process.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import playa
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.utils.text import LIGATURES, WordExtractor

from extractors.readers.pdf_playa import (
    WORD_ATTRS,
    WORD_KEYS,
    X_TOLERANCE,
    Y_TOLERANCE,
    EngineError,
    EnginePage,
    Obj,
    _shape,
)
from extractors.readers.pdf_playa import _metadata as playa_metadata

Char = tuple[str, float, float, float, float, bool, str, float]
"""``(text, x0, top, x1, bottom, upright, fontname, size)``."""

_SEG_LINE, _SEG_BEZIER, _SEG_MOVE = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO, 2
_OBJ_TEXT, _OBJ_PATH, _OBJ_FORM = (
    raw.FPDF_PAGEOBJ_TEXT,
    raw.FPDF_PAGEOBJ_PATH,
    raw.FPDF_PAGEOBJ_FORM,
)


def _address_function(name: str, restype: Any, *argtypes: Any) -> Any:
    """PDFium's ``name`` taking and giving plain addresses (integers): the per-glyph
    calls are the engine's hot loop, and the bindings' typed pointers cost a conversion
    per argument (and a ``ctypes.cast`` to compare or hash a handle)."""
    function = getattr(raw, name)
    typed = ctypes.CFUNCTYPE(restype, *argtypes)
    return typed(ctypes.cast(function, ctypes.c_void_p).value)


_VOID, _INT = ctypes.c_void_p, ctypes.c_int
_text_object_at = _address_function("FPDFText_GetTextObject", _VOID, _VOID, _INT)
_loose_box_at = _address_function("FPDFText_GetLooseCharBox", _INT, _VOID, _INT, _VOID)
_origin_at = _address_function("FPDFText_GetCharOrigin", _INT, _VOID, _INT, _VOID, _VOID)
_is_generated = _address_function("FPDFText_IsGenerated", _INT, _VOID, _INT)
_bounds_of = _address_function("FPDFPageObj_GetBounds", _INT, _VOID, _VOID, _VOID, _VOID, _VOID)
_matrix_of = _address_function("FPDFPageObj_GetMatrix", _INT, _VOID, _VOID)
_font_of = _address_function("FPDFTextObj_GetFont", _VOID, _VOID)
_font_size_of = _address_function("FPDFTextObj_GetFontSize", _INT, _VOID, _VOID)


@dataclass(frozen=True, slots=True)
class _GlyphCalls:
    """PDFium's three calls for every glyph (its text object, loose box and origin), the
    engine's hot loop, through cffi where it can load PDFium (a call costs about a third
    less than through ctypes), else through ctypes; the same library, the same answers."""

    text_object: Any
    """``(page, index) → int``: the address of the glyph's text object; 0 if generated."""
    loose_box: Any
    """``(page, index, box_argument)``: fills the box."""
    origin: Any
    """``(page, index, x_argument, y_argument)``: fills ``origin[0]`` and ``origin[1]``."""
    page: Any
    """A text page's address → the calls' first argument."""
    buffers: Any
    """``() → (box, box_argument, origin, x_argument, y_argument)``, fresh."""
    via: str


def _ctypes_glyph_calls() -> _GlyphCalls:
    def buffers() -> tuple[Any, int, Any, int, int]:
        box = raw.FS_RECTF()
        origin = (ctypes.c_double * 2)()
        at = ctypes.addressof(origin)
        return box, ctypes.addressof(box), origin, at, at + ctypes.sizeof(ctypes.c_double)

    return _GlyphCalls(_text_object_at, _loose_box_at, _origin_at, int, buffers, "ctypes")


_CFFI_DECLARATIONS = """
typedef struct { float left; float top; float right; float bottom; } FS_RECTF;
uintptr_t FPDFText_GetTextObject(void *text_page, int index);
int FPDFText_GetLooseCharBox(void *text_page, int index, FS_RECTF *rect);
int FPDFText_GetCharOrigin(void *text_page, int index, double *x, double *y);
"""
"""The three calls as ``fpdf_text.h`` declares them (a page object handle is a pointer,
read as its address)."""


def _cffi_glyph_calls() -> _GlyphCalls | None:
    """The calls through cffi on the PDFium library pypdfium2 loaded; None when cffi is
    not installed or cannot open it (then ctypes serves)."""
    try:
        import cffi
        from pypdfium2_raw import bindings

        ffi = cffi.FFI()
        ffi.cdef(_CFFI_DECLARATIONS)
        lib = ffi.dlopen(bindings._libs["pdfium"]._name)
        calls = (
            lib.FPDFText_GetTextObject,
            lib.FPDFText_GetLooseCharBox,
            lib.FPDFText_GetCharOrigin,
        )
    except (ImportError, AttributeError, KeyError, OSError):
        return None

    def page(address: int) -> Any:
        return ffi.cast("void *", address)

    def buffers() -> tuple[Any, Any, Any, Any, Any]:
        box = ffi.new("FS_RECTF *")
        origin = ffi.new("double[2]")
        return box, box, origin, origin, origin + 1

    return _GlyphCalls(*calls, page, buffers, "cffi")


_GLYPH_CALLS = _cffi_glyph_calls() or _ctypes_glyph_calls()
_CHAR_KEYS = ("text", "x0", "top", "x1", "bottom", "upright", "fontname", "size")
_CHAR_FIELDS = itemgetter(*_CHAR_KEYS)
"""A character dict's fields, in the order of a ``Char``."""


class PdfiumPage(EnginePage):
    """A page read by PDFium: characters kept as tuples until asked for as dicts."""

    def __init__(
        self,
        page_number: int,
        width: float,
        height: float,
        chars: list[Char],
        rects: list[Obj],
        lines: list[Obj],
        curves: list[Obj],
    ) -> None:
        super().__init__(page_number, width, height, [], rects, lines, curves)
        self._tuples = chars

    @property  # type: ignore[override]
    def chars(self) -> list[Obj]:
        return _as_dicts(self._tuples)

    @chars.setter
    def chars(self, value: list[Obj]) -> None:
        """The characters, as dicts with pdfplumber's keys, become the tuples."""
        self._tuples = [_CHAR_FIELDS(c) for c in value]

    def find_tables(self, table_settings: dict[str, Any]) -> list[Any]:
        if not (self.lines or self.rects or self.curves):
            return []  # no ruling, no table: the table finder would find none
        return super().find_tables(table_settings)

    def extract_words(self, extra_attrs: list[str]) -> list[Obj]:
        if extra_attrs == WORD_ATTRS:
            return tuples_to_words(self._tuples)
        return WordExtractor(extra_attrs=extra_attrs).extract_words(self.chars)

    def word_tuples(self) -> list[Char]:
        """``extract_words(WORD_ATTRS)`` as tuples in the order of ``WORD_KEYS``."""
        return word_tuples(self._tuples)

    def close(self) -> None:
        super().close()
        self._tuples = []


class EngineDocument:
    """An open PDF: its metadata and its pages, read one at a time."""

    def __init__(self, path: Path) -> None:
        try:
            self._pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            encrypted = "password" in str(exc).lower()
            raise EngineError(exc, encrypted=encrypted) from exc
        try:
            self.metadata = _metadata(path)
            self._n_pages = len(self._pdf)
        except BaseException as exc:
            self._pdf.close()  # opened, never to be used: the ``with`` block is not entered
            if isinstance(exc, pdfium.PdfiumError):
                raise EngineError(exc) from exc
            raise

    def __enter__(self) -> EngineDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pdf.close()

    @property
    def pages(self) -> Iterator[EnginePage]:
        for index in range(self._n_pages):
            try:
                page = self._pdf[index]
            except pdfium.PdfiumError as exc:
                raise EngineError(exc) from exc
            try:
                yield _page_objects(page, index + 1)
            finally:
                page.close()


def _metadata(path: Path) -> dict[str, Any]:
    """The document information dictionary, every key, as ``pdf_playa`` reads it (PDFium
    gives only the standard keys); PLAYA reads the trailer alone, not the pages. A
    dictionary PLAYA cannot read is no metadata: PDFium has read the file."""
    try:
        with playa.open(path) as pdf:
            return playa_metadata(pdf)
    except Exception:
        return {}


# --- characters -----------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: ``m × n``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _display_matrix(mediabox: tuple[float, ...], rotation: int) -> tuple[Matrix, float, float]:
    """User space → displayed page space (origin bottom-left), as pdfminer turns a page,
    with the displayed width and height."""
    x0, y0, x1, y1 = mediabox
    width, height = x1 - x0, y1 - y0
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1), height, width
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1), width, height
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0), height, width
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0), width, height


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(slots=True)
class _Run:
    """What every glyph of one text object needs, worked out once per object."""

    name: str
    size: float
    descent: float
    """pdfminer's descent (the descriptor's, else 0) in points, along the glyph's up."""
    upright: bool
    fast: bool
    """Horizontal text on an unturned page: one baseline, boxes from the loose box."""
    baseline: float
    up: tuple[float, float] = (0.0, 1.0)
    """The unit vector of the glyph's up (the text matrix's y axis) on the display."""
    unmapped: bool = False
    """The font gave its first glyph no Unicode: each glyph is checked (``(cid:N)``)."""


_NAME_BUFFER = ctypes.create_string_buffer(512)


def _font_name(font: Any) -> str:
    """The font's base name; a name longer than the shared buffer (PDFium then leaves the
    buffer as it was) is read again into a buffer of its length."""
    buffer = _NAME_BUFFER
    n = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    if n > len(buffer):
        buffer = ctypes.create_string_buffer(n)
        n = raw.FPDFFont_GetBaseFontName(font, buffer, n)
    return buffer.raw[: max(n - 1, 0)].decode("latin-1") if n else ""


_get_matrix_at = _address_function("FPDFText_GetMatrix", _INT, _VOID, _INT, _VOID)
_has_map_error_at = _address_function("FPDFText_HasUnicodeMapError", _INT, _VOID, _INT)
_descent_of = _address_function("FPDFFont_GetDescent", _INT, _VOID, ctypes.c_float, _VOID)
_run_size = ctypes.c_float()
_run_size_at = ctypes.addressof(_run_size)
_run_matrix = raw.FS_MATRIX()
_run_matrix_at = ctypes.addressof(_run_matrix)
_run_descent = ctypes.c_float()
_run_descent_at = ctypes.addressof(_run_descent)
_run_x, _run_y = ctypes.c_double(), ctypes.c_double()
_run_x_at, _run_y_at = ctypes.addressof(_run_x), ctypes.addressof(_run_y)


def _run(
    page_address: int, obj: int, index: int, display: Matrix, fonts: dict[int, tuple[str, float]]
) -> _Run:
    """The run of text object ``obj`` (an address) whose first glyph is ``index``;
    ``fonts`` keeps each font's name and descent per unit size for the page."""
    font = _font_of(obj) or 0
    known = fonts.get(font)
    if known is None:
        name, unit_descent = "", 0.0
        if font:
            name = _font_name(ctypes.cast(font, raw.FPDF_FONT))
            if _descent_of(font, 1.0, _run_descent_at):
                unit_descent = _run_descent.value
        known = fonts[font] = (name, unit_descent)
    name, unit_descent = known
    font_size = _run_size.value if _font_size_of(obj, _run_size_at) else 0.0
    matrix = _run_matrix
    text_matrix = (
        (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        if _get_matrix_at(page_address, index, _run_matrix_at)
        else (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    )
    a, b, c, d, _, _ = _multiply(text_matrix, display)
    scale = math.hypot(c, d) or 1.0
    size = font_size * scale
    fast = display == _IDENTITY and b == 0 and c == 0 and d > 0
    baseline = 0.0
    if fast and _origin_at(page_address, index, _run_x_at, _run_y_at):
        baseline = _run_y.value
    unmapped = bool(_has_map_error_at(page_address, index))
    upright = a * d > 0 and b * c <= 0
    up = (c / scale, d / scale) if c or d else (0.0, 1.0)
    return _Run(name, size, unit_descent * size, upright, fast, baseline, up, unmapped)


def _page_chars(
    text_page: Any, height: float, display: Matrix, starts: dict[int, int], ends: dict[int, int]
) -> list[Char]:
    """The characters of the text page, as drawn; ``starts`` and ``ends`` are filled with
    where each text object's characters start and end in the list."""
    count = raw.FPDFText_CountChars(text_page)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    got = raw.FPDFText_GetText(
        text_page, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    units = memoryview(buffer.raw[: max(got - 1, 0) * 2]).cast("H")
    n_units = len(units)
    calls = _GLYPH_CALLS
    loose_box, text_object, get_origin = calls.loose_box, calls.text_object, calls.origin
    get_unicode = raw.FPDFText_GetUnicode
    is_generated = _is_generated
    page_address = ctypes.cast(text_page, ctypes.c_void_p).value
    page = calls.page(page_address)
    box, box_at, origin, origin_x_at, origin_y_at = calls.buffers()
    runs: dict[int, _Run] = {}
    fonts: dict[int, tuple[str, float]] = {}
    chars: list[Char] = []
    append = chars.append
    unit = 0
    # the current text object's run, unpacked: consecutive glyphs mostly share one
    run_key: int | None = None
    run = None
    fast = unmapped = upright = False
    top = bottom = size = 0.0
    name = ""
    previous_key, previous_right = None, 0.0
    for index in range(count):
        if unit < n_units:
            code = units[unit]
            unit += 1
            if 0xD800 <= code < 0xDC00:  # a surrogate pair: one character, two units
                code = get_unicode(text_page, index)
                unit += 1
        else:
            code = get_unicode(text_page, index)
        key = text_object(page, index)
        if not key:  # generated by PDFium (a space or line break it inferred): not drawn
            continue
        if key != run_key:
            if run_key is not None:
                ends[run_key] = len(chars)
            starts.setdefault(key, len(chars))
            run = runs.get(key)
            if run is None:
                run = runs[key] = _run(page_address, key, index, display, fonts)
            run_key = key
            fast, unmapped, upright, name, size = (
                run.fast,
                run.unmapped,
                run.upright,
                run.name,
                run.size,
            )
            bottom = height - (run.baseline + run.descent)
            top = bottom - size
        loose_box(page, index, box_at)
        get_origin(page, index, origin_x_at, origin_y_at)
        if code == 0x20 and box.right == box.left and is_generated(page_address, index):
            # PDFium's space for a gap (a TJ adjustment) inside a text object, put at the
            # origin of the glyph after the gap; when that glyph was a drawn space, PDFium
            # left it out (two spaces in a row), and this one stands for it
            end = _left_out_space(text_page, index, count, key, origin[0], origin[1])
            if end is None:
                continue  # the glyph after the gap is the next character: nothing drawn
            box.right = end
        if code == 0xFFFE:  # PDFium's mark for a hyphen it took to end a line
            code = 0x2D
        if unmapped and raw.FPDFText_HasUnicodeMapError(text_page, index) == 1:
            text = f"(cid:{code})"  # no Unicode for the glyph: pdfminer's glyph code
        elif code >= 0x20 or code in (9, 10, 13):
            text = chr(code)
        else:
            text = f"(cid:{code})"
        if fast:
            # the loose box is the advance box and the glyph's outline together: a glyph
            # that overhangs its advance ('j', 'f') makes it wider; x0 is the origin's
            left = origin[0]
            if previous_key == key and previous_right > left >= chars[-1][1]:
                # PDFium widens a glyph by the TJ adjustment after it; pdfminer's box ends at
                # the advance, which the next glyph's origin bounds
                last = chars[-1]
                chars[-1] = (last[0], last[1], last[2], left, last[4], last[5], last[6], last[7])
            previous_key = key
            previous_right = right = box.right
            append((text, left, top, right, bottom, upright, name, size))
            continue
        # turned page or text: the loose box and the origin, turned to the display
        previous_key = None
        assert run is not None
        corners = [_apply(display, x, y) for x, y in ((box.left, box.bottom), (box.right, box.top))]
        x0, x1 = sorted(p[0] for p in corners)
        y0, y1 = sorted(p[1] for p in corners)
        ox, oy = _apply(display, origin[0], origin[1])
        if upright:
            y0 = oy + run.descent
            y1 = y0 + size
            glyph_size = size
        else:
            # pdfminer's extent across the run, as for upright text: from the origin +
            # descent to one em beyond, along the glyph's up, turned to the display (the
            # loose box's runs from the font's descent to its ascent); along the run the
            # loose box is the advance, and pdfminer's size is the box's height (rounded to
            # a thousandth of a point: the loose box is single precision, and glyphs of
            # one advance must keep one size, or the words split where pdfminer's do not)
            ux, uy = run.up
            if abs(ux) >= abs(uy):  # the run is vertical on the display: up is across x
                x0, x1 = sorted((ox + ux * run.descent, ox + ux * (run.descent + size)))
            else:  # turned upside down or mirrored: up is across y
                y0, y1 = sorted((oy + uy * run.descent, oy + uy * (run.descent + size)))
            glyph_size = round(y1 - y0, 3)
        append((text, x0, height - y1, x1, height - y0, upright, name, glyph_size))
    if run_key is not None:
        ends[run_key] = len(chars)
    return chars


def _put_back(
    chars: list[Char], blanks: list[_Blank], starts: dict[int, int], ends: dict[int, int]
) -> None:
    """The drawn spaces the text page left out, each after the characters of the text
    object drawn before it (else before those of the one drawn after it): where pdfminer
    lists it, in drawing order."""
    places = []
    for order, blank in enumerate(blanks):
        if blank.after in ends:
            place = ends[blank.after]
        elif blank.before in starts:
            place = starts[blank.before]
        else:
            place = len(chars)
        places.append((place, order, blank.char))
    for place, _, char in sorted(places, reverse=True):
        chars.insert(place, char)


def _left_out_space(
    text_page: Any, index: int, count: int, key: int, x: float, y: float
) -> float | None:
    """Where the drawn space that PDFium's generated space at ``index`` (origin ``x``,
    ``y``) stands for ends, in page space; ``None`` when it stands for none.

    PDFium generates a space inside a text object before a glyph that a TJ adjustment
    moved away (``CPDF_TextPage::ProcessTextObject``), at that glyph's origin, and then
    deletes the second of two spaces in a row (``CloseTempLine``). The glyph after the
    adjustment is thus the next character, at the very same origin, unless it was a drawn
    space, which is gone: the next character of the object starts elsewhere, or the object
    has none left."""
    if (
        index + 1 < count
        and _text_object_at(ctypes.cast(text_page, ctypes.c_void_p).value, index + 1) == key
    ):
        next_x, next_y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(text_page, index + 1, ctypes.byref(next_x), ctypes.byref(next_y))
        if next_x.value == x and next_y.value == y:
            return None
    obj = raw.FPDFText_GetTextObject(text_page, index)
    font = raw.FPDFTextObj_GetFont(obj)
    font_size, advance = ctypes.c_float(), ctypes.c_float()
    if not (
        font
        and raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(font_size))
        and raw.FPDFFont_GetGlyphWidth(font, 0x20, font_size, ctypes.byref(advance))
    ):
        return x
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(text_page, index, ctypes.byref(matrix))
    return x + advance.value * matrix.a


def tuples_to_words(chars: list[Char]) -> list[Obj]:
    """``pdf_playa.chars_to_words`` on character tuples: pdfplumber's words, same order."""
    return [dict(zip(WORD_KEYS, w, strict=True)) for w in word_tuples(chars)]


def word_tuples(chars: list[Char]) -> list[Char]:
    """``tuples_to_words`` as tuples in the order of ``WORD_KEYS`` (what the layout reads).

    Runs of characters sharing upright/font/size are cut into lines by clustering their
    tops within ``Y_TOLERANCE``; each line, in x order, is cut at a space and where a
    character starts more than ``X_TOLERANCE`` after the previous one ends or more than
    ``Y_TOLERANCE`` above or below it. Rotated runs go to pdfplumber's own extractor."""
    words: list[Char] = []
    for key, run in groupby(chars, _run_key):
        group = list(run)
        if not key[0]:
            words.extend(
                tuple(w[k] for k in WORD_KEYS)  # type: ignore[misc]
                for w in _REFERENCE_WORDS.extract_words(_as_dicts(group))
            )
            continue
        upright, fontname, size = key
        for line in _run_lines(group):
            line.sort(key=_x0)
            _line_words(line, upright, fontname, size, words)
    return words


def _run_lines(group: list[Char]) -> list[list[Char]]:
    """The run's characters in lines: tops clustered within ``Y_TOLERANCE``, top first."""
    cluster_of: dict[float, int] = {}
    last = -math.inf
    index = -1
    for top in sorted({c[2] for c in group}):
        if top > last + Y_TOLERANCE:
            index += 1
        cluster_of[top] = index
        last = top
    if index == 0:  # one line
        return [group]
    # a run's characters come a line at a time: move them in stretches of one line
    lines: dict[int, list[Char]] = {}
    clusters = map(cluster_of.__getitem__, map(_top, group))
    for cluster, stretch in groupby(zip(clusters, group, strict=True), key=_first):
        lines.setdefault(cluster, []).extend(map(_second, stretch))
    return [lines[i] for i in sorted(lines)]


def _line_words(
    line: list[Char], upright: bool, fontname: str, size: float, words: list[Char]
) -> None:
    """Append the words of one line of one run (characters in x order) to ``words``."""
    append = words.append
    texts = [c[0] for c in line]
    joined = "".join(texts)
    n = len(line)
    if len(joined) == n and "" not in texts:  # one code point a character: spaces found in C
        spaces = [m.start() for m in _SPACE.finditer(joined)]
    else:
        spaces = [i for i, text in enumerate(texts) if text.isspace()]
    gaps = [
        i
        for i, (before, char) in enumerate(pairwise(line), 1)
        if char[1] > before[3] + X_TOLERANCE or abs(char[2] - before[2]) > Y_TOLERANCE
    ]
    if not spaces and not gaps:
        cuts: list[int] = []
    elif not gaps:
        cuts = spaces
    else:
        cuts = sorted({*spaces, *gaps})
    is_space = set(spaces)
    start = 0
    for cut in cuts:
        if start < cut:
            append(_word_tuple(line, texts, start, cut, upright, fontname, size))
        start = cut + 1 if cut in is_space else cut
    if start < n:
        append(_word_tuple(line, texts, start, n, upright, fontname, size))


_run_key = itemgetter(5, 6, 7)
_x0 = itemgetter(1)
_top = itemgetter(2)
_x1 = itemgetter(3)
_bottom = itemgetter(4)
_first = itemgetter(0)
_second = itemgetter(1)
_SPACE = re.compile(r"\s")
_REFERENCE_WORDS = WordExtractor(extra_attrs=WORD_ATTRS)
_LIGATURE_TABLE = str.maketrans(LIGATURES)


def _as_dicts(chars: list[Char]) -> list[Obj]:
    return [
        {**dict(zip(_CHAR_KEYS, c, strict=True)), "doctop": c[2], "width": c[3] - c[1]}
        for c in chars
    ]


def _word_tuple(
    line: list[Char],
    texts: list[str],
    start: int,
    end: int,
    upright: bool,
    fontname: str,
    size: float,
) -> Char:
    """The word of ``line[start:end]`` (characters of one run, in x order: the first has
    the smallest x0; ``texts`` are their texts)."""
    first = line[start]
    if end - start == 1:
        return (
            first[0].translate(_LIGATURE_TABLE),
            first[1],
            first[2],
            first[3],
            first[4],
            upright,
            fontname,
            size,
        )
    chars = line[start:end]
    return (
        "".join(texts[start:end]).translate(_LIGATURE_TABLE),
        first[1],
        min(map(_top, chars)),
        max(map(_x1, chars)),
        max(map(_bottom, chars)),
        upright,
        fontname,
        size,
    )


# --- shapes -----------------------------------------------------------------------------


def _page_objects(page: pdfium.PdfPage, number: int) -> EnginePage:
    display, width, height = _display_matrix(tuple(page.get_mediabox()), page.get_rotation())
    rects: list[Obj] = []
    lines: list[Obj] = []
    curves: list[Obj] = []
    objects = [
        raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))
    ]
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    text_page = raw.FPDFText_LoadPage(page.raw)
    try:
        chars = _page_chars(text_page, height, display, starts, ends) if text_page else []
    finally:
        if text_page:
            raw.FPDFText_ClosePage(text_page)
    walk = _Walk(height, rects, lines, curves, ends)
    _paint_objects(objects, display, walk)
    if walk.blanks:
        _put_back(chars, walk.blanks, starts, ends)
    return PdfiumPage(number, width, height, chars, rects, lines, curves)


def _object_matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


@dataclass(slots=True)
class _Blank:
    """A text object PDFium's text page leaves out: its box has no width (PDFium's
    ``ProcessTextObject`` skips it), so its one glyph has no outline: a drawn space."""

    after: int | None
    """The text object drawn before it (its address), if any."""
    before: int | None
    """The text object drawn after it, if any."""
    char: Char


@dataclass(slots=True)
class _Walk:
    """What walking a page's objects in drawing order collects."""

    height: float
    rects: list[Obj]
    lines: list[Obj]
    curves: list[Obj]
    in_text_page: dict[int, int]
    """The text objects with characters in the text page (by address)."""
    blanks: list[_Blank] = field(default_factory=list)
    last_text: int | None = None
    waiting: int = 0
    """How many of the last blanks wait for the text object drawn after them."""
    fonts: dict[tuple[int, float], tuple[str, float, float]] = field(default_factory=dict)
    """Per font (address, valid while the page is open) and size: its name, the advance
    of its space and its descent."""


_address = _VOID.from_buffer
_bound = [ctypes.c_float() for _ in range(4)]
_bound_at = [ctypes.addressof(b) for b in _bound]
_BLANK_WIDTH = 0.01
"""PDFium's ``kSizeEpsilon``: a text object narrower than this is not in the text page."""
_em = ctypes.c_float()
_em_at = ctypes.addressof(_em)
_text_matrix = raw.FS_MATRIX()
_text_matrix_at = ctypes.addressof(_text_matrix)


def _paint_objects(objects: list[Any], outer: Matrix, walk: _Walk) -> None:
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _OBJ_TEXT:
            key = _address(obj).value  # the handle's address, as the text page gives it
            if key in walk.in_text_page:
                if walk.waiting:
                    for blank in walk.blanks[-walk.waiting :]:
                        blank.before = key
                    walk.waiting = 0
                walk.last_text = key
                continue
            # not in the text page: blank, or text PDFium took for a copy (fake bold)
            left, _, right, _ = _bound
            if _bounds_of(key, *_bound_at) and abs(right.value - left.value) < _BLANK_WIDTH:
                char = _blank_char(key, outer, walk)
                if char is not None:
                    walk.blanks.append(_Blank(walk.last_text, None, char))
                    walk.waiting += 1
        elif kind == _OBJ_PATH:
            _paint_path(obj, outer, walk.height, walk.rects, walk.lines, walk.curves)
        elif kind == _OBJ_FORM:
            inner = _multiply(_object_matrix(obj), outer)
            children = [
                raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))
            ]
            _paint_objects(children, inner, walk)


def _blank_char(obj: int, outer: Matrix, walk: _Walk) -> Char | None:
    """The space a blank text object (its address) draws, as pdfminer boxes it: from its
    origin, one space advance wide, the font's descent to one em above that. ``None``
    for a text object with no font or (nearly) no size, which draws nothing."""
    font = _font_of(obj)
    if not font or not _font_size_of(obj, _em_at) or not _matrix_of(obj, _text_matrix_at):
        return None
    em = _em.value
    m = _text_matrix
    a, b, c, d, e, f = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    size = em * (math.hypot(c, d) or 1.0)
    if size < 1.0:
        return None
    font_key = (font, em)
    known = walk.fonts.get(font_key)
    if known is None:
        handle = ctypes.cast(font, raw.FPDF_FONT)
        advance, descent = ctypes.c_float(), ctypes.c_float()
        if not raw.FPDFFont_GetGlyphWidth(handle, 0x20, em, ctypes.byref(advance)):
            advance.value = 0.0
        if not raw.FPDFFont_GetDescent(handle, em, ctypes.byref(descent)):
            descent.value = 0.0
        known = walk.fonts[font_key] = (_font_name(handle), advance.value, descent.value)
    name, width, low = known
    height = walk.height
    # the box in text space (the text matrix carries no font size), turned to the page
    high = low + em
    if b == 0 and c == 0 and a > 0 and d > 0:
        return (
            " ",
            e,
            height - (f + d * high),
            e + a * width,
            height - (f + d * low),
            True,
            name,
            size,
        )
    xs = [a * x + c * y + e for x, y in ((0.0, low), (width, low), (0.0, high), (width, high))]
    ys = [b * x + d * y + f for x, y in ((0.0, low), (width, low), (0.0, high), (width, high))]
    upright = a * d > 0 and b * c <= 0
    y0, y1 = min(ys), max(ys)
    return (
        " ",
        min(xs),
        height - y1,
        max(xs),
        height - y0,
        upright,
        name,
        size if upright else y1 - y0,
    )


_fill_mode, _stroke = ctypes.c_int(), ctypes.c_int()
_channels = [ctypes.c_uint() for _ in range(4)]
_point_x, _point_y = ctypes.c_float(), ctypes.c_float()
_point_x_at, _point_y_at = ctypes.addressof(_point_x), ctypes.addressof(_point_y)
_count_segments = _address_function("FPDFPath_CountSegments", _INT, _VOID)
_segment_of = _address_function("FPDFPath_GetPathSegment", _VOID, _VOID, _INT)
_segment_point = _address_function("FPDFPathSegment_GetPoint", _INT, _VOID, _VOID, _VOID)
_segment_type = _address_function("FPDFPathSegment_GetType", _INT, _VOID)
_segment_closes = _address_function("FPDFPathSegment_GetClose", _INT, _VOID)


def _colour(getter: Any, obj: Any) -> tuple[float, ...] | None:
    if not getter(obj, *(ctypes.byref(c) for c in _channels)):
        return None
    return tuple(c.value / 255 for c in _channels[:3])


def _paint_path(
    obj: Any, outer: Matrix, height: float, rects: list[Obj], lines: list[Obj], curves: list[Obj]
) -> None:
    """pdfminer's ``paint_path`` on a PDFium path object (see ``pdf_playa._paint_path``)."""
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(_fill_mode), ctypes.byref(_stroke)):
        return
    fill, stroke = _fill_mode.value != 0, bool(_stroke.value)
    if not (fill or stroke):
        return
    segments: list[tuple[str, tuple[tuple[float, float], ...]]] = []
    bezier: list[tuple[float, float]] = []
    path = _address(obj).value
    for i in range(_count_segments(path)):
        segment = _segment_of(path, i)
        if not _segment_point(segment, _point_x_at, _point_y_at):
            _point_x.value = _point_y.value = 0.0
        point = (float(_point_x.value), float(_point_y.value))
        kind = _segment_type(segment)
        if kind == _SEG_BEZIER:
            bezier.append(point)
            if len(bezier) == 3:
                segments.append(("c", tuple(bezier)))
                bezier = []
        else:
            segments.append(("m" if kind == _SEG_MOVE else "l", (point,)))
        if _segment_closes(segment):
            segments.append(("h", ()))
    shape = "".join(op for op, _ in segments)
    if shape[:1] != "m":
        return
    matrix = _multiply(_object_matrix(obj), outer)
    attrs = {
        "fill": fill,
        "stroke": stroke,
        "evenodd": _fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE,
        "linewidth": _stroke_width(obj),
        "stroking_color": _colour(raw.FPDFPageObj_GetStrokeColor, obj),
        "non_stroking_color": _colour(raw.FPDFPageObj_GetFillColor, obj),
    }
    starts = [i for i, (op, _) in enumerate(segments) if op == "m"] + [len(segments)]
    for begin, end in pairwise(starts):
        _paint_subpath(segments[begin:end], matrix, height, attrs, rects, lines, curves)


def _stroke_width(obj: Any) -> float:
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
    return float(width.value)


def _paint_subpath(
    segments: list[tuple[str, tuple[tuple[float, float], ...]]],
    matrix: Matrix,
    height: float,
    attrs: Obj,
    rects: list[Obj],
    lines: list[Obj],
    curves: list[Obj],
) -> None:
    shape = "".join(op for op, _ in segments)
    start = segments[0][1][-1]
    a, b, c, d, e, f = matrix
    pts = [
        (a * x + c * y + e, b * x + d * y + f)
        for x, y in (pts[-1] if op != "h" else start for op, pts in segments)
    ]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        lines.append(_shape("line", pts[:2], height, dict(attrs)))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            rects.append(_shape("rect", [pts[0], pts[2]], height, dict(attrs)))
            return
    curves.append(_shape("curve", pts, height, dict(attrs)))
