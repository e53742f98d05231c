"""Words councils print for verdicts and RAG ratings, and what they mean in our columns."""

from __future__ import annotations

import re

from pipeline.model import RGB

# Verdict as printed (lower case, trailing punctuation stripped) → normalised status.
# Longest phrases first is not needed: lookups are exact on the leading verdict phrase.
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
    "partially met": "partially_achieved",
    "partly met": "partially_achieved",
    "part achieved": "partially_achieved",
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
    "not met": "not_achieved",
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

_VERDICT_RE = re.compile(
    r"^\s*(?P<verdict>"
    + "|".join(sorted((re.escape(w) for w in STATUS_WORDS), key=len, reverse=True))
    + r")\b[\s.:;,!-]*",
    re.IGNORECASE,
)


def match_verdict(text: str) -> tuple[str, str, str] | None:
    """``(status, status_raw, rest)`` when ``text`` starts with a known verdict, else None.

    ``status_raw`` is the verdict sentence as printed, e.g. ``"To be tested through Peer
    Review staff survey."``; ``rest`` is what follows that sentence.
    """
    m = _VERDICT_RE.match(text)
    if not m:
        return None
    status = STATUS_WORDS[m.group("verdict").lower()]
    # The verdict runs to the end of its sentence ("To be tested through … survey.").
    end = m.end()
    if not re.search(r"[.:;!]\s*$", m.group(0)) and end < len(text):
        sentence_end = re.search(r"[.!;](\s|$)", text[m.end(0) :])
        if sentence_end and sentence_end.start() < 120:
            end = m.end(0) + sentence_end.end()
    raw = text[:end].strip()
    return status, raw, text[end:].strip()


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
}


def rag_from_word(text: str | None) -> str | None:
    if not text:
        return None
    word = re.sub(r"[\s.*]+", " ", text).strip().lower()
    return RAG_WORDS.get(word)


# Reference colours: what Word's and councils' usual RAG fills are near.
_RAG_RGB: dict[str, RGB] = {
    "red": (0.85, 0.1, 0.1),
    "amber": (1.0, 0.75, 0.0),
    "green": (0.2, 0.7, 0.3),
    "blue": (0.2, 0.45, 0.85),
}
_MAX_COLOUR_DISTANCE = 0.55


def rag_from_colour(fill: RGB | None) -> str | None:
    """The RAG colour nearest to ``fill``, or None when it is near none (grey, white …)."""
    if fill is None:
        return None
    r, g, b = fill
    if max(r, g, b) - min(r, g, b) < 0.15:  # greys and whites carry no rating
        return None
    best, best_d = None, _MAX_COLOUR_DISTANCE
    for name, (rr, gg, bb) in _RAG_RGB.items():
        d = ((r - rr) ** 2 + (g - gg) ** 2 + (b - bb) ** 2) ** 0.5
        if d < best_d:
            best, best_d = name, d
    return best
