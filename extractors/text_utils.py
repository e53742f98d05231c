"""Small text clean-ups every extractor needs."""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from re import _parser as _sre  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar, cast

# --- remembering per document -----------------------------------------------------------

DOCUMENT_CACHE_SIZE = 8192
"""Distinct arguments one remembered function keeps for the document being read."""
_F = TypeVar("_F", bound=Callable[..., Any])
_DOCUMENT_CACHES: list[Any] = []


def per_document(function: _F) -> _F:
    """``function`` remembered for the document being read: the finders ask the same
    questions of the same cell and line texts many times over. For pure functions of
    hashable arguments whose results are never changed by callers (strings, frozen
    records, tuples). ``forget_document`` empties every such memory."""
    cached = functools.lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(function)
    _DOCUMENT_CACHES.append(cached)
    return cast(_F, cached)


_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, eq=False)
class Same(Generic[_T]):
    """An unhashable object (a table's rows) as a ``per_document`` argument: equal only to
    the very same object. The memory holds it, so its id is not reused while remembered."""

    value: _T

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


def forget_document() -> None:
    """Empty what ``per_document`` functions remember (the extract stage calls this before
    each document, so memory and timings never depend on the documents read before)."""
    for cached in _DOCUMENT_CACHES:
        cached.cache_clear()


_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_NUMBER_PREFIX = re.compile(
    r"^\s*(?:-\s*)?(?P<ref>\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+", re.IGNORECASE
)


@per_document
def clean(text: str | None) -> str | None:
    """Whitespace normalised, hyphenation breaks and layout line breaks removed; None if empty."""
    if text is None:
        return None
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    return text or None


def split_ref(text: str) -> tuple[str | None, str]:
    """``("7", "Monthly reports …")`` for ``"7. Monthly reports …"``; ``(None, text)`` otherwise."""
    m = _NUMBER_PREFIX.match(text)
    if not m:
        return None, text
    return m.group("ref"), text[m.end() :]


_NUMBER_LABEL = re.compile(
    r"^\s*(?P<label>\d{1,3}(?:\.\d{1,3})*)(?:[.)]\s+|(?<=\.\d)\s+|(?<=\.\d\d)\s+|(?<=\.\d\d\d)\s+)"
)


def split_label(text: str) -> tuple[str | None, str]:
    """A milestone's number label and its text: ``"7. Reports …"``, ``"2.3 Reports …"``.

    A plain number needs its "." or ")" ("5 staff were trained" has no label); a dotted
    one may stand alone before the text.
    """
    m = _NUMBER_LABEL.match(text)
    if not m:
        return None, text
    return m.group("label"), text[m.end() :]


# --- joining wrapped lines ------------------------------------------------------------

_LINE_END_HYPHEN = re.compile(r"[A-Za-z][-\u2010\u00ad]$")
"""Two characters at the end: searched from ``len(text) - 2`` (a search from the start
runs the whole text, and ``join_wrapped`` asks once per line of a growing paragraph)."""


def join_wrapped(parts: Iterable[str]) -> str:
    """Lines of one flow of text joined with single spaces, whitespace normalised.

    A word hyphenated across a break is repaired when the next line goes on in lower
    case ("inde-" + "pendent"); before a capital or a digit the hyphen is kept and
    the space dropped ("mid-" + "2024" → "mid-2024").
    """
    out = ""
    for part in parts:
        piece = _SPACES.sub(" ", part.replace("\n", " ")).strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif _LINE_END_HYPHEN.search(out, len(out) - 2) and not out.endswith("--"):
            keep_hyphen = not piece[0].islower() and out[-1] != "\u00ad"
            out = (out if keep_hyphen else out[:-1]) + piece
        else:
            out = f"{out} {piece}"
    return out


_ORDINAL_SCAR = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")


def repair_ordinals(text: str) -> str:
    """ "24 th January" → "24th January": a superscript ordinal that a converter set apart."""
    return _ORDINAL_SCAR.sub(r"\1\2", text)


# --- page furniture and conversion garbage -----------------------------------------------

_PAGE_FURNITURE = re.compile(
    r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$|^\s*[-–]\s*\d{1,4}\s*[-–]\s*$",
    re.IGNORECASE,
)


def is_page_furniture(text: str) -> bool:
    """A page number standing alone ("5", "Page 5", "5 of 12", "- 5 -")."""
    return bool(_PAGE_FURNITURE.match(text))


_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_NOT_A_SENTENCE_START = tuple(",;:.!?)]}")
MAX_GARBAGE_WORDS = 4
"""Longer fragments are prose, whatever their spelling."""
_LEXICON_FILE = "en_lexeme_prob.json.gz"
_LEXICON_WORD = re.compile(r"^[a-z]+(?:'[a-z]+)?$")


_LEXICON_KEY = re.compile(r"""(?:^|[{,])\s*"([a-z]+(?:'[a-z]+)?)"\s*:""", re.MULTILINE)
"""A key of the lexicon's JSON object that is a lower-case word (values are numbers)."""


@functools.cache
def _english_lexicon() -> frozenset[str]:
    """Lower-case English word forms (about 300,000), from spaCy's lookup tables.

    Loaded on first use only. The keys are picked out of the JSON text, never parsed into
    a dict of a million word → probability pairs: about 0.8 s and 50 MB instead of
    1.5 s and 220 MB in every worker.
    """
    import spacy_lookups_data

    with gzip.open(spacy_lookups_data.get_file(_LEXICON_FILE), "rt", encoding="utf-8") as f:
        text = f.read()
    return frozenset(_LEXICON_KEY.findall(text))


def is_known_word(word: str) -> bool:
    """Whether ``word`` (any case) is an English word form in spaCy's lexicon."""
    return word.lower() in _english_lexicon()


def looks_like_garbage(fragment: str) -> bool:
    """Whether a fragment that should open a sentence is conversion debris, not words.

    Debris either opens with a mark no sentence opens with (", tomered.") or is a short
    run of letters none of which is an English word ("Tartiany admicrea." where OCR
    read a verdict twice). Acronyms and capitalised names are not judged, so
    "LSCB." or "Cllr Smith" are never debris; a single unknown word is not enough.
    """
    text = fragment.strip()
    if not text:
        return False
    if text.startswith(_NOT_A_SENTENCE_START):
        return True
    words = _WORD.findall(text)
    if not words or len(words) > MAX_GARBAGE_WORDS:
        return False
    judged = [
        w
        for i, w in enumerate(words)
        if w.islower() or (i == 0 and w[:1].isupper() and w[1:].islower())
    ]
    if len(judged) < 2 or len(judged) < len(words):
        return False
    return not any(is_known_word(w) for w in judged)


@per_document
def normalise_for_match(text: str) -> str:
    """Lower case, single spaces, no trailing punctuation: for comparing labels and headers."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip().strip(".:;").strip().lower()


# --- prefilters: words a pattern cannot match without ----------------------------------

_FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The non-ASCII characters that case-insensitive matching takes for an ASCII character
(İ and ı for i, the long s for s, the Kelvin sign for k); tested against every code point."""
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def folded(text: str) -> str:
    """``text`` in lower case with the characters of ``_FOLD_TO_ASCII`` read as ASCII: where a
    case-insensitive pattern matches an ASCII word in ``text``, ``folded(text)`` has the word
    in lower case."""
    if text.isascii() or _FOLDS_TO_ASCII.search(text) is None:
        return text.lower()
    return text.translate(_FOLD_TO_ASCII).lower()


@dataclass(frozen=True, slots=True)
class Needs:
    """What a pattern cannot match without: one of ``words`` (lower case and looked for in
    ``folded`` text when the pattern ignores case)."""

    words: tuple[str, ...]
    ignore_case: bool

    def met(self, text: str, folded_text: str) -> bool:
        """False only where the pattern cannot match ``text`` (``folded_text`` is
        ``folded(text)``, needed only when the pattern ignores case)."""
        haystack = folded_text if self.ignore_case else text
        return any(word in haystack for word in self.words)


_Requirement = tuple[str, ...]


def _best(requirements: list[_Requirement]) -> _Requirement | None:
    """The requirement that filters most: the one whose shortest word is longest."""
    return max(requirements, key=lambda r: min(map(len, r)), default=None)


def _requirements(items: Iterable[tuple[Any, Any]], ignore_case: bool) -> list[_Requirement]:
    """Each entry: words of which every match of the parsed pattern ``items`` holds one.

    Only what is certain is read: runs of ASCII literals in sequence, groups that change no
    flag, repeats that happen at least once, and alternations whose every branch needs a word.
    """
    out: list[_Requirement] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            word = "".join(run)
            out.append((word.lower() if ignore_case else word,))
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL and av < 128:
            run.append(chr(av))
            continue
        flush()
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_requirements(av[3], ignore_case))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            out.extend(_requirements(av[2], ignore_case))
        elif op is _sre.BRANCH:
            branches = [_best(_requirements(branch, ignore_case)) for branch in av[1]]
            if all(branches):
                out.append(tuple(dict.fromkeys(w for b in branches if b for w in b)))
    flush()
    return out


def needs(pattern: re.Pattern[str]) -> Needs | None:
    """What ``pattern`` cannot match without (None when it needs no particular word): a cheap
    ``in`` test that may skip the regex, never a different answer from it."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    best = _best(_requirements(_sre.parse(pattern.pattern, pattern.flags).data, ignore_case))
    return Needs(best, ignore_case) if best else None
