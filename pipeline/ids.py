"""Stable identifiers: content hashes, never counters or clocks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def stable_id(*parts: object) -> str:
    """A short hex id derived from ``parts``; equal parts give equal ids on every run."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


def unique_ids(keys: Iterable[tuple[object, ...]]) -> list[str]:
    """Ids for ``keys`` in order; repeats of a key get an occurrence number so ids stay unique."""
    seen: dict[tuple[object, ...], int] = {}
    out: list[str] = []
    for key in keys:
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(stable_id(*key, n) if n else stable_id(*key))
    return out
