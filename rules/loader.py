"""Load and validate the rule files in ``rules/patterns``: one TOML file per rule.

Every problem is reported like a compiler, ``path:line: message``, so a broken rule
file stops the run instead of quietly flagging nothing. The rules catalogue in
``docs/rules.md`` is generated from the same files by ``render_catalogue``::

    python -m rules.loader > docs/rules.md
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from pipeline.errors import RuleFileError
from rules.config import SEVERITIES

RULES_DIR = Path(__file__).resolve().parent / "patterns"
VOCABULARY_DIR = Path(__file__).resolve().parent / "vocabulary"
"""Vocabularies a rule may count by name (``vocabulary = ["evidence"]``); see ``rules.evidence``."""
RECORD_TABLES = ("milestones", "statements")
KINDS = ("presence", "absence")
# Optional RecordText fields an absence rule may accept instead of words in the text.
RECORD_FIELDS = ("due_date",)

REQUIRED_KEYS = ("id", "severity", "message", "suggestion", "rationale", "applies_to", "examples")
OPTIONAL_KEYS = ("kind", "patterns", "phrases", "exceptions", "satisfied_by", "vocabulary")
EXAMPLE_KEYS = ("flag", "pass")
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# Token attributes that the blank English pipeline (tokenizer, lookup lemmatizer,
# sentencizer) actually sets; POS, DEP, ENT_TYPE... would never match.
TOKEN_ATTRIBUTES = frozenset(
    {
        "ORTH", "TEXT", "NORM", "LOWER", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "LENGTH",
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
        "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
        "IS_CURRENCY", "IS_SENT_START", "SENT_START", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
        "OP",
    }
)  # fmt: skip
# Our lemmatizer lower-cases, so upper-case values of these could never match.
LOWER_CASE_ATTRIBUTES = ("LOWER", "LEMMA")

TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """One rule file, validated. ``patterns`` and ``phrases`` are its vocabulary.

    ``kind = "presence"`` flags each match; ``kind = "absence"`` flags a record in
    which nothing matches (the vocabulary is what *counts*, e.g. a date). A match
    overlapping a match of one of ``exceptions`` is not counted.
    """

    id: str
    severity: str
    kind: str
    applies_to: tuple[str, ...]
    message: str
    suggestion: str
    rationale: str
    patterns: tuple[TokenPattern, ...]
    phrases: tuple[str, ...]
    exceptions: tuple[TokenPattern, ...]
    satisfied_by: tuple[str, ...]
    examples_flag: tuple[str, ...]
    examples_pass: tuple[str, ...]
    path: Path
    vocabulary: tuple[str, ...] = ()
    """Vocabularies (``rules/vocabulary/<name>.toml``) whose every match also counts as
    a match of the rule (absence rules), so their patterns are kept once, in the
    vocabulary; the extract stage has matched them already (``RecordText.evidence``)."""


def rule_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or RULES_DIR).glob("*.toml"))


def vocabulary_names() -> list[str]:
    """Names a rule may give in ``vocabulary = [...]``: the stems of ``rules/vocabulary/*.toml``."""
    return sorted(path.stem for path in VOCABULARY_DIR.glob("*.toml"))


def rule_ids(directory: Path | None = None) -> list[str]:
    """Ids of the rules in ``directory``; a rule's id is its file name, so no parsing."""
    return [path.stem for path in rule_files(directory)]


def load_rules(directory: Path | None = None) -> list[Rule]:
    """Every rule in ``directory`` (default ``rules/patterns``), sorted by id.

    Raises ``RuleFileError("path:line: message")`` for the first problem found.
    """
    folder = directory or RULES_DIR
    paths = rule_files(folder)
    if not paths:
        raise RuleFileError(f"{_display(folder)}: no rule files (*.toml) found")
    return [load_rule_file(path) for path in paths]


def load_rule_file(path: Path) -> Rule:
    source = path.read_text(encoding="utf-8")
    shown = _display(path)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else 1
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise RuleFileError(f"{shown}:{line}: invalid TOML: {reason}") from error
    return _RuleFileChecker(path, shown, source, data).rule()


class _RuleFileChecker:
    """Validates one parsed rule file, knowing its source text to give line numbers."""

    def __init__(self, path: Path, shown: str, source: str, data: dict[str, Any]) -> None:
        self.path = path
        self.shown = shown
        self.source = source
        self.data = data

    def fail(self, message: str, key: str | None = None, table: str | None = None) -> RuleFileError:
        line = _line_of_key(self.source, key, table) if key else 1
        return RuleFileError(f"{self.shown}:{line}: {message}")

    def rule(self) -> Rule:
        self.check_keys(self.data, REQUIRED_KEYS + OPTIONAL_KEYS, table=None)
        for key in REQUIRED_KEYS:
            if key not in self.data:
                raise self.fail(f"missing required key {key!r}")
        rule_id = self.text("id")
        if not RULE_ID.match(rule_id):
            raise self.fail(f"id {rule_id!r} must be lower-case words joined by '-'", "id")
        if rule_id != self.path.stem:
            raise self.fail(f"id {rule_id!r} must match the file name {self.path.name!r}", "id")
        severity = self.choice("severity", SEVERITIES)
        kind = self.choice("kind", KINDS, default="presence")
        applies_to = self.string_list("applies_to", allowed=RECORD_TABLES)
        if not applies_to:
            raise self.fail("applies_to must name at least one table", "applies_to")
        patterns = self.token_patterns("patterns")
        phrases = self.string_list("phrases")
        vocabulary = self.string_list("vocabulary", allowed=vocabulary_names())
        if not patterns and not phrases and not vocabulary:
            raise self.fail("a rule needs 'patterns', 'phrases' or 'vocabulary' (its words)")
        satisfied_by = self.string_list("satisfied_by", allowed=RECORD_FIELDS)
        if satisfied_by and kind != "absence":
            raise self.fail("satisfied_by only applies to kind = 'absence'", "satisfied_by")
        if vocabulary and kind != "absence":
            raise self.fail("vocabulary only applies to kind = 'absence'", "vocabulary")
        flag, passing = self.examples()
        return Rule(
            id=rule_id,
            severity=severity,
            kind=kind,
            applies_to=tuple(applies_to),
            message=self.text("message"),
            suggestion=self.text("suggestion"),
            rationale=self.text("rationale").strip(),
            patterns=tuple(patterns),
            phrases=tuple(phrases),
            exceptions=tuple(self.token_patterns("exceptions")),
            satisfied_by=tuple(satisfied_by),
            examples_flag=tuple(flag),
            examples_pass=tuple(passing),
            path=self.path,
            vocabulary=tuple(vocabulary),
        )

    def check_keys(
        self, mapping: Mapping[str, Any], allowed: Sequence[str], table: str | None
    ) -> None:
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                where = f"{table}." if table else ""
                raise self.fail(f"unknown key '{where}{key}'{hint}", key, table)

    def text(self, key: str, within: Mapping[str, Any] | None = None) -> str:
        value = (self.data if within is None else within).get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string", key)
        return value

    def choice(self, key: str, allowed: Sequence[str], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            raise self.fail(
                f"{key} {value!r} is not one of {', '.join(repr(a) for a in allowed)}", key
            )
        return str(value)

    def string_list(
        self,
        key: str,
        allowed: Sequence[str] | None = None,
        within: Mapping[str, Any] | None = None,
        table: str | None = None,
    ) -> list[str]:
        value = (self.data if within is None else within).get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings", key, table)
        for item in value:
            if allowed is not None and item not in allowed:
                raise self.fail(
                    f"{key} value {item!r} is not one of {', '.join(repr(a) for a in allowed)}",
                    key,
                    table,
                )
        return value

    def token_patterns(self, key: str) -> list[TokenPattern]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list of token patterns", key)
        return check_token_patterns(
            value,
            lambda index: (
                f"{self.shown}:{_line_of_item(self.source, key, index)}: {key} #{index + 1}"
            ),
        )

    def examples(self) -> tuple[list[str], list[str]]:
        examples = self.data["examples"]
        if not isinstance(examples, dict):
            raise self.fail("examples must be a table with 'flag' and 'pass' lists", "examples")
        self.check_keys(examples, EXAMPLE_KEYS, table="examples")
        found = []
        for key in EXAMPLE_KEYS:
            items = self.string_list(key, within=examples, table="examples")
            if not items:
                raise self.fail(
                    f"examples.{key} is missing or empty: every rule needs sentences it must "
                    f"{'flag' if key == 'flag' else 'not flag'}",
                    key if key in examples else "examples",
                    "examples" if key in examples else None,
                )
            found.append(items)
        return found[0], found[1]


def check_token_patterns(patterns: list[Any], where: Callable[[int], str]) -> list[TokenPattern]:
    """``patterns`` if each is a valid spaCy token pattern our pipeline can match.

    ``where(index)`` says where pattern ``index`` is (``path:line: key #n``) for the
    ``RuleFileError`` raised on the first bad one. Shared by the rule files and the
    vocabularies in ``rules/vocabulary``.
    """
    matcher = Matcher(Vocab(), validate=True)
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, list) or not pattern:
            raise RuleFileError(f"{where(index)}: a token pattern is a non-empty list of tables")
        try:
            matcher.add(f"pattern-{index}", [pattern])
        except MatchPatternError as error:
            details = "; ".join(
                detail.strip("- ").strip()
                for detail in str(error).splitlines()
                if detail.startswith("- ")
            )
            raise RuleFileError(f"{where(index)}: invalid spaCy pattern: {details}") from error
        problem = _attribute_problem(pattern)
        if problem:
            raise RuleFileError(f"{where(index)}: {problem}")
    return patterns


def _display(path: Path) -> str:
    """The path as a person would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _line_of_key(source: str, key: str, table: str | None = None) -> int:
    """1-based line where ``key`` is assigned (inside ``[table]`` if given); 1 if not found."""
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    start = 0
    if table:
        dotted = re.compile(rf"^\s*{re.escape(table)}\.{re.escape(key)}\s*=", re.MULTILINE)
        if found := dotted.search(source):
            return source.count("\n", 0, found.start()) + 1
        header = re.search(rf"^\s*\[{re.escape(table)}\]", source, re.MULTILINE)
        if header:
            start = header.end()
        elif table_line := re.search(rf"^\s*{re.escape(table)}\s*=", source, re.MULTILINE):
            return source.count("\n", 0, table_line.start()) + 1
    found = assignment.search(source, start)
    return source.count("\n", 0, found.start()) + 1 if found else 1


def _line_of_item(source: str, key: str, index: int) -> int:
    """Line of the ``index``-th token pattern (``[{``) of the array assigned to ``key``."""
    key_line = _line_of_key(source, key)
    key_found = re.search(rf"^\s*{re.escape(key)}\s*=", source, re.MULTILINE)
    if key_found is None:
        return key_line
    for number, found in enumerate(re.finditer(r"\[\s*\{", source[key_found.end() :])):
        if number == index:
            return source.count("\n", 0, key_found.end() + found.start()) + 1
    return key_line


def _attribute_problem(pattern: TokenPattern) -> str | None:
    """Why a (schema-valid) pattern could never match in our pipeline, if it could not."""
    for token in pattern:
        for attribute, value in token.items():
            name = attribute.upper()
            if name not in TOKEN_ATTRIBUTES:
                return (
                    f"attribute {attribute!r} is not set by the blank pipeline, so it would "
                    f"never match; use one of {', '.join(sorted(TOKEN_ATTRIBUTES - {'OP'}))}"
                )
            if name in LOWER_CASE_ATTRIBUTES:
                values = (
                    value.get("IN", []) + value.get("NOT_IN", [])
                    if isinstance(value, dict)
                    else [value]
                )
                upper = [v for v in values if isinstance(v, str) and v != v.lower()]
                if upper:
                    return f"{name} value {upper[0]!r} would never match; write it in lower case"
    return None


CATALOGUE_INTRO = """\
# Rules catalogue

<!-- Generated from rules/patterns/*.toml by rules.loader.render_catalogue(); do not edit.
     Regenerate with: python -m rules.loader > docs/rules.md -->

Each rule is one TOML file in `rules/patterns/`; adding a rule means adding a file.
The rules run on the `text` of `milestones` and `statements` records and write the
`flags` table. Words are matched as spaCy tokens (so "may" never matches "mayor"),
by lower-case form (`LOWER`) or by lemma (`LEMMA`, so "audit" also matches "audits").

How the engine reads a rule:

- **presence** rules flag every match of their patterns. Matches of the same rule that
  overlap are merged into one flag.
- **absence** rules flag a record in which *none* of their patterns match (the
  patterns say what counts, e.g. a date). The flag spans the record's text, trimmed
  of surrounding white space and stopping before a suppression comment.
- A match that overlaps a match of one of the rule's **exceptions** does not count
  ("some 40 cases" is a number, not a vague quantity).
- Words inside quotation marks (`'...'`, `"..."`, `‘...’`, `“...”`) are a mention,
  not a use: "the term 'some evidence' should be made more specific" is not flagged.
- A record is excused inline with `boardpapers: ignore RULE-ID[, RULE-ID...]` or
  `boardpapers: ignore all` anywhere in its text, optionally wrapped as
  `(boardpapers: ignore vague-frequency)`, `[...]`, `# ...` or `<!-- ... -->`.
  The comment itself is never flagged. Unknown rule ids in it excuse nothing.
- Rules are switched off or re-weighted in `[tool.boardpapers.rules]` of
  `pyproject.toml` or `[rules]` of `boardpapers.toml` (see `rules/config.py`):
  `disable = [...]`, `severity = { rule-id = "error" }`, `min_severity = "warning"`.
"""


def _pattern_text(pattern: TokenPattern) -> str:
    return json.dumps(pattern, ensure_ascii=False)


def render_catalogue(rules: Sequence[Rule] | None = None) -> str:
    """The Markdown rules catalogue (``docs/rules.md``), generated from the rule files."""
    rules = load_rules() if rules is None else rules
    lines = [
        CATALOGUE_INTRO,
        "| rule | severity | kind | applies to | message |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        lines.append(
            f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {rule.kind} | "
            f"{', '.join(rule.applies_to)} | {rule.message} |"
        )
    for rule in rules:
        lines += [
            "",
            f"## {rule.id}",
            "",
            f"**{rule.severity}** · {rule.kind} rule · applies to {', '.join(rule.applies_to)}",
            "",
            f"**Message:** {rule.message}",
            "",
            f"**Suggestion:** {rule.suggestion}",
            "",
            f"**Why:** {' '.join(rule.rationale.split())}",
            "",
            "**Matches**"
            + (" (what counts; flagged when none match)" if rule.kind == "absence" else "")
            + ":",
            "",
        ]
        lines += [
            f"- every evidence source of the vocabulary `{name}` "
            f"(`rules/vocabulary/{name}.toml`; see the `evidence` column)"
            for name in rule.vocabulary
        ]
        lines += [f"- phrase: `{phrase}`" for phrase in rule.phrases]
        lines += [f"- `{_pattern_text(pattern)}`" for pattern in rule.patterns]
        if rule.exceptions:
            lines += ["", "**Not counted where they overlap:**", ""]
            lines += [f"- `{_pattern_text(pattern)}`" for pattern in rule.exceptions]
        if rule.satisfied_by:
            lines += ["", f"**Also satisfied by the record field:** {', '.join(rule.satisfied_by)}"]
        lines += ["", "**Flagged:**", ""]
        lines += [f"- {example}" for example in rule.examples_flag]
        lines += ["", "**Not flagged:**", ""]
        lines += [f"- {example}" for example in rule.examples_pass]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_catalogue(), end="")
