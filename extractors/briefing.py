"""Briefing notes: recommendations, the appendix's question bank, and the author.

Questions are the items of a section whose marker mentions questions; ``heading`` is
the theme they sit under ("Domestic violence"), never page furniture ("Appendix 1")
or an explanation group whose bullets are not questions. The author's organisation
is the issuing council unless the author block prints another.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.people import Mention, author_block, lines_of, mentions_in_lines
from pipeline.model import Block


def authors_with_organisation(blocks: list[Block], organisation: str | None) -> list[Mention]:
    """Every mention, the paper's authors given the issuing organisation where they print none."""
    lines = lines_of(blocks)
    found = author_block(lines)
    authors = {m.name for m in found}
    return [
        replace(m, organisation=organisation) if m.name in authors and m.organisation is None else m
        for m in mentions_in_lines(lines, found)
    ]
