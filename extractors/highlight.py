"""A project's header facts: sponsor, manager, start and end, percentage complete.

Header facts are label/value pairs, in a table row ("Project SPONSOR | Clair Pyper")
or a line ("Project Sponsor: Clair Pyper"). Dates stay as printed ("June 2011",
"2013": often a month or a year, not a day). The percentage complete is a labelled
figure ("% complete: 35%") or the masthead's progress-bar text ("The first 15% is a
blue bar labeled 'Completed'"); only the part of the paper before its first list
section is searched, so "95% of assessments completed" in a bullet is not read as
progress. A sponsor or manager printed with a job title ("Helen Marsh, Director of
Children's Services") is given by name, and the title goes to ``people``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.people import Mention, parse_entry, to_people
from extractors.sections import (
    COMPLETED,
    OBSTACLE,
    PLANNED,
    RECOMMENDATION,
    RISK,
    section_of,
)
from extractors.text_utils import clean, folded, needs, per_document
from pipeline.model import Block
from pipeline.records import DocumentMeta, Person

HIGHLIGHT_SECTIONS = (COMPLETED, PLANNED, RISK, OBSTACLE, RECOMMENDATION)

FACT_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("sponsor", re.compile(r"^\s*(project\s+|programme\s+)?sponsor\s*:?\s*$", re.I)),
    ("manager", re.compile(r"^\s*(project|programme)\s+manager\s*:?\s*$", re.I)),
    ("project_start", re.compile(r"^\s*(project\s+)?start(\s+date)?\s*:?\s*$", re.I)),
    (
        "project_end",
        re.compile(
            r"^\s*((anticipated|expected|planned|target|estimated)\s+)?(project\s+)?"
            r"(end|completion|finish|close)(\s+date)?\s*:?\s*$",
            re.I,
        ),
    ),
    (
        "percent_complete",
        re.compile(r"^\s*(%|per\s?cent(age)?)\s*(complete|completed|progress)\s*:?\s*$", re.I),
    ),
]
_ROLE_OF_FACT = {"sponsor": "Project Sponsor", "manager": "Project Manager"}
_PERCENT_VALUE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%?")
_PERCENT_IN_TEXT = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s?%[^.%\d]{0,50}?\b(complete|completed|done)\b"
    r"|\b(?:complete|progress)\s*:?\s*(\d{1,3}(?:\.\d+)?)\s?%",
    re.IGNORECASE,
)
_PERCENT_NEEDS = needs(_PERCENT_IN_TEXT)
"""Words every progress-bar percentage needs: a header without them is not searched."""


@dataclass(frozen=True, slots=True)
class _Fact:
    name: str
    value: str


def _label_value_pairs(blocks: list[Block]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for block in blocks:
        if block.is_table:
            for row in block.rows:
                texts = [c.text.strip() for c in row.cells]
                for i, label in enumerate(texts):
                    value = next((t for t in texts[i + 1 :] if t), None)
                    if label and value:
                        pairs.append((label, value))
        else:
            label, sep, value = block.text.partition(":")
            if sep and value.strip():
                pairs.append((label + ":", value.strip()))
    return pairs


def _single_cell_texts(block: Block) -> list[str]:
    texts: list[str] = []
    for row in block.rows:
        filled = [c.text for c in row.cells if c.text.strip()]
        if len(filled) == 1:
            texts.append(filled[0])
    return texts


def _header_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks before the first activity list (its marker may sit in a table row)."""
    out: list[Block] = []
    for block in blocks:
        # In a table only a row with one filled cell can be a marker ("Issues & Risks" is a
        # grid column, not the risk section).
        texts = _single_cell_texts(block) if block.is_table else [block.text]
        markers = [t for t in texts if len(t.split()) <= 14 and section_of(t, HIGHLIGHT_SECTIONS)]
        if markers and not block.is_table:
            break
        out.append(block)
        if markers:
            break
    return out


@per_document
def _facts_labelled(label: str) -> tuple[str, ...]:
    """The facts ``label`` names, in ``FACT_LABELS`` order (a header's cells are read as
    labels many times over)."""
    return tuple(name for name, pattern in FACT_LABELS if pattern.match(label))


def header_facts(blocks: list[Block]) -> list[_Fact]:
    header = _header_blocks(blocks)
    facts: list[_Fact] = []
    for label, value in _label_value_pairs(header):
        for name in _facts_labelled(label):
            if not any(f.name == name for f in facts):
                facts.append(_Fact(name, clean(value) or value))
    if not any(f.name == "percent_complete" for f in facts):
        text = (
            "\n".join(c.text for b in header if b.is_table for r in b.rows for c in r.cells)
            + "\n"
            + "\n".join(b.text for b in header if not b.is_table)
        )
        may_match = _PERCENT_NEEDS is None or _PERCENT_NEEDS.met(text, folded(text))
        if may_match and (m := _PERCENT_IN_TEXT.search(text)):
            facts.append(_Fact("percent_complete", m.group(1) or m.group(3)))
    return facts


def _percent(value: str) -> float | None:
    m = _PERCENT_VALUE.search(value)
    if not m:
        return None
    number = float(m.group(1))
    return number if 0 <= number <= 100 else None


def header_meta(blocks: list[Block], organisation: str | None) -> tuple[DocumentMeta, list[Person]]:
    """What a project's header says (sponsor, manager, dates, % complete) and who holds a role."""
    found = DocumentMeta()
    holders: list[Mention] = []
    for fact in header_facts(blocks):
        if fact.name == "percent_complete":
            found.percent_complete = _percent(fact.value)
        elif fact.name in _ROLE_OF_FACT:
            entry = parse_entry(fact.value)
            name = entry.name if entry is not None and entry.full else fact.value
            setattr(found, fact.name, name)
            role = (entry.role if entry is not None else None) or _ROLE_OF_FACT[fact.name]
            holders.append(Mention(name, None, role, entry.organisation if entry else None))
        else:
            setattr(found, fact.name, fact.value)
    return found, to_people(holders, organisation)
