"""Decisions: resolutions in minutes and decision records, recommendations in reports."""

from __future__ import annotations

from extractors.finders.context import FindContext
from pipeline.records import Extraction


def find_decisions(ctx: FindContext) -> Extraction:
    return Extraction()
