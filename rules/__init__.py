"""Vague-wording and SMART rules: pattern data in ``rules/patterns``, one loader, one engine.

``rules.RULES_VERSION`` is a stable hash of the rule files and the engine version
(see ``rules.engine.rules_version``), computed on first use rather than on import.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name == "RULES_VERSION":
        from rules.engine import rules_version

        return rules_version()
    raise AttributeError(f"module 'rules' has no attribute {name!r}")
