"""Which rules run and how loudly: the rules stage's settings, read from a config file.

The config lives in the nearest ``boardpapers.toml`` (table ``[rules]``) or
``pyproject.toml`` (table ``[tool.boardpapers.rules]``), found by walking up from
the folder being processed; in one folder ``boardpapers.toml`` wins::

    [tool.boardpapers.rules]
    disable = ["not-time-bound"]               # rule ids that do not run
    min_severity = "warning"                   # drop findings below this
    severity = { vague-frequency = "error" }   # re-weight one rule

A per-rule ``severity`` is applied first and ``min_severity`` then filters on the
result, so the most specific setting wins.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import RunError

# The one ordering of severities; ``--fail-on`` and ``min_severity`` both use it.
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
DEFAULT_MIN_SEVERITY = "info"

CONFIG_FILE = "boardpapers.toml"
PYPROJECT_FILE = "pyproject.toml"
CONFIG_KEYS = ("disable", "min_severity", "severity")


class RulesConfigError(RunError):
    """The rules config is wrong (unknown rule id, key or severity); the run cannot start."""


def severity_rank(severity: str) -> int:
    """Position of ``severity`` in ``SEVERITIES``; higher is more severe."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ValueError(
            f"unknown severity {severity!r}; allowed: {', '.join(SEVERITIES)}"
        ) from None


def is_at_least(severity: str, minimum: str) -> bool:
    """True when ``severity`` is ``minimum`` or more severe (e.g. for ``--fail-on``)."""
    return severity_rank(severity) >= severity_rank(minimum)


@dataclass(frozen=True)
class RulesConfig:
    """Hashable, so a compiled engine can be cached per config.

    ``severity_overrides`` may be given as a mapping; it is stored as sorted pairs.
    Rule ids are checked against the rule files by ``check_rule_ids`` (``load_config``
    and ``RuleEngine.load`` both call it).
    """

    disabled: frozenset[str] = frozenset()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    min_severity: str = DEFAULT_MIN_SEVERITY
    source: str | None = field(default=None, compare=False)
    """The file the config was read from, for error messages; ``None`` for defaults."""

    def __post_init__(self) -> None:
        overrides: Any = self.severity_overrides
        pairs = overrides.items() if isinstance(overrides, Mapping) else overrides
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        object.__setattr__(self, "severity_overrides", tuple(sorted(dict(pairs).items())))
        where = f"{self.source}: " if self.source else ""
        for rule_id, severity in self.severity_overrides:
            if severity not in SEVERITIES:
                raise RulesConfigError(
                    f"{where}severity {severity!r} for rule {rule_id!r} is not one of "
                    f"{', '.join(SEVERITIES)}"
                )
        if self.min_severity not in SEVERITIES:
            raise RulesConfigError(
                f"{where}min_severity {self.min_severity!r} is not one of {', '.join(SEVERITIES)}"
            )

    def severity_for(self, rule_id: str, default: str) -> str:
        return dict(self.severity_overrides).get(rule_id, default)

    def reports(self, severity: str) -> bool:
        """True when a finding of this (already overridden) severity is kept."""
        return is_at_least(severity, self.min_severity)

    def check_rule_ids(self, known: Iterable[str]) -> None:
        """Raise ``RulesConfigError`` naming the allowed ids if the config names an unknown one."""
        known_ids = sorted(known)
        named = {*self.disabled, *dict(self.severity_overrides)}
        unknown = sorted(named - set(known_ids))
        if unknown:
            where = f"{self.source}: " if self.source else ""
            raise RulesConfigError(
                f"{where}unknown rule id{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(u) for u in unknown)}; known rule ids: {', '.join(known_ids)}"
            )


def find_config_file(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest config file at or above ``start`` and its rules table.

    A ``pyproject.toml`` counts only if it has a ``[tool.boardpapers]`` table, so a
    project's own pyproject does not hide a config further up.
    """
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for directory in (folder, *folder.parents):
        own = directory / CONFIG_FILE
        if own.is_file():
            return own, _read_toml(own).get("rules", {})
        pyproject = directory / PYPROJECT_FILE
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {}).get("boardpapers")
            if tool is not None:
                return pyproject, tool.get("rules", {})
    return None


def load_config(start: Path, known_rule_ids: Iterable[str] | None = None) -> RulesConfig:
    """The rules config that applies to ``start`` (a file or folder); defaults if none.

    ``known_rule_ids`` defaults to the ids of the shipped rule files.
    """
    found = find_config_file(start)
    if found is None:
        return RulesConfig()
    path, table = found
    config = config_from_table(table, source=str(path))
    if known_rule_ids is None:
        from rules.loader import rule_ids  # loader imports SEVERITIES from here

        known_rule_ids = rule_ids()
    config.check_rule_ids(known_rule_ids)
    return config


def config_from_table(table: Mapping[str, Any], source: str | None = None) -> RulesConfig:
    """Build a ``RulesConfig`` from a parsed ``[tool.boardpapers.rules]`` table."""
    where = f"{source}: " if source else ""
    if not isinstance(table, Mapping):
        raise RulesConfigError(f"{where}the rules setting must be a table")
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise RulesConfigError(
            f"{where}unknown key {unknown[0]!r} in the rules table; allowed keys: "
            f"{', '.join(CONFIG_KEYS)}"
        )
    disable = table.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise RulesConfigError(f"{where}disable must be a list of rule ids")
    overrides = table.get("severity", {})
    if not isinstance(overrides, Mapping):
        raise RulesConfigError(f"{where}severity must be a table of rule id = severity")
    min_severity = table.get("min_severity", DEFAULT_MIN_SEVERITY)
    return RulesConfig(
        disabled=frozenset(disable),
        severity_overrides=tuple(overrides.items()),
        min_severity=min_severity,
        source=source,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RulesConfigError(f"{path}: not valid TOML: {error}") from error
