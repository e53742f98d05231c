"""``boardpapers lint``: check a draft plan's wording before it goes to the board.

Runs the same read → extract → rules path as ingest on each file and reports
each flag like a compiler: ``path:line:col: severity rule message (suggestion)``
for text files, ``path:page N:milestone 7: …`` where the format has pages
(PDF) or no reliable lines (DOCX, HTML).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import BoardpapersError
from pipeline.process import FileResult, process_file
from pipeline.read import is_candidate, list_files
from pipeline.settings import FILE_TYPES
from rules.config import RulesConfig, is_at_least, load_config


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    severity: str
    message: str
    suggestion: str
    matched_text: str
    table: str
    record_id: str
    record: str
    """How a person finds the record: ``milestone 7`` or ``statement 3``."""
    line: int | None = None
    column: int | None = None
    page: int | None = None

    def location(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.column}"
        if self.page is not None:
            return f"{self.path}:page {self.page}:{self.record}"
        return f"{self.path}:{self.record}"

    def to_line(self) -> str:
        return f"{self.location()}: {self.severity} {self.rule} {self.message} ({self.suggestion})"


@dataclass(frozen=True)
class FileProblem:
    """A file lint could not read; reported, never a traceback."""

    path: str
    error_type: str
    message: str


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the papers inside folders given."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in list_files(path) if p.suffix.lower() in FILE_TYPES)
        elif is_candidate(path):
            yield path


_GAP = r"(?:-?\s+|\s*)"


def _words_pattern(text: str) -> str:
    return _GAP.join(re.escape(w) for w in text.split())


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _position_in(
    source: str, record_text: str, offset: int, matched_text: str
) -> tuple[int, int] | None:
    """Line and column (1-based) in ``source`` of ``offset`` into the normalised ``record_text``.

    Records are whitespace-normalised, so their words are looked up with any run of
    whitespace (and line-end hyphenation) between them. A record whose text the layout
    interleaved with other columns (a wrapped table cell) is found by its first words,
    and the flagged words after them.
    """
    words = record_text.split()
    if not words:
        return None
    match = re.search(_words_pattern(record_text), source)
    if match is None:
        opening = re.search(_words_pattern(" ".join(words[:4])), source)
        if opening is None:
            return None
        flagged = re.compile(_words_pattern(matched_text)).search(source, opening.start())
        return _line_col(source, (flagged or opening).start())
    # Walk the record text and the source together to map the offset across whitespace.
    src, rec = match.start(), 0
    while rec < offset and src < match.end():
        if record_text[rec].isspace():
            rec += 1
            while src < match.end() and (source[src].isspace() or source[src] == "-"):
                src += 1
            continue
        if source[src] == record_text[rec]:
            src += 1
            rec += 1
        else:  # a hyphenation break or other layout character only the source has
            src += 1
    return _line_col(source, src)


def findings_of(path: Path, result: FileResult) -> list[Finding]:
    records: dict[str, dict[str, Any]] = {}
    for table in ("milestones", "statements"):
        for row in result.tables.get(table, []):
            records[row["record_id"]] = {**row, "_table": table}
    source: str | None = None
    if result.document and result.document["file_type"] in ("txt", "md"):
        from extractors.readers.text import bytes_to_text

        source = bytes_to_text(path.read_bytes()).text
    out: list[Finding] = []
    for flag in result.tables.get("flags", []):
        record = records.get(flag["record_id"], {})
        kind = "milestone" if flag["table"] == "milestones" else "statement"
        label = f"{kind} {record.get('ref') or record.get('ordinal', '?')}"
        position = (
            _position_in(source, record.get("text", ""), flag["start"], flag["matched_text"])
            if source
            else None
        )
        out.append(
            Finding(
                path=str(path),
                rule=flag["rule"],
                severity=flag["severity"],
                message=flag["message"],
                suggestion=flag["suggestion"],
                matched_text=flag["matched_text"],
                table=flag["table"],
                record_id=flag["record_id"],
                record=label,
                line=position[0] if position else None,
                column=position[1] if position else None,
                page=record.get("page"),
            )
        )
    return out


def lint_file(
    path: Path, config: RulesConfig | None = None
) -> tuple[list[Finding], list[FileProblem]]:
    """Findings for one file; ``config`` defaults to the nearest config file above it."""
    config = config if config is not None else load_config(path.resolve().parent)
    result = process_file(path, path.parent, rules_config=config)
    problems = [FileProblem(str(path), e["error_type"], e["message"]) for e in result.errors]
    return findings_of(path, result), problems


def lint(
    paths: Iterable[Path], config: RulesConfig | None = None
) -> tuple[list[Finding], list[FileProblem]]:
    findings: list[Finding] = []
    problems: list[FileProblem] = []
    for path in expand_paths(paths):
        try:
            file_findings, file_problems = lint_file(path, config)
        except BoardpapersError as exc:  # a bad config next to the file, say
            problems.append(FileProblem(str(path), "config", str(exc)))
            continue
        findings.extend(file_findings)
        problems.extend(file_problems)
    return findings, problems


def should_fail(findings: Iterable[Finding], fail_on: str) -> bool:
    return any(is_at_least(f.severity, fail_on) for f in findings)


def as_json(findings: list[Finding], problems: list[FileProblem]) -> str:
    return json.dumps(
        {"findings": [asdict(f) for f in findings], "errors": [asdict(p) for p in problems]},
        indent=1,
        ensure_ascii=False,
    )
