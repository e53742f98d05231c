"""Words councils print for verdicts and RAG ratings, and what they mean in our columns.

Verdicts: a cell (or the start of a comment) opens with a verdict phrase from
``STATUS_WORDS``; the normalised ``status`` is looked up, never guessed, so an unseen
verdict stays ``unknown``. RAG colours are read by nearness of hue, so the reds,
ambers and greens of any template (Word's ``FFC000``, Excel's pale ``C6EFCE`` …) map
without a table of exact RGB values.
"""

from __future__ import annotations

import colorsys
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from extractors.text_utils import per_document
from pipeline.model import RGB
from pipeline.schema import MILESTONE_STATUSES

STATUSES = MILESTONE_STATUSES
"""The normalised statuses of the contract's ``milestones.status`` column."""
RATINGS = ("red", "amber", "green", "blue")

VOCAB_FILE = Path(__file__).with_name("data") / "status_words.toml"


class VocabError(ValueError):
    """The status vocabulary file is malformed; the message says where and how."""


@dataclass(frozen=True, slots=True)
class StatusVocabulary:
    words: dict[str, str]
    """Verdict as printed (lower case, single spaces) → normalised status."""
    standalone_only: frozenset[str]
    rag_status: dict[str, str]
    """RAG rating printed as a status, in a paper without a colour key → status."""
    rag_words: dict[str, str]
    marks: frozenset[str]
    """Marks that tick a status column ("✓", "Yes")."""
    sentence_openers: frozenset[str] = frozenset()
    """Capitalised words that open a sentence, where a title ran into the text below it."""


def _phrases(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabError(f"{path}: {where}: expected a list of strings")
    for phrase in value:
        if phrase != " ".join(phrase.lower().split()):
            raise VocabError(f"{path}: {where}: {phrase!r} must be lower case, single-spaced")
    return value


def load_vocabulary(path: Path = VOCAB_FILE) -> StatusVocabulary:
    """Read and check the status vocabulary; a bad file is a ``VocabError`` naming the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VocabError(f"{path}: cannot read the status vocabulary: {exc}") from exc
    words: dict[str, str] = {}
    for status, phrases in data.get("status", {}).items():
        if status == "standalone_only":
            continue
        if status not in STATUSES:
            raise VocabError(f"{path}: [status] {status!r} is no status; use one of {STATUSES}")
        for phrase in _phrases(path, f"[status] {status}", phrases):
            if phrase in words:
                raise VocabError(f"{path}: [status] {phrase!r} listed twice")
            words[phrase] = status
    standalone = frozenset(
        _phrases(
            path, "[status] standalone_only", data.get("status", {}).get("standalone_only", [])
        )
    )
    if unknown := sorted(standalone - words.keys()):
        raise VocabError(f"{path}: standalone_only names phrases with no status: {unknown}")
    rag_status = data.get("rag_status", {})
    for rating, status in rag_status.items():
        if rating not in RATINGS or status not in STATUSES:
            raise VocabError(f"{path}: [rag_status] {rating} = {status!r} is not rating = status")
    rag_words: dict[str, str] = {}
    for rating, phrases in data.get("rag_words", {}).items():
        if rating not in RATINGS:
            raise VocabError(f"{path}: [rag_words] {rating!r} is no rating; use one of {RATINGS}")
        for phrase in _phrases(path, f"[rag_words] {rating}", phrases):
            rag_words[phrase] = rating
    marks = frozenset(_phrases(path, "[marks] tick", data.get("marks", {}).get("tick", [])))
    if not words or not rag_words:
        raise VocabError(f"{path}: [status] and [rag_words] must not be empty")
    openers = data.get("sentence_openers", {}).get("words", [])
    if not isinstance(openers, list) or not all(isinstance(w, str) and w for w in openers):
        raise VocabError(f"{path}: [sentence_openers] words must be a list of words")
    return StatusVocabulary(
        words, standalone, dict(rag_status), rag_words, marks, frozenset(openers)
    )


VOCABULARY = load_vocabulary()
STATUS_WORDS: dict[str, str] = VOCABULARY.words
"""Verdict as printed (lower case, trailing punctuation stripped) → normalised status."""
STANDALONE_ONLY_VERDICTS = VOCABULARY.standalone_only
"""Verdict words that are also verbs ("Met with partners …", "Completed the audit …"):
a verdict only when nothing but punctuation follows them."""


def _phrase_pattern(phrase: str) -> str:
    """A phrase whose spaces may be printed as hyphens or several spaces ("off-track")."""
    return r"[\s-]+".join(re.escape(word) for word in phrase.split())


_STATUS_LABEL = re.compile(
    r"(?:status\s*[:–—-]\s*)?(?P<phrase>"
    + "|".join(_phrase_pattern(w) for w in sorted(STATUS_WORDS, key=len, reverse=True))
    + r")(?![\w-])[ \t]*(?:[:–—-][ \t]*)?",
    re.IGNORECASE,
)


def leading_status_label(text: str) -> tuple[str, str, str] | None:
    """``(status, label as printed, rest)`` when ``text`` opens with a status printed as a
    label: alone, before a separator, or before a capitalised word ("Complete Data Mapping
    Exercise …"); None for prose that merely starts with such a word ("Complete the form")."""
    stripped = text.strip()
    m = _STATUS_LABEL.match(stripped)
    if m is None:
        return None
    rest = stripped[m.end() :].strip()
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'‘“(["):
        return None
    raw = stripped[m.start("phrase") : m.end("phrase")]
    return status_of_phrase(raw) or "unknown", raw, rest


@per_document
def status_of_phrase(text: str) -> str | None:
    """The status a whole phrase ("Off-track", "PARTIALLY COMPLETE") names, or None."""
    key = " ".join(re.sub(r"[-\s]+", " ", text.strip(" \t\n.:;!*()")).lower().split())
    return STATUS_WORDS.get(key)


_VERDICT_PHRASE = re.compile(
    r"(?P<verdict>"
    + "|".join(_phrase_pattern(w) for w in sorted(STATUS_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
# What may stand between a verdict and the comment after it: "Achieved." / "On track –".
_STOP_AFTER = re.compile(r"[ \t]*[.!]+")
_SEPARATOR_AFTER = re.compile(r"[ \t]*(?:[:;,]|\s[-–—]|[-–—]\s|\n)\s*|[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
MAX_VERDICT_SENTENCE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    raw: str
    """The verdict as printed, e.g. ``Partially achieved.`` or ``To be tested through … survey.``"""
    rest: str
    """What follows the verdict: the comment."""


@per_document
def read_verdict(text: str) -> Verdict | None:
    """The verdict ``text`` opens with, or None when it opens with none we know.

    A verdict phrase followed by a full stop or a separator (":", "–", a line break)
    is the verdict alone ("On track – recruitment done" → ``On track``); followed by
    more words it runs to the end of its sentence ("To be tested through the staff
    survey."), except for verbs like "Met" that are verdicts only standing alone.
    """
    stripped = text.lstrip()
    m = _VERDICT_PHRASE.match(stripped)
    if not m:
        return None
    phrase = " ".join(re.sub(r"[-\s]+", " ", m.group("verdict")).lower().split())
    status = STATUS_WORDS[phrase]
    end = m.end()
    if stop := _STOP_AFTER.match(stripped, end):
        return Verdict(status, stripped[: stop.end()].strip(), stripped[stop.end() :].strip())
    if sep := _SEPARATOR_AFTER.match(stripped, end):
        return Verdict(status, stripped[:end].strip(), stripped[sep.end() :].strip())
    if phrase in STANDALONE_ONLY_VERDICTS:
        return None
    sentence_end = _SENTENCE_END.search(stripped, end)
    if sentence_end is None:
        if len(stripped) > MAX_VERDICT_SENTENCE_CHARS:
            return Verdict(status, stripped[:end].strip(), stripped[end:].strip())
        return Verdict(status, stripped.strip(), "")
    if sentence_end.end() > MAX_VERDICT_SENTENCE_CHARS:
        return Verdict(status, stripped[:end].strip(), stripped[end:].strip())
    return Verdict(
        status, stripped[: sentence_end.end()].strip(), stripped[sentence_end.end() :].strip()
    )


def match_verdict(text: str) -> tuple[str, str, str] | None:
    """``(status, status_raw, rest)`` when ``text`` starts with a known verdict, else None."""
    verdict = read_verdict(text)
    return None if verdict is None else (verdict.status, verdict.raw, verdict.rest)


_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])\s+|(?<=[.!?]))(?=\S)")


def standalone_verdict_offsets(text: str) -> list[tuple[int, Verdict]]:
    """Where sentences that are nothing but a verdict ("Achieved.", "No conclusion.") start.

    Used to share one comment cell between two milestones that ran together: each
    bare verdict sentence opens the conclusion on the next milestone.
    """
    found: list[tuple[int, Verdict]] = []
    for start in (m.end() for m in _SENTENCE_START.finditer(text)):
        phrase = _VERDICT_PHRASE.match(text, start)
        if phrase is None or not _STOP_AFTER.match(text, phrase.end()):
            continue
        verdict = read_verdict(text[start:])
        if verdict is not None:
            found.append((start, verdict))
    return found


# --- RAG ---------------------------------------------------------------------------

RAG_WORDS: dict[str, str] = VOCABULARY.rag_words


@per_document
def rag_from_word(text: str | None) -> str | None:
    """``"RED"``, ``"Amber"``, ``"G"`` → the rating; anything else (a sentence, "High") → None."""
    if not text:
        return None
    word = re.sub(r"[\s.*:()]+", " ", text).strip().lower()
    word = re.sub(r"\s*/\s*", "/", word)
    return RAG_WORDS.get(word)


def leading_rag_word(text: str | None) -> str | None:
    """The rating a legend entry opens with: ``"Red – off track"`` → ``red``."""
    if not text:
        return None
    m = re.match(r"\s*([A-Za-z]+(?:\s*/\s*[A-Za-z]+)?)\b", text)
    if not m or len(m.group(1)) < 3:  # "A" alone at the start of a sentence is no rating
        return None
    return rag_from_word(m.group(1))


# Hue (degrees) of each rating's usual fill: Word's red FF0000, amber FFC000 (yellow
# FFFF00 is read as amber too), green 00B050, blue 0070C0.
_RAG_HUES: dict[str, float] = {"red": 0.0, "amber": 42.0, "green": 125.0, "blue": 210.0}
_MAX_HUE_DISTANCE = 50.0
"""Further than this from every rating (purple, magenta) means no rating."""
_MIN_SATURATION = 0.12
"""Greys, whites and the palest tints of a header row carry no rating."""
_MIN_VALUE = 0.2
"""Near-black carries no rating."""


def rag_from_colour(fill: RGB | None) -> str | None:
    """The RAG rating whose hue is nearest to ``fill``; None for greys and off-palette colours."""
    if fill is None:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(*fill)
    if saturation < _MIN_SATURATION or value < _MIN_VALUE:
        return None
    degrees = hue * 360.0
    best, best_distance = None, _MAX_HUE_DISTANCE
    for name, reference in _RAG_HUES.items():
        distance = abs(degrees - reference)
        distance = min(distance, 360.0 - distance)
        if distance < best_distance:
            best, best_distance = name, distance
    return best


def colour_distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def status_of_label(label: str | None) -> str:
    """The status a key's label or a printed status names ("Off track – late"), else unknown."""
    if not label:
        return "unknown"
    status = status_of_phrase(label)
    if status is not None:
        return status
    verdict = read_verdict(label)
    return verdict.status if verdict is not None else "unknown"


def is_mark(text: str) -> bool:
    """A tick, cross or "Yes" in a box: the column it sits in is the answer."""
    return " ".join(text.split()).lower().strip(".") in VOCABULARY.marks


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One line of a paper's colour key: "Blue – Complete", "R = Off track", "2 On target"."""

    label: str | None
    """The key's label as printed; None when the key gives only the colour ("Red" on red)."""
    colour: RGB | None = None
    """The fill the label sits on or beside."""
    rating: str | None = None
    """The RAG rating the entry names, by word or by fill."""
    code: str | None = None
    """A letter or number that stands for the label in the table ("R", "2")."""

    @property
    def status(self) -> str:
        return status_of_label(self.label)


@dataclass(slots=True)
class RagLegend:
    """A document's own colour key ("Red – off track" on a red cell, "Blue – Complete" in a
    sentence, "1 Fully achieved, 2 On target" above a table).

    A fill within ``MAX_LEGEND_DISTANCE`` of a key colour takes that key's rating, so
    a council whose "amber" is an orange-brown is read as it says. ``entries`` are what the
    key says each colour or code means: the paper's word, which decides ``status``.
    """

    colours: list[tuple[RGB, str]]
    entries: list[KeyEntry] = field(default_factory=list)

    MAX_LEGEND_DISTANCE = 0.12

    def rating(self, fill: RGB | None) -> str | None:
        if fill is None:
            return None
        best, best_distance = None, self.MAX_LEGEND_DISTANCE
        for colour, rating in self.colours:
            distance = colour_distance(colour, fill)
            if distance <= best_distance:
                best, best_distance = rating, distance
        return best if best is not None else rag_from_colour(fill)

    def entry_for_fill(self, fill: RGB | None) -> KeyEntry | None:
        """The labelled key entry a fill stands for: its own colour, else its rating named."""
        if fill is None:
            return None
        labelled = [e for e in self.entries if e.label]
        best, best_distance = None, self.MAX_LEGEND_DISTANCE
        for entry in labelled:
            if entry.colour is not None:
                distance = colour_distance(entry.colour, fill)
                if distance <= best_distance:
                    best, best_distance = entry, distance
        if best is not None:
            return best
        rating = rag_from_colour(fill)
        named = [e for e in labelled if e.colour is None and e.rating == rating]
        return named[0] if rating is not None and len(named) == 1 else None

    def entry_for_text(self, text: str | None) -> KeyEntry | None:
        """The labelled entry a cell's code or colour word stands for ("G", "2", "Amber")."""
        if not text:
            return None
        word = " ".join(text.split()).strip(" .:*()")
        for entry in self.entries:
            if entry.label and entry.code is not None and entry.code.lower() == word.lower():
                return entry
        rating = rag_from_word(word)
        if rating is None:
            return None
        named = [e for e in self.entries if e.label and e.rating == rating]
        return named[0] if len({e.label for e in named}) == 1 else None


# What a key entry looks like in a sentence: a colour word, a capital letter or a small
# number, a separator, then a short label: "Blue – Complete", "R = off track", "2 On target".
_KEY_CODE = re.compile(
    r"(?:(?<![\w/])(?P<colour>(?i:red|amber|green|blue|yellow))\b"
    r"|(?<![\w/])(?P<letter>[RAGB])\b(?=\s*[=:–—-])"
    r"|(?<![\w.,/£$%])(?P<number>\d{1,2})(?![\w.,%/])(?=\s*(?:[=:–—-]\s*|\s)[A-Za-z]))"
    r"\s*(?:[=:–—-]|\bis\b|\bmeans\b)?\s*"
)
MAX_KEY_LABEL_WORDS = 6
MIN_KEY_ENTRIES = 2


def key_entries_in_text(text: str) -> list[KeyEntry]:
    """The entries of a colour or number key written as text, or [] when ``text`` is none.

    Each code is followed by its label, up to the next code or a "," ";" or line end. A
    key needs at least two entries whose labels are statuses we know, and numbers must
    count up from 0 or 1, so "12 green, 5 amber" in a sentence is no key.
    """
    return list(_key_entries_in_text(text))


@per_document
def _key_entries_in_text(text: str) -> tuple[KeyEntry, ...]:
    matches = list(_KEY_CODE.finditer(text))
    entries: list[KeyEntry] = []
    for m, following in zip(matches, [*matches[1:], None], strict=False):
        end = following.start() if following is not None else len(text)
        label = re.split(r"[,;\n(]|\.(?:\s|$)", text[m.end() : end], maxsplit=1)[0]
        label = re.sub(r"\s+(?:and|or)$", "", " ".join(label.split()).strip(" .–—-"))
        if not label or len(label.split()) > MAX_KEY_LABEL_WORDS:
            continue
        if status_of_label(label) == "unknown":
            continue
        if m.group("colour"):
            rating = rag_from_word(m.group("colour"))
            entries.append(KeyEntry(label, rating=rating))
        elif m.group("letter"):
            code = m.group("letter")
            entries.append(KeyEntry(label, rating=rag_from_word(code), code=code))
        else:
            entries.append(KeyEntry(label, code=m.group("number")))
    numbers = [int(e.code) for e in entries if e.code is not None and e.code.isdigit()]
    if numbers and (
        numbers[0] not in (0, 1) or numbers != list(range(numbers[0], len(numbers) + numbers[0]))
    ):
        entries = [e for e in entries if e.code is None or not e.code.isdigit()]
    return tuple(entries) if len(entries) >= MIN_KEY_ENTRIES else ()
