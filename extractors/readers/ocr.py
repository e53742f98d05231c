"""OCR for PDF pages without a usable text layer, through the PDF reader's own layout layer.

A page goes through small steps, each a function named for what it turns into what::

    PDF page → picture (pypdfium2, ``OCR_DPI``, grey)
             → deskewed picture (the angle whose row profile is sharpest)
             → words with boxes and confidences (Tesseract's hOCR, or RapidOCR)
             → ruling (long runs of dark pixels in the Otsu-binarised picture)
             → ``OcrPage``: what ``extractors.readers.pdf.read_pages`` reads of a pdfplumber
               page, so words become lines, blocks and, inside ruling, table cells exactly
               as born-digital text does, and every finder works on the result.

Engines (``ENGINES``), chosen by ``resolve_engine``:

* ``tesseract`` — the ``tesseract`` program with its English model (Debian
  ``tesseract-ocr``), where the system has it; run as a subprocess, so
  ``ocr_timeout_s`` stops it cleanly. Preferred: on English council papers it keeps
  word spaces and reads every line, and it is the faster of the two.
* ``rapidocr`` — ``rapidocr-onnxruntime`` 1.4.4 from the ``boardpapers[ocr]`` extra: the
  PP-OCRv4 models ship inside its wheel and run on ONNX Runtime, nothing is downloaded.
  Its recogniser is the Chinese/Latin model, which often drops the spaces between
  English words; they are put back by a word splitter on spaCy's English word
  probabilities and the gaps between its character boxes (``respace``). About three
  times slower than Tesseract, and ten times larger to install (ONNX Runtime, OpenCV).

Nothing is downloaded at run time by either. Blank pages are not OCRed. A page whose
reading is noise (low confidence, mostly symbols: a photograph, glyphs of an unknown
font) gives no words. What OCR cannot give: bold (so short bold lines are not headings;
larger type still is), cell shading and coloured RAG dots (a scan's colours are not
read), drawn arrows, and tables without ruling (read as lines of text).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.model import Document, Page

log = logging.getLogger(__name__)

ENGINES = ("tesseract", "rapidocr")
"""In order of preference."""
INSTALL_HINT = 'pip install "boardpapers[ocr]"'
"""How to install an OCR engine (the extra brings RapidOCR and its models)."""

OCR_DPI = 200
"""Resolution pages are rendered at: enough for 8-point print, quick to recognise."""
MAX_PIXELS = 40_000_000
"""A larger page (a plan, a poster) is rendered at a lower resolution to stay in memory."""
MAX_SKEW_DEGREES = 5.0
SKEW_COARSE_STEP = 0.5
SKEW_FINE_STEP = 0.1
MIN_SKEW_DEGREES = 0.05
"""Smaller angles are left alone: turning the picture costs more than it helps."""
SKEW_SAMPLE_WIDTH = 1000
"""The skew is measured on a copy this wide (pixels)."""

MIN_WORD_CONFIDENCE = 0.3
"""Words recognised with less confidence than this are noise (specks, rules, stamps)."""
MIN_PAGE_CONFIDENCE = 0.6
MIN_ALNUM_SHARE = 0.8
"""A page read with less mean confidence, or whose characters are less often letters and
digits than this, is not text (a photograph, a drawing, glyphs in an unknown font): OCR
gives it no words, and the receipt says so."""
MIN_CHARS_JUDGED = 40
BLANK_INK_SHARE = 0.0008
INK_LEVEL = 160
"""A page with less than this share of pixels darker than ``INK_LEVEL`` is blank: not
OCRed, not counted (a page left blank on purpose, a separator)."""

MIN_RULE_H_PT = 36.0
MIN_RULE_V_PT = 12.0
"""Shortest run of dark pixels (points) that counts as a table rule, across and down."""
MAX_RULE_THICKNESS_PT = 4.0
"""Thicker dark runs are shapes, pictures or redactions, not rules."""
RULE_MEET_PT = 3.0
"""A rule ending this close to a rule of the other direction meets it."""
RULE_GAP_PX = 2
"""Runs this close (pixels) in the next pixel row or column are one rule."""
MAX_RUNS = 20_000
"""A page with more long dark runs than this is a picture: its ruling is not read."""

TESSERACT_LANG = "eng"
TESSERACT_PSM = "3"
"""Automatic page segmentation, no orientation detection."""
RAPIDOCR_SPACE_GAP = 0.25
"""A gap wider than this share of the line height between two characters is a space."""

_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_XSIZE = re.compile(r"x_size ([\d.]+)")
_WCONF = re.compile(r"x_wconf (\d+)")
_BASELINE = re.compile(r"baseline -?[\d.]+ (-?[\d.]+)")
_DESCENDERS = re.compile(r"x_descenders ([\d.]+)")
_RULE_TEXT = re.compile(r"^[|¦]+$")
"""What a table rule comes out as when the engine takes it for text."""
_HOCR_LINES = ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat")
_XHTML = "{http://www.w3.org/1999/xhtml}"


class OcrError(Exception):
    """The engine failed on one page (it crashed, or said why it could not read it)."""


class OcrTimeout(OcrError):
    """The engine took longer than the per-page limit."""


# --- engines ------------------------------------------------------------------------


@functools.cache
def _tesseract() -> str | None:
    """The ``tesseract`` program, when it is installed with its English model."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    languages = {line.strip() for line in listed.stdout.splitlines()[1:]}
    return binary if TESSERACT_LANG in languages else None


def engine_available(name: str) -> bool:
    if name == "tesseract":
        return _tesseract() is not None
    if name == "rapidocr":
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    raise ValueError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")


def resolve_engine(preference: str = "auto") -> str | None:
    """The engine to use: ``preference`` if installed, or the first installed for ``auto``."""
    if preference != "auto":
        return preference if engine_available(preference) else None
    return next((name for name in ENGINES if engine_available(name)), None)


# --- intermediate objects -----------------------------------------------------------


@dataclass(slots=True)
class OcrWord:
    """A recognised word; box in pixels of the deskewed picture, ``size`` its line's height."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    confidence: float


class OcrPage:
    """One OCR page in points, duck-typing what the PDF layout layer reads of a pdfplumber
    page: words with ``fontname`` and ``size``, ruling as line edges, and pdfplumber's own
    table finder on those edges."""

    def __init__(
        self, page_number: int, width: float, height: float, words: list[dict], edges: list[dict]
    ) -> None:
        self.page_number = page_number
        self.width = width
        self.height = height
        self.bbox = (0.0, 0.0, width, height)
        self._words = words
        self.lines = edges
        self.edges = edges
        self.rects: list[dict] = []
        self.curves: list[dict] = []
        self.chars: list[dict] = []

    def extract_words(self, extra_attrs: list[str] | None = None, **_: Any) -> list[dict]:
        return list(self._words)

    def find_tables(self, table_settings: dict[str, Any] | None = None) -> list[Any]:
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]

    def close(self) -> None:
        self._words = []


@dataclass
class OcrResult:
    """What OCR made of some pages of one PDF."""

    engine: str
    pages: list[Page] = field(default_factory=list)
    """Laid-out pages, each with ``ocr_confidence``; a page that failed is left out."""
    problems: list[str] = field(default_factory=list)
    """One sentence per page that could not be read (timeout, engine failure)."""
    seconds: dict[int, float] = field(default_factory=dict)
    """Page number → seconds spent on it (render, deskew, recognise, ruling)."""
    n_pages: int = 0
    properties: dict[str, str] = field(default_factory=dict)
    """The PDF's information dictionary, for a document no text-layer reader could read."""


# --- per page -------------------------------------------------------------------------


def page_to_picture(page: Any, dpi: int = OCR_DPI) -> tuple[Any, float]:
    """A pypdfium2 page → a grey PIL picture, and the resolution it was rendered at."""
    width, height = page.get_size()
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    picture = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    return picture, scale * 72


def is_blank(picture: Any) -> bool:
    import numpy as np

    sample = np.asarray(picture.reduce(4) if picture.width >= 400 else picture)
    return bool((sample < INK_LEVEL).mean() < BLANK_INK_SHARE)


def otsu_threshold(values: Any) -> int:
    """The grey level that best splits ``values`` (uint8) into ink and paper (Otsu)."""
    import numpy as np

    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * np.arange(256))
    rest = total - weight
    valid = (weight > 0) & (rest > 0)
    between = np.zeros(256)
    between[valid] = (mass[-1] / total * weight[valid] - mass[valid]) ** 2 / (
        weight[valid] * rest[valid]
    )
    return int(np.argmax(between))


def skew_angle(picture: Any) -> float:
    """Degrees to turn ``picture`` (counter-clockwise) so its lines of text lie level.

    The angle is the one whose row profile of ink is sharpest (largest squared
    differences between neighbouring rows), searched coarse then fine.
    """
    import numpy as np
    from PIL import Image

    factor = max(1, picture.width // SKEW_SAMPLE_WIDTH)
    small = np.asarray(picture.reduce(factor) if factor > 1 else picture)
    ink = small <= otsu_threshold(small)
    if ink.mean() < 0.001 or ink.mean() > 0.5:
        return 0.0  # blank, or a photograph: nothing to level
    mask = Image.fromarray((ink * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST)).sum(
            axis=1, dtype=np.float64
        )
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, SKEW_COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - SKEW_COARSE_STEP, best + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP)
    return float(round(max(fine, key=sharpness), 2))


def deskew(picture: Any) -> tuple[Any, float]:
    """``picture`` turned level, and the angle it was turned by."""
    from PIL import Image

    angle = skew_angle(picture)
    if abs(angle) < MIN_SKEW_DEGREES:
        return picture, 0.0
    level = picture.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return level, angle


def picture_to_words(
    picture: Any, engine: str, dpi: float, timeout_s: float
) -> tuple[list[OcrWord], float]:
    """Words of a level grey picture, and the page's mean word confidence (0..1)."""
    if engine == "tesseract":
        words = _tesseract_words(picture, dpi, timeout_s)
    elif engine == "rapidocr":
        with _deadline(timeout_s):
            words = _rapidocr_words(picture)
    else:
        raise ValueError(f"unknown OCR engine {engine!r}; choose one of {', '.join(ENGINES)}")
    words = [
        w
        for w in words
        if w.confidence >= MIN_WORD_CONFIDENCE and w.text.strip() and not _RULE_TEXT.match(w.text)
    ]
    chars = sum(len(w.text) for w in words)
    confidence = sum(w.confidence * len(w.text) for w in words) / chars if chars else 0.0
    return words, confidence


def words_are_text(words: list[OcrWord], confidence: float) -> bool:
    """Whether what the engine read looks like text rather than noise taken for letters."""
    chars = "".join(w.text for w in words)
    if not chars:
        return False
    if confidence < MIN_PAGE_CONFIDENCE:
        return False
    alnum = sum(ch.isalnum() for ch in chars) / len(chars)
    return len(chars) < MIN_CHARS_JUDGED or alnum >= MIN_ALNUM_SHARE


def _tesseract_words(picture: Any, dpi: float, timeout_s: float) -> list[OcrWord]:
    binary = _tesseract()
    if binary is None:
        raise OcrError("tesseract is not installed")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    command = [binary, "stdin", "stdout", "--dpi", str(round(dpi)), "--psm", TESSERACT_PSM]
    command += ["-l", TESSERACT_LANG, "hocr"]
    # one thread per page: the workers already use every core, and OpenMP fights them
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            command, input=buffer.getvalue(), capture_output=True, timeout=timeout_s, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrTimeout(f"over {timeout_s:g}s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(message[-1] if message else f"tesseract exit code {done.returncode}")
    return hocr_to_words(done.stdout)


def hocr_to_words(hocr: bytes) -> list[OcrWord]:
    """Tesseract's hOCR → words; each word takes its line's top, bottom and size, so
    the words of one printed line stay one line however their letters rise and fall."""
    try:
        root = ET.fromstring(hocr)
    except ET.ParseError as exc:
        raise OcrError(f"unreadable hOCR ({exc})") from exc
    words = []
    for span in root.iter(f"{_XHTML}span"):
        if span.get("class") not in _HOCR_LINES:
            continue
        title = span.get("title", "")
        box = _BBOX.search(title)
        size = _XSIZE.search(title)
        if box is None:
            continue
        _, top, _, bottom = (float(v) for v in box.groups())
        height = float(size.group(1)) if size else bottom - top
        baseline = _BASELINE.search(title)
        descent = _DESCENDERS.search(title)
        if baseline and descent:  # the line's own size, not its letters': "on" as tall as "by"
            bottom = bottom + float(baseline.group(1)) + float(descent.group(1))
            top = bottom - height
        for child in span:
            if child.get("class") != "ocrx_word":
                continue
            text = "".join(child.itertext()).strip()
            word_box = _BBOX.search(child.get("title", ""))
            conf = _WCONF.search(child.get("title", ""))
            if not text or word_box is None:
                continue
            x0, _, x1, _ = (float(v) for v in word_box.groups())
            confidence = int(conf.group(1)) / 100 if conf else 0.0
            words.append(OcrWord(text, x0, top, x1, bottom, height, confidence))
    return words


@functools.cache
def _rapidocr_engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR

        return RapidOCR()
    except (ImportError, OSError) as exc:  # e.g. OpenCV without its system libraries
        raise OcrError(f"RapidOCR could not start: {exc}") from exc


def _rapidocr_words(picture: Any) -> list[OcrWord]:
    import numpy as np

    result, _ = _rapidocr_engine()(np.asarray(picture.convert("RGB")), return_word_box=True)
    words = []
    for item in result or []:
        box, text, score = item[0], item[1], float(item[2])
        chars = item[3] if len(item) > 3 else []
        top = min(p[1] for p in box)
        bottom = max(p[1] for p in box)
        height = max(bottom - top, 1)
        if not text.strip():
            continue
        if not isinstance(chars, list) or len(chars) != len(text):
            x0, x1 = min(p[0] for p in box), max(p[0] for p in box)
            words.append(OcrWord(text.strip(), x0, top, x1, bottom, height, score))
            continue
        gaps = [0.0] + [(chars[i][0][0] - chars[i - 1][1][0]) / height for i in range(1, len(text))]
        line: list[OcrWord] = []
        for start, end in respace(text, gaps):
            x0 = min(p[0] for c in chars[start:end] for p in c)
            x1 = max(p[0] for c in chars[start:end] for p in c)
            if line and x0 - line[-1].x1 < WORD_SPACE * height:
                # character boxes touch: open a gap the layout layer reads as a space
                line[-1].x1 = max(line[-1].x0 + 1, x0 - WORD_SPACE * height)
            line.append(OcrWord(text[start:end], x0, top, x1, bottom, height, score))
        words.extend(line)
    return words


# --- putting back the spaces RapidOCR drops -------------------------------------------
# Its recogniser reads "thatthe Improvement Boardbe". Where a space goes is decided like
# a word splitter does, with word probabilities (spaCy's English lexeme table) and the
# evidence of the line: wide gaps between character boxes, a capital after a small
# letter, a letter after a full stop, digits beside letters.

FORCED_SPACE_GAP = 0.45
WORD_SPACE = 0.25
"""Gap (share of the line height) left between two words whose character boxes touch."""
"""A gap this wide (share of the line height) between two characters is always a space."""
WIDE_GAP = 0.3
NARROW_GAP = 0.17
SPLIT_EVIDENCE = 3.0
"""Log-probability bonus (or malus) a split gets from each piece of evidence for (against) it."""
UNKNOWN_WORD_LOG_PROB = -22.0
UNKNOWN_CHAR_LOG_PROB = -1.5
NUMBER_LOG_PROB = -6.0
MAX_WORD_CHARS = 24
_OPENING = "([{\"'‘“"
_CLOSING = ".,;:!?)]}\"'’”"
_NUMBER = re.compile(r"[\d.,:/%£$€-]+")
_LEXEME_FILE = "en_lexeme_prob.json.gz"


@functools.cache
def _word_log_probs() -> dict[str, float]:
    """English word → log probability (about a million forms, from spacy-lookups-data)."""
    import gzip
    import json

    import spacy_lookups_data

    with gzip.open(spacy_lookups_data.get_file(_LEXEME_FILE), "rt", encoding="utf-8") as f:
        return json.load(f)


def _piece_log_prob(piece: str) -> float:
    core = piece.lstrip(_OPENING).rstrip(_CLOSING)
    if not core or _NUMBER.fullmatch(core):
        return NUMBER_LOG_PROB
    known = _word_log_probs().get(core.lower())
    if known is not None:
        return known
    return UNKNOWN_WORD_LOG_PROB + UNKNOWN_CHAR_LOG_PROB * len(core)


def _split_evidence(text: str, i: int, gap: float) -> float:
    """How much the line says for a space between ``text[i - 1]`` and ``text[i]``."""
    before, after = text[i - 1], text[i]
    evidence = 0.0
    if gap >= WIDE_GAP:
        evidence += SPLIT_EVIDENCE
    elif gap < NARROW_GAP:
        evidence -= SPLIT_EVIDENCE
    if after in "'’":
        evidence -= 2 * SPLIT_EVIDENCE  # "Children's", not "Children 's"
    if before.islower() and after.isupper():
        evidence += SPLIT_EVIDENCE
    if before in ".,;:)" and after.isalpha():
        evidence += SPLIT_EVIDENCE
    if before.isdigit() != after.isdigit() and (before.isalpha() or after.isalpha()):
        evidence += SPLIT_EVIDENCE / 2
    return evidence


def respace(text: str, gaps: list[float]) -> list[tuple[int, int]]:
    """Word spans ``(start, end)`` of a recognised line; ``gaps[i]`` is the gap before
    character ``i`` as a share of the line height."""
    spans: list[tuple[int, int]] = []
    chunk_start = None
    for i in range(len(text) + 1):
        boundary = i == len(text) or text[i] == " " or (i and gaps[i] >= FORCED_SPACE_GAP)
        if boundary and chunk_start is not None:
            spans.extend(_segment(text, gaps, chunk_start, i))
            chunk_start = None
        if i < len(text) and text[i] != " " and chunk_start is None:
            chunk_start = i
    return spans


def _segment(text: str, gaps: list[float], start: int, end: int) -> list[tuple[int, int]]:
    """The most probable split of ``text[start:end]`` into words (Viterbi)."""
    best = [0.0] + [float("-inf")] * (end - start)
    back = [0] * (end - start + 1)
    for j in range(1, end - start + 1):
        for i in range(max(0, j - MAX_WORD_CHARS), j):
            score = best[i] + _piece_log_prob(text[start + i : start + j])
            if i:
                score += _split_evidence(text, start + i, gaps[start + i])
            if score > best[j]:
                best[j], back[j] = score, i
    spans = []
    j = end - start
    while j > 0:
        spans.append((start + back[j], start + j))
        j = back[j]
    return spans[::-1]


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise ``OcrTimeout`` in this thread after ``seconds`` (main thread only: elsewhere the
    worker's own file timeout is the bound)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OcrTimeout(f"over {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def picture_to_ruling(picture: Any, dpi: float) -> list[dict[str, Any]]:
    """Table rules of a level grey picture as pdfplumber line edges, in points.

    A rule is a long, thin run of ink: rows (or columns) of the Otsu-binarised picture
    whose dark runs are at least ``MIN_RULE_*_PT`` long, merged with the runs beside them,
    and at most ``MAX_RULE_THICKNESS_PT`` thick.
    """
    import numpy as np

    grey = np.asarray(picture)
    ink = grey <= otsu_threshold(grey)
    scale = 72 / dpi
    edges = []
    for orientation, mask, min_pt in (("h", ink, MIN_RULE_H_PT), ("v", ink.T, MIN_RULE_V_PT)):
        runs = _long_runs(mask, round(min_pt / scale))
        if len(runs) > MAX_RUNS:
            return []
        max_thickness = MAX_RULE_THICKNESS_PT / scale
        for across, start, end, thickness in _merge_runs(runs):
            if thickness > max_thickness:
                continue
            middle = across * scale
            a, b = start * scale, end * scale
            if orientation == "h":
                box = {"x0": a, "x1": b, "top": middle, "bottom": middle}
                size = {"width": b - a, "height": 0.0}
            else:
                box = {"x0": middle, "x1": middle, "top": a, "bottom": b}
                size = {"width": 0.0, "height": b - a}
            edges.append({"object_type": "line_edge", "orientation": orientation, **box, **size})
    return _connected(edges)


def _connected(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules that meet a rule of the other direction: a table's grid. Strokes of large
    letters and underlines meet none, so they make no cells."""
    tolerance = RULE_MEET_PT
    across = [e for e in edges if e["orientation"] == "h"]
    down = [e for e in edges if e["orientation"] == "v"]

    def meet(h: dict[str, Any], v: dict[str, Any]) -> bool:
        return (
            h["x0"] - tolerance <= v["x0"] <= h["x1"] + tolerance
            and v["top"] - tolerance <= h["top"] <= v["bottom"] + tolerance
        )

    kept_h = [h for h in across if any(meet(h, v) for v in down)]
    kept_v = [v for v in down if any(meet(h, v) for h in kept_h)]
    return kept_h + kept_v


def _long_runs(mask: Any, min_length: int) -> list[tuple[int, int, int]]:
    """``(row, start, end)`` of every run of ``True`` at least ``min_length`` long."""
    import numpy as np

    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    keep = ends - starts >= min_length
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def _merge_runs(runs: list[tuple[int, int, int]]) -> list[tuple[float, int, int, int]]:
    """Runs in neighbouring rows with about the same ends → ``(middle row, start, end,
    thickness)``: one rule, however many pixel rows thick."""
    open_rules: list[list[int]] = []  # [first row, last row, start, end]
    done: list[list[int]] = []
    for row, start, end in sorted(runs):
        for rule in open_rules:
            if (
                row - rule[1] <= RULE_GAP_PX
                and abs(start - rule[2]) <= RULE_GAP_PX * 4
                and abs(end - rule[3]) <= RULE_GAP_PX * 4
            ):
                rule[1] = row
                rule[2], rule[3] = min(rule[2], start), max(rule[3], end)
                break
        else:
            open_rules.append([row, row, start, end])
        still_open = []
        for rule in open_rules:
            (still_open if row - rule[1] <= RULE_GAP_PX else done).append(rule)
        open_rules = still_open
    done.extend(open_rules)
    return [((r[0] + r[1]) / 2, r[2], r[3], r[1] - r[0] + 1) for r in done]


def words_to_page(
    number: int, width: float, height: float, words: list[OcrWord], edges: list[dict], dpi: float
) -> OcrPage:
    """Words in pixels → an ``OcrPage`` in points, sizes rounded to half points."""
    scale = 72 / dpi
    plumber_words = [
        {
            "text": w.text,
            "x0": w.x0 * scale,
            "x1": w.x1 * scale,
            "top": w.top * scale,
            "bottom": w.bottom * scale,
            "fontname": "",
            "size": round(w.size * scale * 2) / 2,
        }
        for w in words
    ]
    return OcrPage(number, width, height, plumber_words, edges)


# --- per document ---------------------------------------------------------------------


def pages_without_text(path: Path, numbers: list[int]) -> list[int]:
    """Those of pages ``numbers`` whose text layer holds no character but white space."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return []  # pdfium cannot open it: it cannot render it for OCR either
    empty = []
    try:
        for number in numbers:
            if not 0 < number <= len(pdf):
                continue
            try:
                page = pdf[number - 1]
                textpage = page.get_textpage()
            except pypdfium2.PdfiumError:
                continue  # a page pdfium cannot load: it cannot render it either
            try:
                if not textpage.get_text_range().strip():
                    empty.append(number)
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return empty


def ocr_pages(
    path: Path,
    numbers: list[int] | None,
    source_path: str,
    doc_id: str,
    engine: str,
    timeout_s: float,
    dpi: int = OCR_DPI,
) -> OcrResult:
    """OCR pages ``numbers`` (all when None) of the PDF at ``path``, one by one.

    Each page is bounded by ``timeout_s``; a page that runs over or that the engine
    fails on is left out and described in ``OcrResult.problems``.
    """
    import pypdfium2

    from extractors.readers.pdf import read_pages

    result = OcrResult(engine=engine)
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        result.problems.append(f"its pages could not be rendered for OCR ({exc})")
        return result
    try:
        result.n_pages = len(pdf)
        result.properties = _properties(pdf)
        wanted = range(1, result.n_pages + 1) if numbers is None else numbers
        pages: list[OcrPage] = []
        confidence: dict[int, float] = {}
        for number in wanted:
            clock = time.perf_counter()
            page = pdf[number - 1]
            try:
                read = _ocr_page(page, number, engine, timeout_s, dpi, confidence)
                if read is not None:
                    pages.append(read)
            except OcrTimeout:
                result.problems.append(
                    f"page {number} could not be read by OCR within {timeout_s:g}s "
                    "(raise --ocr-timeout)"
                )
            except (OcrError, pypdfium2.PdfiumError) as exc:
                result.problems.append(f"page {number} could not be read by OCR ({exc})")
            finally:
                page.close()
                result.seconds[number] = time.perf_counter() - clock
    finally:
        pdf.close()
    if pages:
        laid_out = read_pages(pages, source_path, doc_id)
        for page_model in laid_out.pages:
            page_model.ocr_confidence = round(confidence[page_model.number], 3)
        result.pages = laid_out.pages
    return result


def _ocr_page(
    page: Any, number: int, engine: str, timeout_s: float, dpi: int, confidence: dict[int, float]
) -> OcrPage | None:
    """One page read by OCR; None for a blank page."""
    picture, actual_dpi = page_to_picture(page, dpi)
    if is_blank(picture):
        return None
    # a turned page (/Rotate) renders turned: its displayed size is the picture's
    width, height = picture.width * 72 / actual_dpi, picture.height * 72 / actual_dpi
    level, angle = deskew(picture)
    words, confidence[number] = picture_to_words(level, engine, actual_dpi, timeout_s)
    if not words_are_text(words, confidence[number]):
        words = []
    edges = picture_to_ruling(level, actual_dpi)
    log.info(
        "OCR page %d: %d words, confidence %.2f, skew %.2f°, %d rules",
        number,
        len(words),
        confidence[number],
        angle,
        len(edges),
    )
    return words_to_page(number, width, height, words, edges, actual_dpi)


def _properties(pdf: Any) -> dict[str, str]:
    try:
        metadata = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # damaged information dictionary: the pages still count
        return {}
    return {str(k): str(v).strip() for k, v in metadata.items() if str(v).strip()}


def splice(doc: Document, result: OcrResult) -> Document:
    """Put OCR pages in place of the same-numbered pages of ``doc``."""
    by_number = {page.number: page for page in result.pages}
    doc.pages = [by_number.get(page.number, page) for page in doc.pages]
    doc.warnings.extend(result.problems)
    return doc
