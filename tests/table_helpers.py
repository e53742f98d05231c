"""Assertions the reader tests share."""

from __future__ import annotations

from pipeline.model import Block, Document

COLOUR_TOLERANCE = 0.01


def close_to(actual: tuple[float, float, float] | None, hex_colour: str) -> bool:
    """Whether a cell fill read back from a file is the ``#rrggbb`` colour it was built with."""
    assert actual is not None
    digits = hex_colour.lstrip("#")
    expected = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return all(abs(a - e) < COLOUR_TOLERANCE for a, e in zip(actual, expected, strict=True))


def only_table(document: Document) -> Block:
    tables = [block for block in document.blocks if block.is_table]
    assert len(tables) == 1
    return tables[0]
