"""Small text clean-ups every extractor needs."""

from __future__ import annotations

import re

_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_NUMBER_PREFIX = re.compile(
    r"^\s*(?:-\s*)?(?P<ref>\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+", re.IGNORECASE
)


def clean(text: str | None) -> str | None:
    """Whitespace normalised, hyphenation breaks and layout line breaks removed; None if empty."""
    if text is None:
        return None
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    return text or None


def split_ref(text: str) -> tuple[str | None, str]:
    """``("7", "Monthly reports …")`` for ``"7. Monthly reports …"``; ``(None, text)`` otherwise."""
    m = _NUMBER_PREFIX.match(text)
    if not m:
        return None, text
    return m.group("ref"), text[m.end() :]
