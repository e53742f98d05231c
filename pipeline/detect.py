"""The detect stage: which kind of paper is this?

Scores each kind by the phrases that give it away, weighting the masthead (the
first blocks, where the paper names itself) above the body. The highest score
wins; below ``MIN_SCORE`` the paper is ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.text_utils import Needs, folded, needs
from pipeline.model import Document
from pipeline.records import Extraction

MASTHEAD_CHARS = 1500
MASTHEAD_WEIGHT = 3
MIN_SCORE = 8
"""A kind needs one of its defining phrases (weight 3 and up in the masthead, or several
in the body): generic committee-report words ("Agenda item", "Purpose") never suffice."""

# kind → (pattern, weight). Patterns are matched case-insensitively, ``^``/``$`` per line;
# a negative weight is a counter-signal (wording that says the paper is something else).
KIND_SIGNALS: dict[str, list[tuple[str, int]]] = {
    "highlight_report": [
        (r"\bhighlight report\b", 4),
        (r"\bkey activities\b", 3),
        (r"\bscheduled for next period\b", 3),
        (r"\boverall status\b", 3),
        (r"\bproject sponsor\b", 2),
        (r"\bproject manager\b", 1),
        (r"\bprevious month\b", 1),
        (r"\bcurrent period\b", 2),
        (r"\bobstacles to progress\b", 2),
    ],
    "scrutiny_report": [
        (r"\bscrutiny task group report\b", 5),
        (r"\bconclusions on the milestones\b", 4),
        (r"\bcomments and conclusions\b", 3),
        (r"\bmilestones?\b", 1),
        (r"\bpartially achieved\b", 2),
        (r"\bnot achieved\b", 1),
        (r"\baction plan\b", 2),
        (r"\bprogress update\b", 2),
    ],
    "minutes": [
        (r"^\s*minutes\b", 4),
        (r"\bminutes\s*$", 2),
        (r"^\s*(it was\s+)?resolved\b\s*[:–-]?", 4),
        (r"^\s*present\s*:", 2),
        (r"\bapologies\b", 2),
        (r"\bagenda item\b", 1),
        (r"\bdeclarations? of interest\b", 2),
        (r"\bmeeting held on\b", 2),
        (r"\bofficers in attendance\b", 2),
        (r"\bthe meeting (closed|ended|finished) at\b", 3),
        # an agenda, the summons to a meeting, is not its record: its items name the
        # minutes to be approved ("To approve the minutes of the meeting held on …")
        (r"^\s*agenda\s*$", -4),
        (r"\b(summoned|summons) to attend\b", -6),
    ],
    "briefing_note": [
        (r"^\s*briefing note\b", 6),
        (r"\bbriefing note\b", 1),
        (r"^\s*(re|subject)\s*:", 2),
        (r"\bquestions? (for|to ask)\b", 1),
    ],
    "task_group_report": [
        (r"\btask (?:&|and) finish group\b", 5),
        (r"\bmembers and contributors\b", 3),
        (r"\bfinal report\b", 1),
        (r"\bscoping\b", 1),
        (r"\bdates and timescales\b", 2),
    ],
}

_COMPILED = {
    kind: [(re.compile(p, re.IGNORECASE | re.MULTILINE), w) for p, w in signals]
    for kind, signals in KIND_SIGNALS.items()
}
_NEEDS: dict[re.Pattern[str], Needs | None] = {
    pattern: needs(pattern) for signals in _COMPILED.values() for pattern, _ in signals
}
"""Each signal's words: a paper without them is not searched for it (most signals are
phrases most papers never print, and a case-insensitive search of a whole paper is slow)."""


def _found_in(pattern: re.Pattern[str], text: str, folded_text: str) -> bool:
    need = _NEEDS[pattern]
    return (need is None or need.met(text, folded_text)) and pattern.search(text) is not None


# What the finders found also speaks for a kind: (kind, weight) per record found.
FOUND_SIGNALS: dict[str, tuple[str, int]] = {
    "rag_ratings": ("highlight_report", 3),
    "resolution": ("minutes", 2),
}
FOUND_CAP = 6
"""Found records add at most this much, so they tip a close call but never make a kind alone."""


@dataclass(frozen=True, slots=True)
class Detection:
    kind: str
    scores: dict[str, int]


def _found_scores(found: Extraction | None) -> dict[str, int]:
    scores: dict[str, int] = {}
    if found is None:
        return scores
    counts = {
        "rag_ratings": len(found.rag_ratings),
        "resolution": sum(s.section == "resolution" for s in found.statements),
    }
    for what, n in counts.items():
        kind, weight = FOUND_SIGNALS[what]
        if n:
            scores[kind] = min(FOUND_CAP, scores.get(kind, 0) + weight * min(n, 2))
    return scores


def detect_kind(doc: Document, found: Extraction | None = None) -> Detection:
    """The kind of paper: its wording, weighted by where it appears, plus what was found."""
    text = doc.plain_text()
    extra = _found_scores(found)
    masthead = text[:MASTHEAD_CHARS]
    if doc.file_type == "md" and (page_title := doc.properties.get("title")):
        masthead = f"{page_title}\n{masthead}"  # a Markdown page's title is printed above it
    folded_masthead, folded_text = folded(masthead), folded(text)
    scores: dict[str, int] = {}
    for kind, signals in _COMPILED.items():
        score = 0
        for pattern, weight in signals:
            if _found_in(pattern, masthead, folded_masthead):
                score += weight * MASTHEAD_WEIGHT
            elif _found_in(pattern, text, folded_text):
                score += weight
        scores[kind] = score + extra.get(kind, 0)
    # Ties go to the kind listed first in KIND_SIGNALS, so detection is deterministic.
    best = max(scores, key=lambda k: scores[k])
    kind = best if scores[best] >= MIN_SCORE else "other"
    return Detection(kind=kind, scores=scores)
