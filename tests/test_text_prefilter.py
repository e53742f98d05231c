"""A pattern's needed words: a cheap test that may skip the regex, never a different answer."""

from __future__ import annotations

import datetime as dt
import re
import sys
from re import _parser as _sre  # type: ignore[attr-defined]
from typing import Any

import pytest

from extractors import dates, metadata
from extractors.finders.decisions import _ANY_MARKER_WORD, _VOCAB_NEEDS, VOCAB
from extractors.finders.indicator_words import COLUMN_WORDS
from extractors.finders.indicators import (
    _DETAIL_LABEL,
    _DETAIL_LABELS,
    _WORD_LABEL,
    _WORD_LABELS,
    _label_pairs,
)
from extractors.highlight import _PERCENT_IN_TEXT, _PERCENT_NEEDS
from extractors.text_utils import Needs, Same, folded, forget_document, needs, per_document
from pipeline.detect import _NEEDS

_NON_ASCII = "".join(chr(cp) for cp in range(0x80, sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)


@pytest.mark.parametrize("code", range(128))
def test_folding_reads_every_character_an_ascii_one_matches_as_it(code: int) -> None:
    """Every character case-insensitive matching takes for an ASCII character folds to it."""
    char = chr(code)
    for other in re.findall(re.escape(char), _NON_ASCII, re.IGNORECASE):
        assert folded(other) == char.lower(), (char, other)
    for other in map(chr, range(128)):
        if re.fullmatch(re.escape(char), other, re.IGNORECASE):
            assert folded(other) == char.lower()


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (re.compile(r"\bhighlight report\b", re.IGNORECASE), ("highlight report",)),
        (
            re.compile(r"(?:it\s+was\s+)?(?:decided|agreed)(?=\s)", re.IGNORECASE),
            ("decided", "agreed"),
        ),
        (re.compile(r"\bminutes?\b", re.IGNORECASE), ("minute",)),
        (re.compile(r"AGREED\b(?=\s+(?:that|to))"), ("AGREED",)),
        (re.compile(r"(?:ab)+cd", re.IGNORECASE), ("ab",)),
    ],
)
def test_needed_words_are_read_off_the_pattern(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    need = needs(pattern)
    assert need is not None
    assert need.words == words


@pytest.mark.parametrize(
    "pattern",
    [r"(?:red|\d+)", r"a?b?", r"x*", r"(?i:resolved)", r"[Rr]\w", r"(?=agreed)\w+", "–"],
)
def test_a_pattern_without_a_certain_ascii_word_needs_none(pattern: str) -> None:
    """Optional parts, alternatives without a word each, flag changes, classes, lookarounds
    and non-ASCII literals are never read as needed."""
    assert needs(re.compile(pattern)) is None


def test_case_matters_only_where_the_pattern_ignores_it() -> None:
    need = needs(re.compile("AGREED"))
    assert need == Needs(("AGREED",), ignore_case=False)
    assert not need.met("agreed", folded("agreed"))
    loose = needs(re.compile("agreed", re.IGNORECASE))
    assert loose is not None and loose.met("AGREED", folded("AGREED"))


_LINES = [
    "RESOLVED that the report be noted.",
    "It was RESOLVED – that the minutes be approved",
    "The Committee resolved to approve the plan.",
    "Proposed by Cllr Smith, seconded by Cllr Jones and it was resolved that",
    "AGREED: the budget",
    "Agreed to write to the Chief Constable.",
    "Following discussion, the Board APPROVED the Operating Plan",
    "RECOMMENDED – THAT the Cabinet agrees",
    "Recommendations:",
    "Recommendation(s) to Cabinet: approve",
    "What needs to improve in this local authority?",
    "Areas for improvement",
    "Decision:",
    "Cabinet is asked to:",
    "It is recommended that the Panel notes the report",
    "Members unanimously agreed the following motion:",
    "\u0130t was resolved that",  # İ folds to i
    "Re\u017folved: that",  # the long s folds to s
    "The meeting closed at 9pm",
    "Minutes of the meeting held on 5 March",
    "Task & Finish Group final report",
    "Declarations of interest",
    "Subject: budget",
]


@pytest.mark.parametrize("line", _LINES)
def test_no_marker_or_kind_signal_that_matches_is_skipped(line: str) -> None:
    guarded = [*zip((m.pattern for m in VOCAB), _VOCAB_NEEDS, strict=True), *_NEEDS.items()]
    matched = 0
    for pattern, need in guarded:
        if pattern.search(line):
            matched += 1
            assert need is None or need.met(line, folded(line)), (pattern.pattern, line)
    assert matched


@pytest.mark.parametrize(
    "text", ["35% complete", "The first 15% is a blue bar labeled 'Completed'", "Progress: 40 %"]
)
def test_a_progress_percentage_is_never_skipped(text: str) -> None:
    assert _PERCENT_IN_TEXT.search(text)
    assert _PERCENT_NEEDS is not None and _PERCENT_NEEDS.met(text, folded(text))


def test_every_marker_and_kind_signal_needs_a_word() -> None:
    """The prefilter is in use: each pattern here names a word it cannot match without."""
    assert all(n is not None for n in _VOCAB_NEEDS)
    assert all(n is not None for n in _NEEDS.values())


def test_a_per_document_memory_is_emptied_between_documents() -> None:
    calls: list[str] = []

    @per_document
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("a") == shout("a") == "A"
    assert calls == ["a"]
    forget_document()
    assert shout("a") == "A"
    assert calls == ["a", "a"]


def test_a_label_is_never_found_where_the_kpi_filter_skips() -> None:
    """Every label/value match holds ":", "=" or a digit, which the filter looks for."""
    words = [w for role in (*_DETAIL_LABELS, *_WORD_LABELS) for w in COLUMN_WORDS[role]]
    checked = 0
    for word in words:
        for text in (f"{word}: 94%", f"{word} = 5", f"{word} 90%", f"{word} (Q3) £1,200", word):
            if _DETAIL_LABEL.search(text) or _WORD_LABEL.search(text):
                assert ":" in text or "=" in text or any(c.isdigit() for c in text)
                checked += 1
    assert checked > len(words)
    assert _label_pairs("Target 90% Latest 94%") == {"target": "90%", "value": "94%"}
    assert _label_pairs("Target and latest") is None


def test_an_unhashable_argument_is_remembered_by_identity() -> None:
    calls: list[list[str]] = []

    @per_document
    def count(rows: Same[list[str]]) -> int:
        calls.append(rows.value)
        return len(rows.value)

    rows, twin = ["a"], ["a"]
    assert count(Same(rows)) == count(Same(rows)) == count(Same(twin)) == 1
    assert len(calls) == 2
    forget_document()


def test_a_line_opening_a_decision_holds_a_marker_word() -> None:
    """The one search for any marker's word passes every line a marker matches (and the
    lines tried include many that a marker matches)."""
    opening = [line for line in _LINES if any(m.pattern.match(line) for m in VOCAB)]
    assert len(opening) >= len(_LINES) // 4
    assert _ANY_MARKER_WORD is not None
    assert all(_ANY_MARKER_WORD.search(folded(line)) for line in opening)


def _digit_item(item: Any) -> bool:
    """Whether one member of a character class matches digits only (``\\d``, ``0-9``, ``7``)."""
    op, av = item
    if op is _sre.CATEGORY:
        return av is _sre.CATEGORY_DIGIT
    if op is _sre.RANGE:
        return ord("0") <= av[0] and av[1] <= ord("9")
    return op is _sre.LITERAL and chr(av).isdigit()


def _needs_a_digit(items: Any) -> bool:
    """Whether every match of the parsed pattern holds a ``\\d`` outside any option."""
    for op, av in items:
        if op is _sre.IN and av and all(_digit_item(item) for item in av):
            return True
        if op is _sre.SUBPATTERN and _needs_a_digit(av[3]):
            return True
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1 and _needs_a_digit(av[2]):
            return True
    return False


def test_every_date_pattern_needs_a_digit() -> None:
    """Text without a digit is not searched for dates."""
    for pattern in (dates._DAY_MONTH_YEAR, dates._MONTH_DAY_YEAR, dates._ISO, dates._NUMERIC):
        assert _needs_a_digit(_sre.parse(pattern.pattern, pattern.flags).data), pattern.pattern
    assert dates.find_date_spans("the twelfth of March") == []
    assert [d for _, _, d in dates.find_date_spans("12 March 2025")] == [dt.date(2025, 3, 12)]


def test_the_capitals_council_run_needs_its_last_word() -> None:
    """A line without "COUNCIL" skips the run's substitution; one without "Council" the
    unlisted-council scan, which reacts only to tokens "Council", "Council's", "Council’s"."""
    assert needs(metadata._CAPS_COUNCIL_RUN) == Needs(("COUNCIL",), ignore_case=False)
    assert metadata._council_mentions("The committee met the county members.", []) == ([], [])
    mentions, _ = metadata._council_mentions("A letter from Eastmoor Parish Council’s clerk", [])
    assert [m.name for m in mentions] == ["Eastmoor Parish Council"]
