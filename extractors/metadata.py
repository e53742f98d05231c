"""What a paper says about itself: title, issuing council, the body it is for, its date.

Decisions, per field (the same for every kind unless a kind's extractor says more):

* ``title``: the first line of the masthead that names the paper, skipping labels
  ("Agenda item", "BRIEFING NOTE", "CONTENTS"), the council's name, a body-and-date
  line and a slogan; a "RE:" / "Subject:" line wins (a briefing note's title is its
  subject); an "Item 7 –" prefix is dropped. When the paper prints no title the
  file's own metadata title is used, else null (the highlight sample prints none).
* ``organisation``: a council named in the masthead, else the council named most
  often, else a slogan ("Working for Warwickshire" → Warwickshire County Council),
  an e-mail domain (walsall.gov.uk → Walsall Council), the file's author property,
  or a council acronym spelt out from a place the text names ("SBC" + "Slough" →
  Slough Borough Council).
* ``body``: a "TO:" line; "Minutes of the …" / "Report to the …"; else the first
  board, panel or committee the masthead names. Null when the paper names none
  (the minutes sample says only "the Panel").
* ``doc_date``: a labelled date ("DATE:", "Meeting held on …", a "Date of update
  report" column); else a masthead line that is a date with a few words around it
  ("Safeguarding Improvement Board – 20th February 2013"). A date inside a sentence
  ("distributed to the Panel on 24th November 2011") is not the paper's date: then
  null, unless a kind's extractor knows better.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.dates import find_date_spans, find_dates
from extractors.rag_grid import rag_grid_in
from extractors.text_utils import clean
from pipeline.model import Block, Document
from pipeline.records import DocumentMeta

# How far into a paper its masthead can reach (blocks); later text is body matter.
_MASTHEAD_BLOCKS = 25
_MAX_TITLE_WORDS = 25

_PLACE = r"[A-Z][a-z]+(?:[ -](?:upon|on|under|in|by|le|next the)[ -][A-Z][a-z]+|-[A-Z][a-z]+)?"
_COUNCIL_TYPE = (
    r"(?:(?:County|Borough|City|District|Metropolitan Borough|Metropolitan|Town|Parish) )?"
)
_ORG_RE = re.compile(rf"\b((?:{_PLACE} )(?:and {_PLACE} |{_PLACE} )?(?:{_COUNCIL_TYPE})Council)\b")
# Capitalised words that start sentences or name council types, never a place.
_NOT_PLACES = frozenset(
    {"The", "This", "That", "A", "An", "Our", "Full", "Each", "Every", "Which", "Your", "All"}
    | {"Any", "Both", "Whole", "Unitary", "Local", "Cabinet", "Executive", "Children", "Council"}
    | {"County", "Borough", "City", "District", "Metropolitan", "Town", "Parish"}
)
_EMAIL_DOMAIN_RE = re.compile(r"@(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.gov\.uk\b", re.IGNORECASE)
_ORG_SLOGAN_RE = re.compile(r"\bWorking\s+(?:for|with)\s+([A-Z][a-z]+)\b")
# Council acronyms that spell out without ambiguity (XCC is County or City: not used).
_COUNCIL_ACRONYMS = {
    "BC": "Borough Council",
    "MBC": "Metropolitan Borough Council",
    "DC": "District Council",
}
_ACRONYM_RE = re.compile(r"\b([A-Z])(MBC|BC|DC)\b")
# A place the text names after a preposition: "to Slough.", "in Walsall to be".
_PLACE_AFTER_PREPOSITION = re.compile(
    r"\b(?:to|in|at|across|within|from|throughout)\s+([A-Z][a-z]{2,})\b(?!\s+[A-Z])"
)

_BODY_KINDS = (
    r"Board|Panel|Committee|Sub-Committee|Task Group|Task & Finish Group|"
    r"Task and Finish Group|Cabinet|Subgroup|Sub-group|Forum|Partnership|Council"
)
_BODY_RE = re.compile(rf"((?:[A-Z][A-Za-z’'-]* (?:(?:and|of|&|for) )*){{1,9}}?(?:{_BODY_KINDS}))\b")
_BODY_CUE_RE = re.compile(
    rf"\b(?i:minutes of (?:the |a )?(?:meeting of (?:the )?)?|report(?:ed)? to (?:the )?|"
    rf"take a report to (?:the )?|meeting of (?:the )?)"
    rf"((?:[A-Z][A-Za-z’'-]* (?:(?:and|of|&|for) )*){{0,10}}?(?:{_BODY_KINDS}))\b"
)
_MASTHEAD_CUE_RE = re.compile(
    rf"\b(?i:for (?:the )?|to (?:the )?)((?:[A-Z][A-Za-z’'-]* (?:(?:and|of|&|for) )*){{1,10}}?"
    rf"(?:{_BODY_KINDS}))\b"
)
_LABEL_RE = re.compile(
    r"^\s*(TO|DATE|RE|SUBJECT|MEETING|REPORT TO|DATE OF MEETING|MEETING DATE|DATE OF REPORT)"
    r"\s*:\s*(.+)$",
    re.IGNORECASE,
)
_HELD_ON_RE = re.compile(r"\b(?:held on|meeting on|meeting of|date of meeting)\b", re.IGNORECASE)
_TITLE_LABELS = re.compile(
    r"^\s*(agenda(\s+item)?(\s+no\.?)?\s*[\w.]*|item\s+[\w.]+|briefing note|minutes|report|"
    r"contents|public|official(\s*-\s*sensitive)?|not protective(ly)? marked|part [a-z0-9]+|"
    r"appendix\s*[\w.]*|annex\s*[\w.]*|module\s*[\w.]*|page \d+|wards? affected.*|"
    r"for (decision|information|noting)|exempt|confidential|draft)\s*:?\s*$",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"^\s*(?:agenda\s+)?item\s+[\w.]+\s*[–—:-]\s*|^\s*briefing note\s*[–—:-]\s*", re.IGNORECASE
)
_SECTION_START = re.compile(
    r"^\s*(\d+(\.\d+)*\.?\s+)?(purpose|background|introduction|summary|executive summary|"
    r"recommendations?|key activities|contents)\b",
    re.IGNORECASE,
)
_DATELINE_MAX_WORDS = 12


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


def _text_lines(blocks: list[Block]) -> list[tuple[str, bool]]:
    """Non-table lines of ``blocks`` as ``(text, is_heading)``."""
    out: list[tuple[str, bool]] = []
    for b in blocks:
        if not b.is_table:
            out.extend(
                (ln.strip(), b.kind == "heading") for ln in b.text.splitlines() if ln.strip()
            )
    return out


# ---------------------------------------------------------------------------
# organisation
# ---------------------------------------------------------------------------


def _councils_named(text: str) -> list[str]:
    names: list[str] = []
    for m in _ORG_RE.finditer(text):
        words = m.group(1).split()
        while words and words[0] in _NOT_PLACES:
            words = words[1:]
        if len(words) >= 2 and words[0] not in _NOT_PLACES:
            names.append(" ".join(words))
    return names


def _council_from_acronym(text: str) -> str | None:
    """ "SBC" spelt out with the one place the text names that starts with "S"."""
    places = {m.group(1) for m in _PLACE_AFTER_PREPOSITION.finditer(text)}
    for m in _ACRONYM_RE.finditer(text):
        initial, kind = m.groups()
        matching = sorted(p for p in places if p.startswith(initial))
        if len(matching) == 1:
            return f"{matching[0]} {_COUNCIL_ACRONYMS[kind]}"
    return None


def find_organisation(text: str, masthead: str = "", author: str | None = None) -> str | None:
    """The council that issued the paper: named outright, by slogan, e-mail domain or acronym."""
    if named := _councils_named(masthead):
        return named[0]
    named = _councils_named(text)
    if named:
        counts = {name: named.count(name) for name in named}
        return max(counts, key=lambda name: (counts[name], -named.index(name)))
    if m := _ORG_SLOGAN_RE.search(text):
        return f"{m.group(1)} County Council"
    if m := _EMAIL_DOMAIN_RE.search(text):
        return f"{m.group(1).replace('-', ' ').title()} Council"
    if author and (named := _councils_named(author)):
        return named[0]
    return _council_from_acronym(text)


# ---------------------------------------------------------------------------
# body
# ---------------------------------------------------------------------------


def _body_name(candidate: str) -> str | None:
    words = candidate.strip(" ,").split()
    while words and words[0] in ("The", "the", "A", "This"):
        words = words[1:]
    name = " ".join(words)
    # A bare kind ("Panel", "County Council") names no particular body; a council's
    # Cabinet is one body.
    if name == "Cabinet":
        return name
    if len(words) < 2 or name.endswith("Council"):
        return None
    return name


def _body_lines(blocks: list[Block]) -> list[str]:
    """Masthead lines and table cells that are a body's name and perhaps a date, nothing more."""
    texts: list[str] = []
    for block in blocks:
        if block.is_table:
            texts.extend(c.text for row in block.rows for c in row.cells)
        else:
            texts.extend(block.text.splitlines())
    out: list[str] = []
    for text in texts:
        undated = text
        for start, end in reversed(_date_spans(text)):
            undated = undated[:start] + undated[end:]
        undated = undated.strip(" –—-,:|")
        if undated and _BODY_RE.fullmatch(undated):
            out.append(undated)
    return out


def find_body(masthead: list[Block], text: str = "") -> str | None:
    """The body the paper is for: labelled, cued ("Minutes of the …"), or named in the masthead.

    Order: a "TO:" line; a cue in the masthead; a masthead line that is little more
    than a body's name; a cue anywhere ("take a report to the … Committee"); a body
    the masthead mentions in a sentence.
    """
    lines = _block_lines(masthead)
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and label.group(1).upper() in ("TO", "REPORT TO", "MEETING"):
            return clean(label.group(2))
    # Tables are body matter ("report themes to the Workforce Board" in an action plan).
    running = [text for text, _ in _text_lines(masthead)]
    sources: list[tuple[re.Pattern[str], list[str]]] = [
        (_BODY_CUE_RE, running),
        (_BODY_RE, _body_lines(masthead)),
        (_MASTHEAD_CUE_RE, running),
        (_BODY_CUE_RE, [text]),
        (_BODY_RE, lines),
    ]
    for pattern, texts in sources:
        for source in texts:
            for m in pattern.finditer(source):
                if name := _body_name(m.group(1)):
                    return name
    return None


# ---------------------------------------------------------------------------
# date
# ---------------------------------------------------------------------------


def _is_dateline(line: str) -> bool:
    """A line that is a date with a few words around it, not a sentence mentioning one."""
    rest = line
    for start, end in reversed(_date_spans(line)):
        rest = rest[:start] + rest[end:]
    return len(rest.split()) <= _DATELINE_MAX_WORDS and not re.search(
        r"\b(start|end|due|deadline|by|until|from|since)\b", rest, re.IGNORECASE
    )


def _date_spans(line: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _ in find_date_spans(line)]


def find_doc_date(lines: list[str], report_date: dt.date | None = None) -> dt.date | None:
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and "DATE" in label.group(1).upper() and (dates := find_dates(label.group(2))):
            return dates[0][1]
    if report_date is not None:
        return report_date
    for line in lines:
        if _HELD_ON_RE.search(line) and (dates := find_dates(line)):
            return dates[0][1]
    for line in lines:
        if (dates := find_dates(line)) and _is_dateline(line):
            return dates[0][1]
    return None


# ---------------------------------------------------------------------------
# title
# ---------------------------------------------------------------------------


def _is_title_candidate(text: str, organisation: str | None) -> bool:
    if _TITLE_LABELS.match(text) or _LABEL_RE.match(text) or len(text) <= 3:
        return False
    if organisation and text.strip(" .").casefold() == organisation.casefold():
        return False
    if _ORG_SLOGAN_RE.fullmatch(text.strip(" *")):
        return False
    undated = text
    for start, end in reversed(_date_spans(text)):
        undated = undated[:start] + undated[end:]
    undated = undated.strip(" –—-,:|")
    if not undated:
        return False
    # "Safeguarding Improvement Board – 20th February 2013": a body and a date.
    if undated != text.strip() and _BODY_RE.fullmatch(undated + ""):
        return False
    return len(text.split()) <= _MAX_TITLE_WORDS and not text.rstrip().endswith(".")


def find_title(doc: Document, organisation: str | None = None) -> str | None:
    masthead = _masthead(doc)
    for text, _ in _text_lines(masthead):
        label = _LABEL_RE.match(text)
        if label and label.group(1).upper() in ("RE", "SUBJECT"):
            return clean(label.group(2))
    for block in masthead:
        if block.is_table:
            # A layout table holding the first section ends the masthead too.
            if any(_SECTION_START.match(c.text) for row in block.rows for c in row.cells):
                break
            continue
        for text, is_heading in _text_lines([block]):
            if _SECTION_START.match(text):
                break
            if not is_heading and len(text.split()) > _MAX_TITLE_WORDS:
                continue
            if _is_title_candidate(text, organisation):
                return clean(_TITLE_PREFIX.sub("", text))
        else:
            continue
        break
    title = doc.properties.get("title") or doc.properties.get("Title")
    if title and title.strip():
        return clean(title)
    return None


def running_text(doc: Document) -> str:
    """The paper's text outside tables."""
    return "\n".join(b.text for b in doc.blocks if not b.is_table)


def extract_metadata(doc: Document) -> DocumentMeta:
    masthead = _masthead(doc)
    lines = _block_lines(masthead)
    text = doc.plain_text()
    author = doc.properties.get("author") or doc.properties.get("Author")
    organisation = find_organisation(text, "\n".join(lines), author)
    grid = rag_grid_in(masthead)
    return DocumentMeta(
        title=find_title(doc, organisation),
        organisation=organisation,
        body=find_body(masthead, running_text(doc)),
        doc_date=find_doc_date(lines, grid.report_date if grid else None),
    )
