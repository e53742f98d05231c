"""What a paper says about itself: title, issuing council, the body it is for, its date."""

from __future__ import annotations

import datetime as dt
import re

from extractors.dates import find_dates
from pipeline.model import Block, Document
from pipeline.records import DocumentMeta

# How far into a paper its masthead can reach (blocks); later text is body matter.
_MASTHEAD_BLOCKS = 25

_ORG_RE = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[ -](?:and|upon|on|of)?[ -]?)?){1,4}?"
    r"(?:County |Borough |City |District |Metropolitan Borough |Metropolitan )?Council)\b"
)
_ORG_STOPWORDS = {"The", "This", "A", "An", "Our", "Full", "Each", "Every", "Town", "Parish"}
_EMAIL_DOMAIN_RE = re.compile(r"@([a-z0-9-]+)\.gov\.uk\b", re.IGNORECASE)
_ORG_SLOGAN_RE = re.compile(r"\bWorking for\s+([A-Z][a-z]+)\b")

_BODY_RE = re.compile(
    r"((?:[A-Z][A-Za-z&’']*[ ,]+(?:and |of |& |for )?){1,9}?"
    r"(?:Board|Panel|Committee|Task Group|Task & Finish Group|Task and Finish Group|Cabinet|"
    r"Sub-Committee|Subgroup|Forum))\b"
)
_LABEL_RE = re.compile(r"^\s*(TO|DATE|RE|SUBJECT|MEETING|REPORT TO)\s*:\s*(.+)$", re.IGNORECASE)


def _masthead(doc: Document) -> list[Block]:
    return doc.blocks[:_MASTHEAD_BLOCKS]


def _block_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if b.is_table:
            lines.extend(" ".join(c for c in row.texts if c) for row in b.rows[:8])
        else:
            lines.extend(b.text.splitlines())
    return [ln.strip() for ln in lines if ln.strip()]


def find_organisation(text: str) -> str | None:
    """The council that issued the paper: named outright, by slogan, or by e-mail domain."""
    counts: dict[str, int] = {}
    for m in _ORG_RE.finditer(text):
        words = m.group(1).split()
        while words and words[0] in _ORG_STOPWORDS:
            words = words[1:]
        name = " ".join(words)
        if len(words) >= 2:
            counts[name] = counts.get(name, 0) + 1
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], -text.find(kv[0])))[0]
    if m := _ORG_SLOGAN_RE.search(text):
        return f"{m.group(1)} County Council"
    if m := _EMAIL_DOMAIN_RE.search(text):
        return f"{m.group(1).replace('-', ' ').title()} Council"
    return None


def find_body(lines: list[str]) -> str | None:
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and label.group(1).upper() in ("TO", "REPORT TO", "MEETING"):
            return label.group(2).strip()
    for line in lines:
        if m := _BODY_RE.search(line):
            return m.group(1).strip(" ,")
    return None


def find_doc_date(lines: list[str]) -> dt.date | None:
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and label.group(1).upper() == "DATE" and (dates := find_dates(label.group(2))):
            return dates[0][1]
    for line in lines:
        if dates := find_dates(line):
            return dates[0][1]
    return None


def find_title(doc: Document) -> str | None:
    for block in _masthead(doc):
        if block.kind == "heading" and len(block.text) > 3:
            return block.text.strip()
    title = doc.properties.get("title") or doc.properties.get("Title")
    if title and title.strip():
        return title.strip()
    for line in _block_lines(_masthead(doc)):
        if len(line) > 3:
            return line[:200]
    return None


def extract_metadata(doc: Document) -> DocumentMeta:
    lines = _block_lines(_masthead(doc))
    return DocumentMeta(
        title=find_title(doc),
        organisation=find_organisation(doc.plain_text()),
        body=find_body(lines),
        doc_date=find_doc_date(lines),
    )
