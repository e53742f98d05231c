"""The rules stage: flag vague and non-SMART wording in milestone and statement texts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from functools import cache
from typing import Any

from pipeline.ids import stable_id
from rules.config import RulesConfig
from rules.engine import RecordText, RuleEngine, rules_version

RULE_TABLES = ("milestones", "statements")


@cache
def engine_for(config: RulesConfig | None) -> RuleEngine:
    """One compiled engine per process and config: loading spaCy and patterns is the slow part."""
    return RuleEngine.load(config)


@cache
def rules_version_for(config: RulesConfig | None) -> str:
    """Changes when the rule files, the engine or the config change: flags must be redone."""
    return stable_id(rules_version(), repr(config))


def names_evidence(evidence: Iterable[Mapping[str, Any]] | None) -> bool | None:
    """Whether a row's own text names an evidence source (its ``evidence`` column);
    None where the row has no such column (a row published before it existed)."""
    if evidence is None:
        return None
    return any(item["field"] == "text" for item in evidence)


def records_of(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[RecordText]:
    return [
        RecordText(
            doc_id=row["doc_id"],
            table=name,
            record_id=row["record_id"],
            text=row["text"],
            due_date=row.get("due_date"),
            evidence=names_evidence(row.get("evidence")),
        )
        for name in RULE_TABLES
        for row in tables.get(name, ())
        if row.get("text")
    ]


def flag_rows(
    tables: Mapping[str, Iterable[Mapping[str, Any]]], config: RulesConfig | None = None
) -> list[dict[str, Any]]:
    return [asdict(f) for f in engine_for(config).flag(records_of(tables))]
