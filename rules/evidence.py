"""The evidence vocabulary: what papers call the sources that show a milestone is achieved.

One TOML file, ``rules/vocabulary/evidence.toml``, read and checked here (the one
loader) and used twice: by the extract stage (``extractors.evidence``: the
``evidence`` and ``evidence_status`` columns) and by the rule ``no-evidence-source``,
whose file names it with ``vocabulary = ["evidence"]``. Problems are reported like
the rule files', ``path:line: message``.

The file holds ``[[source]]`` tables (a ``kind`` and its spaCy token patterns),
``exceptions`` (look-alikes that are not sources: "Audit Committee", "30 minutes"),
``[status]`` patterns that say the commentary reports the evidence as ``seen`` or
``missing``, and ``[examples]`` the tests check.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import RuleFileError
from rules.loader import VOCABULARY_DIR, TokenPattern, _display, check_token_patterns

EVIDENCE_FILE = VOCABULARY_DIR / "evidence.toml"
EVIDENCE_KINDS = (
    "audit",
    "report",
    "survey",
    "feedback",
    "inspection",
    "scorecard",
    "minutes",
    "data",
    "indicator",
    "records",
)
"""What sort of source it is; the ``kind`` of each ``evidence`` item."""
EVIDENCE_STATUSES = ("seen", "missing")
"""Values of ``evidence_status``; null where the commentary says neither."""
TOP_KEYS = ("source", "exceptions", "status", "examples")
SOURCE_KEYS = ("kind", "patterns")
EXAMPLE_KEYS = ("find", "ignore", "status")


@dataclass(frozen=True)
class EvidenceSource:
    kind: str
    patterns: tuple[TokenPattern, ...]


@dataclass(frozen=True)
class StatusExample:
    text: str
    status: str | None


@dataclass(frozen=True)
class EvidenceVocabulary:
    """The evidence vocabulary, validated."""

    sources: tuple[EvidenceSource, ...]
    exceptions: tuple[TokenPattern, ...]
    seen: tuple[TokenPattern, ...]
    missing: tuple[TokenPattern, ...]
    examples_find: tuple[tuple[str, tuple[str, ...]], ...]
    examples_ignore: tuple[str, ...]
    examples_status: tuple[StatusExample, ...]
    path: Path

    @property
    def patterns(self) -> list[TokenPattern]:
        """Every source pattern, of every kind (what a rule naming the vocabulary counts)."""
        return [pattern for source in self.sources for pattern in source.patterns]


def vocabulary_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or VOCABULARY_DIR).glob("*.toml"))


def _line_of(source: str, needle: re.Pattern[str], start: int = 0) -> tuple[int, int]:
    """(1-based line, offset) of the first match of ``needle`` at or after ``start``."""
    found = needle.search(source, start)
    if found is None:
        return 1, start
    return source.count("\n", 0, found.start()) + 1, found.start()


def _item_line(source: str, anchor: str, index: int) -> int:
    """Line of the ``index``-th token pattern (``[{``) after the line matching ``anchor``."""
    line, offset = _line_of(source, re.compile(anchor, re.MULTILINE))
    for number, found in enumerate(re.finditer(r"\[\s*\{", source[offset:])):
        if number == index:
            return source.count("\n", 0, offset + found.start()) + 1
    return line


class _Checker:
    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.shown = _display(path)
        self.source = source

    def fail(self, message: str, anchor: str | None = None) -> RuleFileError:
        line = _line_of(self.source, re.compile(anchor, re.MULTILINE))[0] if anchor else 1
        return RuleFileError(f"{self.shown}:{line}: {message}")

    def keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {where}{key!r}; allowed: {', '.join(allowed)}",
                    rf"^\s*{re.escape(key)}\s*=",
                )

    def patterns(self, value: Any, anchor: str, label: str) -> tuple[TokenPattern, ...]:
        if not isinstance(value, list):
            raise self.fail(f"{label} must be a list of token patterns", anchor)
        return tuple(
            check_token_patterns(
                value,
                lambda index: (
                    f"{self.shown}:{_item_line(self.source, anchor, index)}: {label} #{index + 1}"
                ),
            )
        )


def load_vocabulary(path: Path = EVIDENCE_FILE) -> EvidenceVocabulary:
    """Read and check the evidence vocabulary; a bad file raises ``RuleFileError``."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RuleFileError(f"{_display(path)}:1: cannot read the vocabulary: {error}") from error
    checker = _Checker(path, source)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = found.group(1) if found else "1"
        raise RuleFileError(f"{checker.shown}:{line}: invalid TOML: {error}") from error
    checker.keys(data, TOP_KEYS, "")
    sources: list[EvidenceSource] = []
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise checker.fail("the vocabulary needs [[source]] tables, each with a kind and patterns")
    for table in raw_sources:
        checker.keys(table, SOURCE_KEYS, "source.")
        kind = table.get("kind")
        if kind not in EVIDENCE_KINDS:
            raise checker.fail(
                f"source kind {kind!r} is not one of {', '.join(EVIDENCE_KINDS)}",
                rf"^\s*kind\s*=\s*\"{re.escape(str(kind))}\"",
            )
        anchor = rf"^\s*kind\s*=\s*\"{re.escape(kind)}\""
        patterns = checker.patterns(table.get("patterns"), anchor, f"source {kind} patterns")
        if not patterns:
            raise checker.fail(f"source {kind!r} has no patterns", anchor)
        sources.append(EvidenceSource(kind, patterns))
    exceptions = checker.patterns(data.get("exceptions", []), r"^exceptions\s*=", "exceptions")
    status = data.get("status", {})
    if not isinstance(status, dict):
        raise checker.fail("[status] must be a table with 'seen' and 'missing'", r"^\[status\]")
    checker.keys(status, EVIDENCE_STATUSES, "status.")
    seen = checker.patterns(status.get("seen", []), r"^seen\s*=", "status.seen")
    missing = checker.patterns(status.get("missing", []), r"^missing\s*=", "status.missing")
    if not seen or not missing:
        raise checker.fail("[status] needs both 'seen' and 'missing' patterns", r"^\[status\]")
    find, ignore, status_examples = _examples(checker, data.get("examples"))
    return EvidenceVocabulary(
        sources=tuple(sources),
        exceptions=exceptions,
        seen=seen,
        missing=missing,
        examples_find=find,
        examples_ignore=ignore,
        examples_status=status_examples,
        path=path,
    )


def _examples(
    checker: _Checker, examples: Any
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], tuple[StatusExample, ...]]:
    anchor = r"^\[examples\]"
    if not isinstance(examples, dict):
        raise checker.fail("[examples] with 'find', 'ignore' and 'status' lists is required")
    checker.keys(examples, EXAMPLE_KEYS, "examples.")
    find = []
    for item in examples.get("find", []):
        words = item.get("evidence") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not words:
            raise checker.fail("each examples.find item is {text = ..., evidence = [...]}", anchor)
        find.append((item["text"], tuple(words)))
    ignore = examples.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(i, str) for i in ignore):
        raise checker.fail("examples.ignore must be a list of texts", anchor)
    status = []
    for item in examples.get("status", []):
        value = item.get("status") if isinstance(item, dict) else None
        if value not in (*EVIDENCE_STATUSES, "none") or not isinstance(item.get("text"), str):
            raise checker.fail(
                "each examples.status item is {text = ..., status = 'seen' | 'missing' | 'none'}",
                anchor,
            )
        status.append(StatusExample(item["text"], None if value == "none" else value))
    if not find or not ignore or not status:
        raise checker.fail("examples need 'find', 'ignore' and 'status' items", anchor)
    return tuple(find), tuple(ignore), tuple(status)


@cache
def evidence_vocabulary() -> EvidenceVocabulary:
    """The shipped vocabulary, loaded once per process."""
    return load_vocabulary()


def vocabulary_by_name(name: str, directory: Path | None = None) -> EvidenceVocabulary:
    """The vocabulary a rule names (``vocabulary = ["evidence"]``)."""
    path = (directory or VOCABULARY_DIR) / f"{name}.toml"
    if directory is None and path == EVIDENCE_FILE:
        return evidence_vocabulary()
    return load_vocabulary(path)
