"""The README and the code agree: every command documented, the first two commands real."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme():
    for name in main.commands:
        assert f"boardpapers {name}" in README, f"`boardpapers {name}` is not in README.md"


def test_readme_opens_with_the_setup_and_test_commands_the_makefile_has():
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert first_block is not None
    commands = [ln.split("#")[0].strip() for ln in first_block.group(1).splitlines()]
    assert commands[:2] == ["make setup run", "make test"]
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    assert {"setup", "run", "test"} <= targets
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_error_type_is_explained_in_the_readme():
    from pipeline.errors import ERROR_TYPES

    for error_type in ERROR_TYPES:
        assert f"`{error_type}`" in README, error_type
