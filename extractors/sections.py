"""List-like sections → ``Statement`` records.

A section starts at a heading (or a short line ending in ``:``) whose words say
what its items are ("Key activities completed" → ``completed``; "Resolved:" →
``resolution``). Sub-headings inside it become each item's ``heading``.
"""

from __future__ import annotations

import re

from extractors.text_utils import clean, split_ref
from pipeline.model import Block
from pipeline.records import Statement

# Section headings → section, checked in order (first match wins).
SECTION_HEADINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(activities|milestones)\b.*\b(completed|achieved)\b", re.I), "completed"),
    (re.compile(r"\b(scheduled|planned)\b.*\bnext\b|\bnext period\b", re.I), "planned"),
    (re.compile(r"\bobstacles?\b", re.I), "obstacle"),
    (re.compile(r"\brisks?\b", re.I), "risk"),
    (re.compile(r"^\s*resolved\b", re.I), "resolution"),
    (re.compile(r"\brecommendations?\b|\brecommended to\b", re.I), "recommendation"),
    (re.compile(r"\bquestions?\b", re.I), "question"),
    (re.compile(r"\b(findings?|conclusions?)\b", re.I), "finding"),
]
_MAX_HEADING_WORDS = 14


def section_of(text: str) -> str | None:
    for pattern, section in SECTION_HEADINGS:
        if pattern.search(text):
            return section
    return None


def _is_section_marker(block: Block) -> bool:
    text = block.text.strip()
    if block.kind == "heading":
        return True
    return block.kind == "paragraph" and (
        text.endswith(":") and len(text.split()) <= _MAX_HEADING_WORDS
    )


def _is_subheading(block: Block) -> bool:
    text = block.text.strip()
    short = 0 < len(text.split()) <= 8 and not text.endswith((".", ":", ";"))
    return short and (
        block.kind == "heading" or block.underline or block.bold or block.kind == "paragraph"
    )


def statements_in(blocks: list[Block]) -> list[Statement]:
    out: list[Statement] = []
    section: str | None = None
    heading: str | None = None
    for block in blocks:
        if block.is_table:
            continue
        if _is_section_marker(block):
            found = section_of(block.text)
            if found is not None:
                section, heading = found, None
                continue
            if block.kind == "heading" and section and _is_subheading(block):
                heading = clean(block.text)
                continue
            if block.kind == "heading":
                section, heading = None, None
                continue
        if section is None:
            continue
        if block.kind == "list_item":
            ref, text = split_ref(block.text)
            text = clean(text.rstrip("*").strip())
            if text:
                out.append(
                    Statement(section=section, text=text, heading=heading, page=block.page, ref=ref)
                )
        elif block.kind == "paragraph" and _is_subheading(block):
            heading = clean(block.text)
    return out
