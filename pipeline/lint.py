"""``boardpapers lint``: check a draft plan's wording before it goes to the board.

Runs the same read → extract → rules path as ingest on each file, then checks every
paragraph, bullet and table cell of the draft (``pipeline.lint_units``), not only the
records the finders recognised, and reports each flag like a compiler:
``path:line:col: severity rule message (suggestion)`` for text files; where the format
has pages or no reliable lines (PDF, DOCX, HTML), ``path:page N:milestone 7: …`` when a
finder recognised the record and ``path:page N:table 1 row 3 cell 2: …`` otherwise.
``pipeline.lint_output`` writes the same findings as SARIF or as Word comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.apply_rules import RULE_TABLES, engine_for
from pipeline.errors import BoardpapersError
from pipeline.lint_units import (
    ACTION_TABLE,
    Hit,
    document_to_units,
    line_col,
    record_label,
    units_in_source,
    units_to_hits,
    walk_to,
    words_pattern,
)
from pipeline.process import FileResult, process_file
from pipeline.read import is_candidate, list_files
from pipeline.records import Flag
from pipeline.settings import FILE_TYPES, ReadSettings
from pipeline.workers import Job, WorkerSettings, run_jobs
from rules.config import RulesConfig, is_at_least, load_config
from rules.engine import RuleEngine


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
    """How a person finds the record: ``milestone 7`` or ``statement 3``; empty where no
    finder recognised one."""
    line: int | None = None
    column: int | None = None
    page: int | None = None
    position: str = ""
    """Where in the document: ``paragraph 7`` or ``table 1 row 3 cell 2``."""
    context: str = ""
    """The text that was checked: the paragraph, bullet, cell or record."""
    start: int = 0
    end: int = 0
    """The flagged words as offsets into ``context``."""
    text_line: int | None = None
    text_column: int | None = None
    """Line and column in the extracted text (``Document.plain_text()``), for formats
    without lines of their own."""

    def location(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.column}"
        where = self.record or self.position or "?"
        if self.page is not None:
            return f"{self.path}:page {self.page}:{where}"
        return f"{self.path}:{where}"

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


def _position_in(
    source: str, record_text: str, offset: int, matched_text: str
) -> tuple[int, int] | None:
    """Line and column (1-based) in ``source`` of ``offset`` into the normalised ``record_text``.

    For a record no unit could be matched to. Records are whitespace-normalised, so their
    words are looked up with any run of whitespace (and line-end hyphenation) between them.
    A record whose text the layout interleaved with other columns (a wrapped table cell)
    is found by its first words, and the flagged words after them.
    """
    words = record_text.split()
    if not words:
        return None
    match = re.search(words_pattern(record_text), source)
    if match is None:
        opening = re.search(words_pattern(" ".join(words[:4])), source)
        if opening is None:
            return None
        flagged = re.compile(words_pattern(matched_text)).search(source, opening.start())
        return line_col(source, (flagged or opening).start())
    return line_col(source, walk_to(source, match.start(), match.end(), record_text, offset))


def _source_of(path: Path, result: FileResult) -> str | None:
    if result.document and result.document["file_type"] in ("txt", "md"):
        from extractors.readers.text import bytes_to_text

        return bytes_to_text(path.read_bytes()).text
    return None


def _time_bound_test(engine: RuleEngine) -> Callable[[str], bool]:
    """Whether a due-date cell is time-bound by the engine's own ``not-time-bound`` rule."""
    seen: dict[str, bool] = {}

    def is_time_bound(text: str) -> bool:
        if text not in seen:
            flags = engine.flag_text(text, ACTION_TABLE)
            seen[text] = not any(f.rule == "not-time-bound" for f in flags)
        return seen[text]

    return is_time_bound


def findings_of(path: Path, result: FileResult, config: RulesConfig | None = None) -> list[Finding]:
    """Findings for every paragraph, bullet and cell of ``result``'s document.

    Needs ``result.model`` (``process_file(..., keep_model=True)``); without it, only the
    records the finders recognised are reported.
    """
    records: list[dict[str, Any]] = [
        {**row, "_table": table}
        for table in RULE_TABLES
        for row in result.tables.get(table, [])
        if row.get("text")
    ]
    record_flags = [Flag(**flag) for flag in result.tables.get("flags", [])]
    engine = engine_for(config)
    units = document_to_units(result.model, _time_bound_test(engine)) if result.model else []
    hits = units_to_hits(units, records, record_flags, engine, result.doc_id or "")
    source = _source_of(path, result)
    spans = units_in_source(source, units) if source is not None else []
    return [_finding(path, hit, source, spans) for hit in hits]


def _finding(
    path: Path,
    hit: Hit,
    source: str | None,
    spans: list[tuple[int, int] | None],
) -> Finding:
    flag, unit, record = hit.flag, hit.unit, hit.record
    position: tuple[int, int] | None = None
    text_position: tuple[int, int] | None = None
    if unit is not None:
        text_position = unit.plain_text_position(flag.start)
        span = spans[hit.index] if 0 <= hit.index < len(spans) else None
        if source is not None and span is not None:
            if span[1] == len(source):  # found by its first words only
                flagged = re.compile(words_pattern(flag.matched_text)).search(source, span[0])
                position = line_col(source, flagged.start() if flagged else span[0])
            else:
                position = line_col(
                    source, walk_to(source, span[0], span[1], unit.text, flag.start)
                )
    elif record is not None and source is not None:
        position = _position_in(source, record["text"], flag.start, flag.matched_text)
    context = unit.text if unit is not None else (record or {}).get("text", "")
    page = unit.page if unit is not None else (record or {}).get("page")
    label = record_label(record) if record is not None else (unit.record if unit else None)
    return Finding(
        path=str(path),
        rule=flag.rule,
        severity=flag.severity,
        message=flag.message,
        suggestion=flag.suggestion,
        matched_text=flag.matched_text,
        table=flag.table,
        record_id=(record or {}).get("record_id", ""),
        record=label or "",
        line=position[0] if position else None,
        column=position[1] if position else None,
        page=page,
        position=unit.position if unit is not None else "",
        context=context,
        start=flag.start,
        end=flag.end,
        text_line=text_position[0] if text_position else None,
        text_column=text_position[1] if text_position else None,
    )


def lint_file(
    path: Path, config: RulesConfig | None = None
) -> tuple[list[Finding], list[FileProblem]]:
    """Findings for one file; ``config`` defaults to the nearest config file above it."""
    config = config if config is not None else load_config(path.resolve().parent)
    result = process_file(path, path.parent, rules_config=config, keep_model=True)
    problems = [FileProblem(str(path), e["error_type"], e["message"]) for e in result.errors]
    return findings_of(path, result, config), problems


def lint(
    paths: Iterable[Path],
    config: RulesConfig | None = None,
    workers: WorkerSettings | None = None,
    read: ReadSettings | None = None,
) -> tuple[list[Finding], list[FileProblem]]:
    """Findings for every file, in the order given.

    Files are processed in the ingest job's worker pool, under the same time and
    memory limits (``workers``, ``read``), so a hostile file costs one problem line.
    """
    findings: list[Finding] = []
    problems: list[FileProblem] = []
    results: dict[Path, FileResult] = {}
    config_problems: dict[Path, FileProblem] = {}
    groups: dict[RulesConfig, list[Job]] = {}
    files = list(expand_paths(paths))
    for path in files:
        try:
            file_config = config if config is not None else load_config(path.resolve().parent)
        except BoardpapersError as exc:  # a bad config next to the file, say
            config_problems[path] = FileProblem(str(path), "config", str(exc))
            continue
        job = Job(path=path, raw_dir=path.parent, keep_model=True)
        groups.setdefault(file_config, []).append(job)
    file_configs: dict[Path, RulesConfig] = {}
    for file_config, jobs in groups.items():
        settings = workers or WorkerSettings()
        for job, result in run_jobs(jobs, read or ReadSettings(), file_config, settings):
            results[job.path] = result
            file_configs[job.path] = file_config
    for path in files:
        if path in config_problems:
            problems.append(config_problems[path])
            continue
        result = results[path]
        findings.extend(findings_of(path, result, file_configs[path]))
        problems.extend(
            FileProblem(str(path), e["error_type"], e["message"]) for e in result.errors
        )
    return findings, problems


def should_fail(findings: Iterable[Finding], fail_on: str) -> bool:
    return any(is_at_least(f.severity, fail_on) for f in findings)


def as_json(findings: list[Finding], problems: list[FileProblem]) -> str:
    return json.dumps(
        {"findings": [asdict(f) for f in findings], "errors": [asdict(p) for p in problems]},
        indent=1,
        ensure_ascii=False,
    )
