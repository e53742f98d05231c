"""Rules config: severity order, finding the config file, validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import (
    SEVERITIES,
    RulesConfig,
    RulesConfigError,
    is_at_least,
    load_config,
    severity_rank,
)
from rules.engine import RuleEngine
from rules.loader import rule_ids

KNOWN = ["not-time-bound", "vague-frequency", "vague-quantifier"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_severities_are_ordered_once_for_min_severity_and_fail_on() -> None:
    assert SEVERITIES == ("info", "warning", "error")
    assert [severity_rank(s) for s in SEVERITIES] == [0, 1, 2]
    assert is_at_least("error", "warning")
    assert is_at_least("warning", "warning")
    assert not is_at_least("info", "warning")
    with pytest.raises(ValueError, match="allowed: info, warning, error"):
        severity_rank("fatal")


def test_no_config_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path, KNOWN) == RulesConfig()
    assert RulesConfig().min_severity == "info"


def test_pyproject_rules_table_is_read_walking_up_from_a_file(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.boardpapers.rules]\ndisable = ["not-time-bound"]\nmin_severity = "warning"\n'
        'severity = { vague-frequency = "error" }\n',
    )
    paper = write(tmp_path / "papers" / "2013" / "plan.txt", "Some text.")
    config = load_config(paper, KNOWN)
    assert config.disabled == frozenset({"not-time-bound"})
    assert config.min_severity == "warning"
    assert config.severity_for("vague-frequency", "warning") == "error"
    assert config.severity_for("vague-quantifier", "warning") == "warning"
    assert config.source == str(tmp_path / "pyproject.toml")


def test_boardpapers_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.boardpapers.rules]\ndisable = ["vague-quantifier"]\n')
    write(tmp_path / "boardpapers.toml", '[rules]\ndisable = ["vague-frequency"]\n')
    assert load_config(tmp_path, KNOWN).disabled == frozenset({"vague-frequency"})


def test_the_nearest_config_wins_and_unrelated_pyprojects_are_passed_over(
    tmp_path: Path,
) -> None:
    write(tmp_path / "boardpapers.toml", '[rules]\ndisable = ["vague-frequency"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "not-ours"\n')
    assert load_config(tmp_path / "a", KNOWN).disabled == frozenset({"vague-frequency"})
    write(tmp_path / "a" / "b" / "pyproject.toml", "[tool.boardpapers.rules]\ndisable = []\n")
    assert load_config(tmp_path / "a" / "b", KNOWN).disabled == frozenset()


def test_unknown_rule_id_names_the_file_and_lists_the_known_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "boardpapers.toml", '[rules]\ndisable = ["vague-frequncy"]\n')
    with pytest.raises(RulesConfigError) as raised:
        load_config(tmp_path, KNOWN)
    message = str(raised.value)
    assert str(path) in message
    assert "'vague-frequncy'" in message
    assert "known rule ids: not-time-bound, vague-frequency, vague-quantifier" in message


def test_unknown_rule_id_is_checked_against_the_shipped_rules_by_default(tmp_path: Path) -> None:
    write(tmp_path / "boardpapers.toml", '[rules.severity]\nno-such-rule = "error"\n')
    with pytest.raises(RulesConfigError, match=r"known rule ids: .*vague-frequency"):
        load_config(tmp_path)
    write(tmp_path / "boardpapers.toml", '[rules.severity]\ntoo-broad = "warning"\n')
    assert "too-broad" in rule_ids()
    assert load_config(tmp_path).severity_for("too-broad", "error") == "warning"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('severity = { vague-frequency = "fatal" }', "'fatal' for rule 'vague-frequency' is not"),
        ('min_severity = "high"', "min_severity 'high' is not one of info, warning, error"),
        ('disabled = ["vague-frequency"]', "unknown key 'disabled'.*allowed keys: disable"),
        ('disable = "vague-frequency"', "disable must be a list of rule ids"),
    ],
)
def test_bad_config_values_say_what_is_allowed(tmp_path: Path, table: str, expected: str) -> None:
    write(tmp_path / "boardpapers.toml", f"[rules]\n{table}\n")
    with pytest.raises(RulesConfigError, match=expected):
        load_config(tmp_path, KNOWN)


def test_invalid_toml_in_the_config_names_the_file(tmp_path: Path) -> None:
    write(tmp_path / "boardpapers.toml", "[rules\n")
    with pytest.raises(RulesConfigError, match=r"boardpapers\.toml: not valid TOML"):
        load_config(tmp_path, KNOWN)


def test_config_is_hashable_and_equal_however_overrides_are_given() -> None:
    """The rules stage caches one compiled engine per config."""
    from_mapping = RulesConfig(severity_overrides={"b": "error", "a": "info"}, source="x")
    from_pairs = RulesConfig(severity_overrides=(("a", "info"), ("b", "error")))
    assert from_mapping == from_pairs
    assert hash(from_mapping) == hash(from_pairs)
    assert len({from_mapping, from_pairs}) == 1


def test_engine_version_changes_with_the_config() -> None:
    default = RuleEngine.load()
    assert default.version == RuleEngine.load().version
    assert default.version != RuleEngine.load(RulesConfig(min_severity="error")).version
