"""Actions with a status in any layout: action tables, boxed cards, label/value blocks."""

from __future__ import annotations

from extractors.finders.context import FindContext
from pipeline.records import Extraction


def find_status_actions(ctx: FindContext) -> Extraction:
    return Extraction()
