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
from dataclasses import dataclass

from pipeline.model import RGB

# Verdict as printed (lower case, trailing punctuation stripped) → normalised status.
STATUS_WORDS: dict[str, str] = {
    "achieved": "achieved",
    "fully achieved": "achieved",
    "complete": "achieved",
    "completed": "achieved",
    "met": "achieved",
    "fully met": "achieved",
    "done": "achieved",
    "closed": "achieved",
    "partially achieved": "partially_achieved",
    "partly achieved": "partially_achieved",
    "part achieved": "partially_achieved",
    "partially met": "partially_achieved",
    "partly met": "partially_achieved",
    "part met": "partially_achieved",
    "in progress": "in_progress",
    "on track": "in_progress",
    "ongoing": "in_progress",
    "on-going": "in_progress",
    "underway": "in_progress",
    "under way": "in_progress",
    "off track": "in_progress",
    "overdue": "in_progress",
    "delayed": "in_progress",
    "at risk": "in_progress",
    "not achieved": "not_achieved",
    "not yet achieved": "not_achieved",
    "not met": "not_achieved",
    "not yet met": "not_achieved",
    "failed": "not_achieved",
    "not started": "not_started",
    "not yet started": "not_started",
    "no conclusion": "no_conclusion",
    "no conclusion reached": "no_conclusion",
    "not yet assessed": "not_yet_assessed",
    "not assessed": "not_yet_assessed",
    "to be tested": "not_yet_assessed",
    "to be assessed": "not_yet_assessed",
    "to be confirmed": "not_yet_assessed",
}

STANDALONE_ONLY_VERDICTS = frozenset({"complete", "completed", "met", "done", "closed"})
"""Verdict words that are also verbs ("Met with partners …", "Completed the audit …"):
a verdict only when nothing but punctuation follows them."""

_VERDICT_PHRASE = re.compile(
    r"(?P<verdict>"
    + "|".join(sorted((re.escape(w) for w in STATUS_WORDS), key=len, reverse=True))
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
    phrase = m.group("verdict")
    status = STATUS_WORDS[phrase.lower()]
    end = m.end()
    if stop := _STOP_AFTER.match(stripped, end):
        return Verdict(status, stripped[: stop.end()].strip(), stripped[stop.end() :].strip())
    if sep := _SEPARATOR_AFTER.match(stripped, end):
        return Verdict(status, stripped[:end].strip(), stripped[sep.end() :].strip())
    if phrase.lower() in STANDALONE_ONLY_VERDICTS:
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

RAG_WORDS: dict[str, str] = {
    "red": "red",
    "r": "red",
    "amber": "amber",
    "a": "amber",
    "yellow": "amber",
    "green": "green",
    "g": "green",
    "blue": "blue",
    "b": "blue",
    "complete": "blue",
    "red/amber": "amber",
    "amber/red": "amber",
    "amber/green": "amber",
    "green/amber": "amber",
    "r/a": "amber",
    "a/r": "amber",
    "a/g": "amber",
    "g/a": "amber",
}


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


@dataclass(slots=True)
class RagLegend:
    """Colours a document's own key defines ("Red – off track" on a red cell).

    A fill within ``MAX_LEGEND_DISTANCE`` of a key colour takes that key's rating, so
    a council whose "amber" is an orange-brown is read as it says.
    """

    colours: list[tuple[RGB, str]]

    MAX_LEGEND_DISTANCE = 0.12

    def rating(self, fill: RGB | None) -> str | None:
        if fill is None:
            return None
        best, best_distance = None, self.MAX_LEGEND_DISTANCE
        for colour, rating in self.colours:
            distance = sum((a - b) ** 2 for a, b in zip(colour, fill, strict=True)) ** 0.5
            if distance <= best_distance:
                best, best_distance = rating, distance
        return best if best is not None else rag_from_colour(fill)
