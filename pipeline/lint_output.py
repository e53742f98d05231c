"""Lint findings where officers and tools read them: SARIF 2.1.0, and Word comments.

``as_sarif`` gives one SARIF run: the rules as ``tool.driver.rules`` and one result per
finding. Text files get regions in their own lines and columns; formats without lines
of their own (PDF, DOCX, HTML) get regions in the extracted text that ``boardpapers
inspect`` shows, with the page and the paragraph or cell in the result's properties.

``write_docx_comments`` writes a copy of a DOCX draft with each finding as a Word
comment anchored on the flagged words, splitting runs so that a comment covers those
words exactly.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import EXTRACTOR_VERSION
from rules.loader import Rule, load_rules

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from pipeline.lint import FileProblem, Finding

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TOOL_NAME = "boardpapers"
COMMENT_AUTHOR = "boardpapers lint"
COMMENT_INITIALS = "BP"


# --- SARIF --------------------------------------------------------------------------


def _uri(path: str) -> str:
    given = Path(path)
    return given.resolve().as_uri() if given.is_absolute() else given.as_posix()


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": f"Suggestion: {rule.suggestion}"},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"kind": rule.kind, "appliesTo": list(rule.applies_to)},
    }


def _region(finding: Finding) -> dict[str, Any]:
    line = finding.line if finding.line is not None else finding.text_line
    column = finding.column if finding.line is not None else finding.text_column
    flagged = finding.context[finding.start : finding.end] or finding.matched_text
    region: dict[str, Any] = {"startLine": line or 1, "startColumn": column or 1}
    if "\n" not in flagged:
        region["endLine"] = region["startLine"]
        region["endColumn"] = region["startColumn"] + len(flagged)
    region["snippet"] = {"text": flagged}
    return region


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    properties: dict[str, Any] = {"severity": finding.severity}
    if finding.line is None:
        properties["regionIn"] = "extracted text (boardpapers inspect)"
    for key in ("page", "position", "record"):
        value = getattr(finding, key)
        if value not in (None, ""):
            properties[key] = value
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": SARIF_LEVELS.get(finding.severity, "note"),
        "message": {"text": f"{finding.message} ({finding.suggestion})"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": _region(finding),
                }
            }
        ],
        "properties": properties,
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    return result


def sarif_log(
    findings: Sequence[Finding],
    problems: Sequence[FileProblem] = (),
    rules: Sequence[Rule] | None = None,
) -> dict[str, Any]:
    """The findings as a SARIF 2.1.0 log (a dict ready for ``json.dumps``)."""
    rules = load_rules() if rules is None else rules
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{problem.error_type}: {problem.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(problem.path)}}}],
        }
        for problem in problems
    ]
    return {
        "version": SARIF_VERSION,
        "$schema": SARIF_SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": EXTRACTOR_VERSION,
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not problems,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": [_result(finding, rule_index) for finding in findings],
            }
        ],
    }


def as_sarif(findings: Sequence[Finding], problems: Sequence[FileProblem] = ()) -> str:
    return json.dumps(sarif_log(findings, problems), indent=1, ensure_ascii=False)


# --- Word comments ----------------------------------------------------------------------


def _containers(document: DocxDocument) -> Iterator[list[Paragraph]]:
    """The body's paragraphs and table cells, in reading order, each as its paragraphs;
    a merged cell once."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield [item]
        elif isinstance(item, Table):
            yield from _table_containers(item)


def _table_containers(table: Any) -> Iterator[list[Paragraph]]:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield list(cell.paragraphs)
            for inner in cell.tables:
                yield from _table_containers(inner)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _split_run(run: Run, at: int) -> Run:
    """Split ``run`` so that it keeps its first ``at`` characters; return the rest as a new
    run with the same formatting, placed right after it."""
    from docx.text.run import Run

    text = run.text
    tail = copy.deepcopy(run._r)
    run._r.addnext(tail)
    rest = Run(tail, run._parent)
    run.text = text[:at]
    rest.text = text[at:]
    return rest


def _runs_covering(paragraph: Paragraph, start: int, end: int) -> list[Run]:
    """The runs of ``paragraph`` that hold exactly its characters ``start:end``, splitting
    runs at the two ends where needed."""
    position = 0
    for run in list(paragraph.runs):
        length = len(run.text)
        if position < end < position + length:
            _split_run(run, end - position)
        if position < start < position + length:
            _split_run(run, start - position)
        position += length
    covered: list[Run] = []
    position = 0
    for run in paragraph.runs:
        length = len(run.text)
        if length and start <= position and position + length <= end:
            covered.append(run)
        position += length
    return covered


def _locate(paragraphs: list[Paragraph], finding: Finding) -> list[Run]:
    """Runs in ``paragraphs`` (one container) holding the finding's flagged words."""
    texts = [p.text for p in paragraphs]
    joined = "\n".join(texts)
    flagged = finding.context[finding.start : finding.end] or finding.matched_text
    context_at = joined.find(finding.context)
    at = context_at + finding.start if context_at >= 0 else -1
    if at < 0 or joined[at : at + len(flagged)] != flagged:
        at = joined.find(flagged, max(context_at, 0))
        if at < 0:
            at = joined.find(flagged)
    if at < 0:  # the words are there with other white space: anchor on the whole container
        return [run for p in paragraphs for run in p.runs if run.text]
    end = at + len(flagged)
    runs: list[Run] = []
    offset = 0
    for paragraph, text in zip(paragraphs, texts, strict=True):
        low, high = max(at, offset), min(end, offset + len(text))
        if low < high:
            runs += _runs_covering(paragraph, low - offset, high - offset)
        offset += len(text) + 1
    return runs


def _matches(paragraphs: list[Paragraph], finding: Finding) -> bool:
    container = _normalised("\n".join(p.text for p in paragraphs))
    context = _normalised(finding.context)
    return bool(context) and (context in container or context[:60] in container)


def comment_text(finding: Finding) -> str:
    return (
        f"{finding.rule} ({finding.severity}): {finding.message} Suggestion: {finding.suggestion}"
    )


def write_docx_comments(source: Path, findings: Sequence[Finding], out: Path) -> int:
    """Write a copy of the DOCX ``source`` to ``out`` with each finding about it as a
    comment on the flagged words; return how many comments were added.

    Findings are placed in order: each is looked for from the paragraph or cell where
    the previous one was found, so a cell repeated down a table ("Ongoing") gets its
    comment in its own row.
    """
    from docx import Document

    document = Document(str(source))
    containers = list(_containers(document))
    added = 0
    cursor = 0
    wanted = {str(source), str(source.resolve())}
    for finding in findings:
        if finding.path not in wanted and str(Path(finding.path).resolve()) not in wanted:
            continue
        order = [*range(cursor, len(containers)), *range(cursor)]
        index = next((i for i in order if _matches(containers[i], finding)), None)
        if index is None:
            continue
        runs = _locate(containers[index], finding)
        if not runs:
            continue
        document.add_comment(
            runs, text=comment_text(finding), author=COMMENT_AUTHOR, initials=COMMENT_INITIALS
        )
        added += 1
        cursor = index
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return added
