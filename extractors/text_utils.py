"""Small text clean-ups every extractor needs."""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Iterable

_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_NUMBER_PREFIX = re.compile(
    r"^\s*(?:-\s*)?(?P<ref>\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+", re.IGNORECASE
)


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
        elif _LINE_END_HYPHEN.search(out) and not out.endswith("--"):
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


def normalise_for_match(text: str) -> str:
    """Lower case, single spaces, no trailing punctuation: for comparing labels and headers."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip().strip(".:;").strip().lower()
