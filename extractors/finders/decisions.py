"""Decisions: resolutions in minutes and decision records, recommendations in reports.

Runs on every document; what it finds depends only on the wording and layout.

A decision starts at one of three kinds of marker (the vocabulary is ``VOCAB`` below):

* a **verb** that records what a meeting did — "RESOLVED that …", "It was RESOLVED
  that …", "The Committee resolved to …", "AGREED:", "It was agreed that …",
  "RECOMMENDED – THAT …" (also letter-spaced, "R E C O M M E N D E D"). Its items sit
  under the agenda item the minute belongs to (``heading``);
* a **label** naming a part of a paper — "Recommendation(s):", "Decision:",
  "Resolutions". A report's recommendations take the label as ``heading``; a decision
  label inside numbered minutes takes the agenda item;
* a **lead-in** sentence — "Cabinet is asked to:", "The Committee is recommended to:",
  "… unanimously agreed the following motion:". It opens a list of items under the
  latest heading; a lead-in that is a whole sentence ("Members are asked to note …")
  is itself one recommendation.

Boards and one-person decisions have their own forms: a board's "The Board:" over items
that each open with a decision verb ("NOTED …", "APPROVED …"); a commissioner's, mayor's
or officer's decision notice, "I approve …" under a "Decision" label; and numbered
recommendations each under its own heading ("Recommendation 2", "Area for improvement
1"), the paragraph below being the recommendation.

A marker whose words end in ":" (or "RESOLVED" alone, or with its subject alone, "RESOLVED
that the Panel" over "(a) notes …") opens a block: the numbered,
lettered or bulleted items that follow, indented under it, each one statement without
its marker (only the smallest items: an item that ends in ":" is a lead-in). A block
ends at a heading, at the marker's own next number, at prose after its items, or at
the next marker. Under a lead-in that is followed straight away by unnumbered
paragraphs (a decision record's "I agree to:" / "APPROVE …" / "DELEGATE …"), each
paragraph is an item. Short lines inside a block ("2025-26 Council Tax") are the
items' sub-heading.

Parish and town minutes record decisions inside running paragraphs, often a whole
meeting in one: besides a verb opening a sentence, a paper that records a meeting (an
attendance line, a "Minutes of …" title) gives the impersonal verb inside a sentence
("After discussion it was agreed that …", "Council agreed to …") and whole sentences in
the passive or with their vote (``SENTENCE_FORMS``: "The minutes … were agreed as a true
record.", "Accounts were presented and accepted for payment.", "… proposed A, seconded B,
unanimously agreed.", "… was duly elected"). Not those that put the decision at an
earlier meeting, give it to another body ("approved by the Borough Council"), negate it,
or are conditional; a report's passive sentences narrate and never count.

Not decisions: a motion or amendment quoted in a minute (text inside quotation
marks is a mention, not a use), a motion's own "This Council resolves to:" (only the
past tense "resolved" records a decision), a report narrating that a body "resolved"
something mid-sentence, and lists of appendices or background papers. A list printed
twice (a report's summary box and its body) is kept once, near-identical wording
included; the same decision text under two agenda items is two decisions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from extractors.dates import find_date_spans
from extractors.finders.context import FindContext
from extractors.sections import (
    BULLET_GLYPHS,
    FURNITURE,
    NOTHING_ITEMS,
    PAPER_PARTS,
    Line,
    blocks_to_lines,
    heading_number,
    item_text,
    looks_like_subheading,
    merge_wrapped,
    split_item_ref,
)
from extractors.text_utils import clean, folded, needs, per_document
from pipeline.model import Block
from pipeline.records import Extraction, Statement

# ---------------------------------------------------------------------------
# Vocabulary: every phrase the finder reacts to, in one place.
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Marker:
    """A phrase that opens a decision. ``pattern`` matches at the start of a line."""

    name: str
    section: str
    kind: str
    """``verb`` (a minute records a decision), ``label`` (names a part of a paper) or
    ``lead_in`` (a sentence introducing the items)."""
    pattern: re.Pattern[str]
    weak: bool = False
    """A phrase that also narrates ("It was agreed that …", "The Panel resolved to …"):
    not a decision inside a list a minute introduces as discussion ("Key highlights:")."""


def _m(
    name: str,
    section: str,
    kind: str,
    pattern: str,
    flags: int = re.IGNORECASE,
    *,
    weak: bool = False,
) -> Marker:
    return Marker(name, section, kind, re.compile(pattern, flags), weak)


# Words a vote or a mover may put before "it was resolved": "Proposed by Cllr A,
# seconded by Cllr B and it was RESOLVED that …".
_MOVER_PREFIX = (
    r"(?:[^.]{0,160}?\b(?:proposed|seconded|moved|vote[sd]?|majority|unanimous(?:ly)?|carried)\b"
    r"[^.]{0,160}?(?:,|;|\band)\s+)?"
)
# Who resolved: "The Committee", "Cabinet", "The Planning Sub-Committee" — a name in title
# case, not a sentence opener ("In September the Board resolved …" narrates).
_SUBJECT = (
    r"(?!(?:In|On|At|After|Following|During|When|Since|Before|By|As|Once|If|Whilst|While|"
    r"Although|Later|Subsequently|Previously)\b)"
    r"(?:the\s+)?[A-Z][\w’'&()\-]*(?:\s+(?:of|and|for|the|&|[A-Z][\w’'&()\-]*)){0,6}?"
)

VOCAB: tuple[Marker, ...] = (
    # --- verbs: what the meeting did (past tense only: "resolves" is a motion's wording)
    _m(
        "resolved",
        "resolution",
        "verb",
        _MOVER_PREFIX + r"(?:it\s+was\s+)?(?:unanimously\s+)?resolved\b(?:\s+unanimously\b)?",
    ),
    _m(
        "body resolved",
        "resolution",
        "verb",
        rf"{_SUBJECT}\s+(?:(?:therefore|then|unanimously|formally)\s+)?resolved(?=\s+(?:to|that)\b)",
        0,
        weak=True,
    ),
    _m(
        "agreed",
        "resolution",
        "verb",
        _MOVER_PREFIX
        + r"(?:it\s+was\s+(?:unanimously\s+)?agreed(?=\s+(?:that|to)\b)|agreed\s*(?=[:–—]|-\s|:-))",
        weak=True,
    ),
    _m("AGREED", "resolution", "verb", r"AGREED\b(?=\s+(?:that|to|THAT|TO)\b)", 0),
    # Terse minutes: "Agreed to write to the Chief Constable.", "Decided it was not worth
    # repairing.", "It was decided to end the contract."
    _m(
        "decided",
        "resolution",
        "verb",
        r"(?:it\s+was\s+)?(?:unanimously\s+)?(?:decided|agreed)(?=\s+(?:that|to|it|not|against)\b)",
        weak=True,
    ),
    # A board's minute records its decision with the verb in capitals: "Following
    # discussion, the Board APPROVED the Operating Plan" (lower case narrates).
    _m(
        "body DECIDED",
        "resolution",
        "verb",
        r"(?:[^.:;]{0,120}?\s)?(?:[Tt]he\s+)?(?:[A-Z][\w&’'-]*\s+){0,4}?"
        r"(?:Board|Committee|Sub-Committee|Council|Panel|Cabinet|Members|Group|Trust|Authority|"
        r"Executive|Governors|Directors|Partnership)\s+(?:(?:unanimously|formally)\s+)?"
        r"(?:APPROVED|AGREED|RESOLVED|ENDORSED|RATIFIED|ADOPTED)\b",
        0,
    ),
    _m(
        "recommended",
        "recommendation",
        "verb",
        r"(?:it\s+was\s+)?recommended\b(?=\s*(?:[:–—]|-\s|:-|that\b|to\b))",
    ),
    # --- a body's decision in reported form, opening a list: "… agreed the following motion:"
    _m(
        "agreed the following",
        "resolution",
        "lead_in",
        r"(?:[^.:]{0,120}?\b)?(?:unanimously\s+)?(?:resolved|agreed)\s+(?:the\s+following|as\s+follows)"
        r"\b[^.:]{0,60}:\s*$",
    ),
    # A board's minute listing its decisions under its own name: "The Board:" / "NOTED
    # the month 6 position;" / "APPROVED the capital plan." (each item must open with
    # such a verb: ``_DECIDED_ITEM``)
    _m(
        "body decided list",
        "resolution",
        "lead_in",
        r"[Tt]he\s+(?:[A-Z][\w&’'-]*\s+){0,4}?(?:Board|Committee|Sub-Committee|Council|"
        r"Panel|Cabinet|Members|Group|Trust|Authority|Executive|Governors|Directors|Partnership)"
        r"\s*:\s*$",
        0,
    ),
    # --- labels: parts of a paper
    _m(
        "recommendations label",
        "recommendation",
        "label",
        r"(?:summary\s+of\s+)?(?:the\s+)?recommendations?(?:\s*\(s\))?"
        r"(?:\s+(?:to|for|of)\b[^:.]{0,60}|\s+[A-Z]{0,2}\d{1,3}[a-z]?)?(?:\s*[:–—-].*)?$",
    ),
    # An inspectorate's or reviewer's list of what should change: "What needs to improve
    # in this local authority?", "Areas for improvement".
    _m(
        "improvement label",
        "recommendation",
        "label",
        r"(?:what\s+needs\s+to\s+(?:improve|happen)\b[^:]{0,80}?|areas?\s+(?:for|of)\s+"
        r"(?:improvement|development)(?:\s+\d{1,3})?|"
        r"what\s+(?:the|this)\s+[\w’' ]{1,40}?\s+(?:needs?|should)\s+(?:to\s+)?(?:do|improve)"
        r"\b[^:]{0,60}?)\s*\??\s*(?::.*)?$",
    ),
    _m(
        "recommended decision label",
        "recommendation",
        "label",
        r"recommended\s+decisions?\s*(?::.*)?$",
    ),
    _m(
        "decision label",
        "resolution",
        "label",
        r"(?:resolutions?|decisions?(?:\s+(?:taken|made))?)\s*(?:(?::-?|[–—]|-\s).*)?$",
    ),
    # --- lead-ins: "Cabinet is asked to:", "The Panel is recommended to:"
    _m(
        "asked to",
        "recommendation",
        "lead_in",
        r"(?:that\s+)?(?:the\s+)?[\w’'&,()/\- ]{1,100}?\b(?:is|are)\s+(?:(?:therefore|now)\s+)?"
        r"(?:asked|recommended|requested|requested)\s+to\b",
    ),
    _m("it is recommended", "recommendation", "lead_in", r"it\s+is\s+recommended\s+that\b"),
)

_VOCAB_NEEDS = tuple(needs(marker.pattern) for marker in VOCAB)
"""Each marker's words: a line without them is not matched against it (most lines hold
none, and the patterns' optional lead-ins are slow to try)."""
_ANY_MARKER_WORD = (
    re.compile("|".join(sorted({re.escape(w.lower()) for n in _VOCAB_NEEDS if n for w in n.words})))
    if all(_VOCAB_NEEDS)
    else None
)
"""Any marker's word, in folded text (a word a pattern needs in its case is in the folded
text in lower case): a line without one opens no decision."""

# A recommendation printed as a sentence under its label: "That the Panel notes …",
# "To approve …", "Note the …" — the forms a report's recommendation box takes.
_RECOMMENDATION_SENTENCE = re.compile(
    r"^(?:(?i:that\s+(?:the\s+)?)[A-Z]|(?i:(?:to\s+)?(?:note|agree|approve|endorse|adopt|"
    r"consider|comment\s+on|delegate|support|receive|request|ask|confirm|accept))\b)",
)
# An item of a board's "The Board:" list: a decision verb in the past tense opens it.
_DECIDED_ITEM = re.compile(
    r"^(?:NOTED|APPROVED|AGREED|RESOLVED|ENDORSED|SUPPORTED|RATIFIED|RECEIVED|ACCEPTED|"
    r"DELEGATED|REQUESTED|CONFIRMED|ADOPTED|Noted|Approved|Agreed|Resolved|Endorsed|"
    r"Supported|Ratified|Received|Accepted|Delegated|Requested|Confirmed|Adopted)\b"
)
# An item of such a list that says what the body did, decided or not ("DISCUSSED …").
_DID_ITEM = re.compile(r"^(?:[A-Z]{4,}|[A-Z][a-z]+ed)\b")
# A decision taken by one person, printed under a "Decision" label: a commissioner's,
# a mayor's, a cabinet member's or an officer's decision notice ("I approve the …",
# "As Cabinet Member for …, I have decided to …", "I hereby authorise …").
_FIRST_PERSON_DECISION = re.compile(
    r"^(?:[A-Z][^,.;:]{2,120},\s+)?I(?:,\s+[^,.;:]{2,80},)?\s+(?:hereby\s+|have\s+|therefore\s+){0,2}"
    r"(?:approve|approved|agree|agreed|authori[sz]e|authori[sz]ed|endorse|endorsed|accept|"
    r"decide|decided|determine|determined|resolve|resolved|delegate|delegated)\b"
    # "I agree with the officers' assessment", "I accept that …": a view, not a decision
    r"(?!\s*:)(?!\s+(?:with|that)\b)"
)
# Label text may carry a number: "8. Recommendations", "4. Recommendation(s)".
_MAX_LABEL_WORDS = 8
# A lead-in that is a whole sentence (no ":") is itself one recommendation only this short.
_MAX_SENTENCE_WORDS = 90
# Minute numbering: "76.", "23/45", "Minute 12", "Item 6 –".
_MINUTE_NUMBER = re.compile(
    r"^\s*(?:(?:minute|item|agenda\s+item)\s+(?:no\.?\s*)?[\w/.]+\s*[.:–—-]?\s+|"
    r"(?:[A-Za-z]{1,6}[\s/]?)?\d{1,4}/\d{1,4}(?:/\d{1,4})?\.?\s+|\d{1,4}[.)]?\s+)(?=\S)",
    re.IGNORECASE,
)
_ITEM_SUFFIX = re.compile(r"\s*\((?:agenda\s+)?item\s+[\w.]+\)\s*$", re.IGNORECASE)
_ITEM_TAG = re.compile(r"^\s*\((?:agenda\s+)?item\s+[\w.]+\)\s*$", re.IGNORECASE)
# Capital-letter and unspaced numbering that ``split_item_ref`` leaves alone: "A.", "B)",
# "(C)", "10.Following".
_CAPITAL_REF = re.compile(r"^\s*\(?(?P<ref>[A-Z])[.)]\s+(?=\S)")
_GLUED_NUMBER = re.compile(r"^\s*(?P<ref>\d{1,3})\.(?=[A-Z])")
_LETTER_SPACED = re.compile(r"\b(?:[A-Za-z] ){2,}[A-Za-z]\b")
_DECISION_WORD = re.compile(r"\b(?:resolved|agreed|recommend\w*|decisions?)\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__")
_OPEN_QUOTES = "“\"‘'"
_CLOSE_QUOTES = "”\"’'"
# Separators between a marker and its text: "RESOLVED – to …", "Resolved:- that …".
_SEPARATOR = re.compile(r"^[\s:;,.–—-]+")
_INLINE_ITEMS = re.compile(
    r"(?:(?<=^)|(?<=[\s:;]))(?:\((?P<p>[a-zA-Z]|[ivxIVX]{1,5}|\d{1,2})\)|(?P<b>[a-zA-Z]|\d{1,2})\)|"
    r"(?i:recommendation|resolution)\s+(?P<n>\d{1,3})\s*[:.–—-])\s+"
)


def _inline_ref(m: re.Match[str]) -> str:
    return m.group("p") or m.group("b") or m.group("n")


# The last word of a lead-in ("Cabinet is asked to:"), never of a sub-heading ("In addition:").
_LEAD_IN_ENDINGS = frozenset(
    {"to", "that", "following", "follows", "the", "of", "by", "and", "or", "will", "resolve", "may"}
)
# Parts of a paper that follow its recommendations and are never part of them.
_PAPER_ENDS = re.compile(
    r"^\s*(?:attached\s+documents?|attachments?|list\s+of\s+(?:appendices|attachments|annexes)|"
    r"enclosures?|annex(?:es)?|appendix\s+\w+\s*[–—:-]|background\s+(?:documents?|papers?|information)|"
    r"contact\s+(?:officer|details)|report\s+authors?|signed\b|reasons?\s+for\s+(?:the\s+)?"
    r"(?:decision|recommendations?))",
    re.IGNORECASE,
)
# A single recommendation printed again under another label is a repeat when this long.
_LONG_REPEAT_CHARS = 60
_SIMILAR = 0.9
_MIN_PREFIX_CHARS = 20


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One line of running text with what the finder needs to know about it."""

    line: Line
    block: Block
    ref: str | None
    body: str
    item: bool
    quoted: bool
    marker_read: bool = field(default=False, repr=False, compare=False)
    marker: _Found | None = field(default=None, repr=False, compare=False)
    """What ``_match_marker`` found, once ``marker_read``: the finder asks up to four times."""

    @property
    def text(self) -> str:
        return self.line.text.strip()

    @property
    def x0(self) -> float | None:
        return self.line.bbox.x0 if self.line.bbox is not None else None

    @property
    def heading(self) -> bool:
        return self.line.kind == "heading"


def _unspace(text: str) -> str:
    """``"R E C O M M E N D E D – T H A T"`` → ``"RECOMMENDED – THAT"``."""
    return _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


# An item named by its kind and number: "Recommendation 1: The Council should …",
# "Resolution 3 – that …", "R2. Officers report quarterly …".
_NAMED_ITEM = re.compile(
    r"^\s*(?P<kind>recommendation|resolution)\s+(?:no\.?\s*)?(?P<ref>\d{1,3}[a-z]?)"
    r"\s*[:.)–—-]\s*(?=\S)",
    re.IGNORECASE,
)


def split_marker(text: str) -> tuple[str | None, str]:
    """Numbering and bullet split off an item: ``("B", "DELEGATE …")`` for ``"B. DELEGATE …"``."""
    stripped = text.lstrip()
    if m := _NAMED_ITEM.match(stripped):
        return m.group("ref"), stripped[m.end() :]
    if stripped[:1] in BULLET_GLYPHS or re.match(r"^[-–*]\s", stripped):
        return None, stripped[1:].strip()
    ref, rest = split_item_ref(stripped)
    if ref is not None:
        return ref, rest
    for pattern in (_CAPITAL_REF, _GLUED_NUMBER):
        if m := pattern.match(stripped):
            return m.group("ref"), stripped[m.end() :]
    return None, stripped


def _has_bullet(text: str) -> bool:
    stripped = text.lstrip()
    return stripped[:1] in BULLET_GLYPHS or bool(re.match(r"^[-–*]\s", stripped))


_GRID_DECISION = re.compile(
    r"\b(?:resolved|agreed|recommend\w*|decisions?|approved|accepted|adopted|carried|"
    r"ratified|elected|co-opted)\b",
    re.IGNORECASE,
)
"""A grid row holding one of these may record a decision: its cells are read as lines."""


def _block_lines(block: Block) -> list[Line]:
    """A block's lines; a table's rows one by one, so that a minute laid out as a grid row
    ("23/45 | Planning applications … RESOLVED that …") is read too."""
    if not block.is_table:
        return blocks_to_lines([block])
    lines: list[Line] = []
    for row in block.rows:
        got = blocks_to_lines([Block("table", page=block.page, rows=[row])])
        filled = [c.text.strip() for c in row.cells if c.text.strip() and not c.continued]
        # a decision word in a cell that reads as a sentence, not a status ("Approved")
        worded = any(len(t.split()) >= 3 and _GRID_DECISION.search(t) for t in filled)
        if got or len(filled) < 2 or not worded:
            lines.extend(got)
            continue
        first, rest = filled[0], filled[1:]
        if len(first.split()) <= 2 and _MINUTE_NUMBER.match(first + " x"):
            title, _, body = rest[0].partition("\n")
            run_in = None if body else _cell_title(title)
            if run_in is not None:
                title, body = run_in  # "Finance. The schedule of payments …" in one line
            # A title alone is the row's heading: a list opened in the row before ("…
            # All in favour. Resolved.") ends at it
            kind = "heading" if run_in is not None else "paragraph"
            lines.append(Line(kind, f"{first} {title.strip()}", row.page, None, 2, True))
            rest = [body, *rest[1:]]
        else:
            rest = filled
        for cell_text in rest:
            lines.extend(
                Line("cell_line", part.strip(), row.page)
                for part in cell_text.split("\n")
                if part.strip()
            )
    return lines


_CELL_TITLE = re.compile(r"^(?P<title>[A-Z][^.:;\n]{1,60}?)[.:]\s+(?=[A-Z0-9(£])")
# A title is a noun phrase: a verb (an auxiliary, a past tense after its first word) or a
# vote's word makes the phrase a sentence ("The Clerk reported on the audit.").
_NOT_A_TITLE_WORD = re.compile(
    r"\b(?:was|were|is|are|has|had|have|been|be|will|would|did|does)\b|"
    r"(?<=\s)[a-z]{3,}ed\b|\b(?:carried|proposed|seconded|it|they|we)\b",
    re.IGNORECASE,
)
_MAX_CELL_TITLE_WORDS = 8


def _cell_title(text: str) -> tuple[str, str] | None:
    """A minute's title run into its text in one table cell: ``("Finance", "The schedule
    …")`` for "Finance. The schedule …"; None when the text opens with a sentence, or with
    a name's initial ("Cllr A. Smith …")."""
    m = _CELL_TITLE.match(text)
    if m is None or len(m.group("title").split()) > _MAX_CELL_TITLE_WORDS:
        return None
    title = m.group("title").strip()
    if (
        _NOT_A_SENTENCE_END.search(title + ".")
        or _PROPOSER.search(title)
        or _DECISION_WORD.search(title)
        or _NOT_A_TITLE_WORD.search(title)
    ):
        return None  # "RESOLVED: …", "Carried.", "Members noted the report." open no title
    return title, text[m.end() :]


def _lines(blocks: list[Block]) -> list[_Line]:
    """Blocks → lines (table cells included), wrapped tails rejoined, each with its block."""
    flat: list[Line] = []
    owners: list[Block] = []
    for block in blocks:
        for line in _block_lines(block):
            flat.append(line)
            owners.append(block)
    merged = merge_wrapped(flat)
    out: list[_Line] = []
    quoted = False
    p = 0
    for line in merged:
        owner = owners[p] if p < len(owners) else owners[-1]
        if p < len(flat) and line is flat[p]:
            p += 1
        else:  # a merged line: it consumed the next few flat lines
            joined = ""
            while p < len(flat) and len(joined) < len(line.text):
                joined = f"{joined} {flat[p].text}".strip()
                p += 1
        spaced = _LETTER_SPACED.search(line.text[:40])
        if spaced is not None and len(spaced.group(0)) >= 7:
            line = Line(
                line.kind, _unspace(line.text), line.page, line.bbox, line.level, line.emphasised
            )
        ref, body = split_marker(_EMPHASIS.sub("", line.text))
        is_item = line.kind != "heading" and (
            line.kind == "item" or ref is not None or _has_bullet(line.text)
        )
        body_text = body.strip()
        opens = body_text[:1] in _OPEN_QUOTES
        starts_quote = opens and not _closes_quote(body_text[1:])
        out.append(_Line(line, owner, ref, body_text, is_item, quoted or opens))
        if quoted:
            quoted = not _closes_quote(body_text)
        elif starts_quote:
            quoted = True
    return out


def _closes_quote(text: str) -> bool:
    """Whether a quotation open before ``text`` is closed in it (a closing mark at a word end)."""
    return bool(re.search(r"[”\"](?:\s|$|[.,;:)])", text + " "))


def _follows(ref: str | None, nxt: str | None) -> bool:
    """Whether ``nxt`` is the number after ``ref`` ("8" → "9", "b" → "c", "4.1" → "4.2")."""
    if ref is None or nxt is None:
        return False
    a, b = ref.split("."), nxt.split(".")
    if len(a) != len(b) or a[:-1] != b[:-1]:
        return False
    x, y = a[-1], b[-1]
    if x.isdigit() and y.isdigit():
        return int(y) == int(x) + 1
    return len(x) == len(y) == 1 and ord(y.lower()) == ord(x.lower()) + 1


def _ref_style(ref: str | None) -> str | None:
    if ref is None:
        return None
    if ref.isdigit() or re.fullmatch(r"\d+(?:\.\d+)*", ref):
        return "number"
    if re.fullmatch(r"[ivxlc]+", ref) and ref not in ("c", "l", "v", "x"):
        return "roman"
    if re.fullmatch(r"[IVXLC]+", ref) and len(ref) > 1:
        return "ROMAN"
    return "letter" if ref.islower() else "LETTER"


# ---------------------------------------------------------------------------
# Markers and headings
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    marker: Marker
    rest: str
    """The words after the marker ("that the report be noted", "" for "RESOLVED:")."""
    label: str | None = None
    single: bool = False
    """The marker named its minute ("Resolved 14/09/6.01"): its decision is the one
    paragraph or item below it."""


def _label_text(text: str) -> str:
    text = heading_number(text)[1]
    label, _, _ = text.partition(":")
    return clean(label.rstrip(" :–—-")) or label


def _match_marker(ln: _Line) -> _Found | None:
    """The marker ``ln`` opens with, if any; mentions inside quotation marks never count."""
    if not ln.marker_read:
        ln.marker = _read_marker(ln)
        ln.marker_read = True
    return ln.marker


def _read_marker(ln: _Line) -> _Found | None:
    if ln.quoted:
        return None
    body = heading_number(ln.body)[1] if ln.heading else ln.body
    folded_body = folded(body)
    if _ANY_MARKER_WORD is not None and not _ANY_MARKER_WORD.search(folded_body):
        return None
    for marker, need in zip(VOCAB, _VOCAB_NEEDS, strict=True):
        if need is not None and not need.met(body, folded_body):
            continue
        m = marker.pattern.match(body)
        if m is None:
            continue
        if marker.kind == "label":
            label, colon, rest = body.partition(":")
            if len(heading_number(label)[1].split()) > _MAX_LABEL_WORDS:
                continue
            standalone = ln.heading or colon or ln.line.emphasised or len(body.split()) <= 4
            if not standalone or (rest.strip() and not colon):
                continue
            if _NUMBERED_LABEL.search(label):
                # "Recommendation 3", "Area for improvement 2": one numbered item, its
                # text the paragraph below (or after the colon) when it says what should
                # be done; "Recommendation 4: Implemented." reports on it
                if not rest.strip():
                    return _Found(marker, "", _label_text(body), single=True)
                if marker.section == "recommendation" and not _recommends(rest):
                    continue
            return _Found(marker, _SEPARATOR.sub("", rest), _label_text(body))
        if marker.kind == "lead_in":
            return _Found(marker, body)
        rest = _SEPARATOR.sub("", body[m.end() :])
        # "Resolved 14/09/6.01" over its text: the minute's reference, not the decision.
        if _REFERENCE_ONLY.fullmatch(rest):
            return _Found(marker, "", single=True)
        # "Resolved 16/01/11.01 No objections." — the reference is not the decision's text.
        return _Found(marker, _unquoted(_REFERENCE_LEAD.sub("", rest)))
    return None


_SHOULD = re.compile(r"\b(?:should|must|needs?\s+to|ought\s+to|is\s+to|are\s+to)\b", re.I)


def _recommends(text: str) -> bool:
    """Whether ``text`` says what should be done: "The force should …", "That the Panel
    …", "To review …" (not a status: "Implemented.", "This has been completed.")."""
    return bool(_RECOMMENDATION_SENTENCE.match(text) or _SHOULD.search(text))


_NUMBERED_LABEL = re.compile(r"\s[A-Z]{0,2}\d{1,3}[a-z]?\s*$")
"""A label naming one numbered item: "Recommendation 3", "Recommendation R2"."""
_REFERENCE_LEAD = re.compile(
    r"^\(?[A-Za-z]{0,4}\s?\d{1,4}(?:[/.-]\d{1,4}){1,4}\)?[.:]?\s+(?=[A-Z])"
)
_REFERENCE_ONLY = re.compile(r"\(?[A-Za-z]{0,4}\s?\d{1,4}(?:[/.-]\d{1,4}){1,4}\)?[.:]?")


# Where a sentence inside a paragraph starts: after its full stop (or a closing quote or
# bracket after one), never inside a number ("£2,345.67") or an abbreviation's dot run.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])[\"”’)]*\s+(?=[A-Z(*_])")
# The end of the decision's own sentence: the next sentence starts with a capital, a
# bracketed note ("(Unanimous)") or emphasis.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“*_])")
_NARRATED = frozenset({"body resolved"})
# A decision label that carries its decision, inside a paragraph: "Decision: …", "Agreed: …".
_INLINE_DECISION_LABEL = re.compile(r"(?i:decision|resolution|agreed|resolved)\s*:-?\s+(?=\S)")


# ---------------------------------------------------------------------------
# Decisions inside a paragraph (parish and town minutes)
# ---------------------------------------------------------------------------

# "… and it was agreed that …", "After discussion it was resolved to …": the impersonal
# verb anywhere in a sentence records the meeting's own decision; its text is the rest of
# the sentence.
_IMPERSONAL = re.compile(
    r"(?:\bit\s+was|\b(?:the\s+)?(?:(?:parish|town|community)\s+)?(?:council|councillors|members)"
    r"(?:\s+present)?|(?-i:\b(?:[Tt]he\s+)?P\.?\s?C(?:ouncil)?\b)\.?(?:\s+all)?)\s+"
    r"(?:(?:then|therefore|also|further|subsequently)\s+){0,2}(?:unanimously\s+)?"
    r"(?:agreed|resolved|decided)(?:\s+(?:unanimously|by\s+all(?:\s+(?:councillors|members))?"
    r"(?:\s+present)?))?(?=\s+(?:[\"“‘']|in\s+principle\b|(?!(?:at|by|in|on|with|upon|during|"
    r"previously|earlier|before|after|last|for|from|between|amongst|among|unanimously|nem)\b)\w))",
    re.IGNORECASE,
)
# In a meeting's record, the meeting's own body deciding at the head of a sentence: "The
# Board approved the Operating Plan.", "Following discussion, the Panel agreed to …",
# "Members endorsed the strategy." Only a bare body noun: a body named in full ("The Audit
# Committee approved …") is another meeting's decision reported, and mid-sentence ("… and
# the Leader and Cabinet agreed …") the verb narrates.
_BODY_DECIDED = re.compile(
    r"^(?:(?:following|after|having|noting|on|upon|in\s+conclusion|in\s+summary)\b[^;.]{0,200}?"
    r",\s+)?"
    r"(?:the\s+)?(?P<noun>board|committee|sub-committee|panel|cabinet|council|councillors|members|"
    r"group|forum|partnership|executive|governors|directors|trustees)\s+"
    r"(?:(?:then|therefore|also|further|subsequently|unanimously|formally)\s+){0,2}"
    r"(?P<verb>approved|agreed|resolved|decided|endorsed|ratified|adopted)\b"
    r"(?=\s+(?!(?:at|by|in|on|with|upon|during|previously|earlier|before|after|last|for|from|"
    r"between|amongst|among)\b)\S)",
    re.IGNORECASE,
)
# What a decision's sentence opens when its items follow: "…, subject to the following:".
_FOLLOWING_TAIL = re.compile(
    r",?\s*(?:subject\s+to\s+|including\s+)?(?:the\s+following|as\s+follows)\b[^:]{0,40}:?\s*$",
    re.IGNORECASE,
)
# Words before the verb that put the decision at another meeting or in the past: "At the
# last meeting it was agreed to …", "as it was agreed previously".
_EARLIER = re.compile(
    r"\b(?:previous(?:ly)?|last|earlier|prior|former|already|originally|before)\b|\bas\s*$",
    re.IGNORECASE,
)
_EARLIER_WINDOW = 40
# Another council's decision reported in a meeting's record: "… noted that Eastshire County
# Council agreed to fund …", "the Borough Council resolved to withdraw …". A principal
# council's kind, or a capitalised name, right before a bare "Council" names another body
# (the meeting's own council is "the Council", "Council", "the Parish Council").
_OTHER_COUNCIL = re.compile(
    r"(?:\b(?:county|borough|district|city|unitary|metropolitan|combined|regional|national)"
    r"|(?-i:\b[A-Z][\w'’-]*))\s+$",
    re.IGNORECASE,
)
# A decision told as someone's report: "The Clerk reported that it was agreed …", "Members
# noted that the council had decided …" (a decision taken elsewhere or earlier).
_REPORTED = re.compile(
    r"\b(?:not(?:ed|ified)|report(?:ed|s)|sa(?:id|ys)|advis(?:ed|es)|explain(?:ed|s)|"
    r"inform(?:ed|s)|stat(?:ed|es)|announc(?:ed|es)|told|heard|understood|aware)\b"
    r"[^.;]{0,80}?\bthat\s+$",
    re.IGNORECASE,
)
_THE_MINUTES = re.compile(r"\bthe\s+(?:draft\s+)?minutes\b", re.IGNORECASE)
# Where a sentence starts inside a run-in paragraph: after a full stop, before a capital or
# a run-in number ("… the tree. 15.2 Cllr A …"), never after an initial ("C. Humphries")
# or a title ("Mr. Wood").
_RUN_IN_BREAK = re.compile(
    r"(?<=[.!?;])[\"”’)]*\s+(?=[A-Z(*_•]|\d{1,3}(?:\.\d{1,3}){0,3}\.?\s+[A-Z]|[ivx]{1,4}\.\s|"
    r"\d{1,4}/\d{1,4}\.?\s+[A-Z])"
)
_NOT_A_SENTENCE_END = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|Cllr|St|No|Co|Ltd|Rd|prop|Prop|[ivx]{1,4}|\d{1,3}(?:\.\d+)*)\.$"
)
# A motion moved and seconded in one sentence, its result the next: "Cllr A proposed that
# the offer be accepted, seconded by Cllr B. Carried".
_PROPOSAL = re.compile(r"\bproposed\b.{0,300}?\bseconded\b", re.IGNORECASE)
_RESULT = re.compile(
    r"^(?:the\s+(?:motion|proposal|proposition)\s+was\s+(?:duly\s+)?)?(?:(?:unanimously|all)\s+)?"
    r"(?:carried|agreed|resolved)(?:\s+unanimously)?\b(?!\s+(?:to|that|not)\b)"
    r"(?:\s*\([^()]{0,60}\))?\W*(?=\s|$)",
    re.IGNORECASE,
)
# A decision label in capitals inside a sentence: "… To Approve Payments RESOLVED: That …".
_CAPS_LABEL = re.compile(r"\b(?:RESOLVED|AGREED|DECISION|RESOLUTION)\s*:-?\s+(?=\S)")
# A recorded vote before the result: "3 Votes for, 1 Against, 1 Abstention.", "4 in favour".
_VOTE_COUNT = re.compile(
    r"^\(?\s*(?:\d{1,2}|all(?:\s+members)?)\s+(?:votes?\s+)?(?:were\s+)?(?:for|in\s+favour)\b",
    re.IGNORECASE,
)
_TRAILING_RESULT = re.compile(
    r"\b(?:(?:unanimously|all)\s+)?(?:carried|agreed|resolved)(?:\s+unanimously)?\W*$",
    re.IGNORECASE,
)
# A run-in item title before the sentence: "Appointment of R.F.O: The Clerk was …".
_RUN_IN_LABEL = re.compile(r"^[A-Z][\w’'.&/-]*(?:\s+[\w’'.&/()-]+){0,6}?\s*:\s+(?=[A-Z])")
# A numbered or lettered point opening a sentence inside a run-in paragraph: "iv. The …".
_RUN_IN_REF = re.compile(r"^\(?(?:[ivx]{1,5}|[a-z]|\d{1,3}(?:\.\d{1,3}){0,3})[.)]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class SentenceForm:
    """A sentence that records a decision as a whole, in the passive or with its vote.

    ``pattern`` is searched in one sentence; the sentence (without a run-in number) is the
    decision's text. ``unless`` is a pattern that makes it a mention instead.
    """

    name: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None


def _form(name: str, pattern: str, unless: str | None = None) -> SentenceForm:
    return SentenceForm(
        name,
        re.compile(pattern, re.IGNORECASE),
        re.compile(unless, re.IGNORECASE) if unless else None,
    )


# Another body's agent ("approved by the Borough Council", "agreed by NCC Highways"),
# a negation, or an earlier meeting make a passive sentence a report, not a decision.
_NOT_THIS_MEETING = (
    r"\bnot\b|\bno\s+(?:further\s+)?(?:decision|agreement)\b|"
    r"\b(?:previous(?:ly)?|last|earlier|prior|already)\b|\bas\s+(?:was\s+)?(?:agreed|approved)\b|"
    r"\b(?:agreed|approved|accepted|adopted|ratified|passed)\s+by\s+(?!(?:the\s+)?"
    r"(?:(?:parish|town|community)\s+)?council(?:lors)?\b|all\b|members\b|those\s+present\b)"
    r"(?:the\s+)?[A-Z]"
)
_PASSIVE = (
    r"(?:was|were|have\s+been|has\s+been)\s+(?:(?:duly|unanimously|formally|then|also)\s+)?"
    r"(?:(?:read|presented|discussed|considered|reviewed|received|checked)\s*,?\s+and\s+)?"
)
SENTENCE_FORMS: tuple[SentenceForm, ...] = (
    # "The Minutes of the meeting held on 14 July were agreed as a true record.",
    # "… and the minutes were approved by all Councillors present and signed …"
    _form(
        "minutes approved",
        r"(?:^|\band\s+the\s+|\bthe\s+)(?:draft\s+)?minutes\b[^;]{0,160}?\b"
        + _PASSIVE
        + r"(?:agreed|approved|accepted|adopted|confirmed|signed)\b",
        r"\bnot\b|\b(?:be|to\s+be|will\s+be)\s+(?:agreed|approved|signed)\b",
    ),
    # "MINUTES read and signed as a true record."
    _form(
        "minutes as a record",
        r"^(?:the\s+)?minutes\b[^;]{0,160}?\b(?:read|agreed|approved|confirmed|signed|accepted)"
        r"\b[^;]{0,40}?\bas\s+an?\s+(?:true|correct|accurate)\s+record\b",
        r"\bnot\b|\b(?:be|to\s+be|will\s+be)\s+(?:agreed|approved|signed)\b|\bproposed\b",
    ),
    # "Accounts were presented and accepted for payment.", "All payments approved by Council"
    _form(
        "payments approved",
        r"^(?:the\s+|all\s+)?(?:payments?|accounts|invoices|cheques)\b[^;]{0,100}?\b"
        r"(?:(?:was|were|have\s+been)\s+)?(?:(?:duly|unanimously)\s+)?"
        r"(?:(?:presented|checked|reviewed)\s+and\s+)?(?:agreed|approved|accepted|passed)\b",
        _NOT_THIS_MEETING + r"|\bfor\s+approval\b|\bto\s+be\b",
    ),
    # "This quote was agreed, …", "The Clerk's salary increase was approved."
    _form(
        "passive decision",
        r"^(?!it\b)(?:the|this|these|that|all|a|an)\s+[^;,]{2,80}?\s+"
        + _PASSIVE
        + r"(?:agreed|approved|accepted|adopted|ratified)\b",
        _NOT_THIS_MEETING + r"|\b(?:which|that|what|it)\s+(?:was|were)\b|\bfollowing\b|"
        r"\b(?:if|would|could|should|must|might|will|whether|unless)\b|(?<!\d\s)\bmay\b|"
        r"\b(?:noted|reported|advised|said|stated|explained|confirmed|felt)\s+that\b",
    ),
    # "C.A.B. request for a donation - £25 proposed P. Wood, seconded A. Reed unanimously
    # agreed.", "… Proposed C. Cann, seconded M. Grey after a vote it was agreed."
    _form(
        "vote carried",
        # the matter before its mover, or the motion's "that …" after it
        r"^(?!\()(?:(?!(?:proposed|prop\b|seconded|2nd)\b)\S.{8,}?\b(?:proposed|prop\.?)\b|"
        r"(?=.{0,80}?\bproposed\b.{0,150}?\bthat\b).{0,80}?\bproposed\b)"
        r".{0,300}?\b(?:seconded|2nd)\b.{0,200}?\b(?:(?:all|unanimously)\s+agreed|agreed|carried|"
        r"approved|elected)(?:\s*\([^()]{0,60}\))?\W*$",
        r"\bnot\s+(?:agreed|carried|approved)\b|\bfell\b|\blost\b|\bdefeated\b",
    ),
    # "R. Lankfer was duly elected and took the Chair."
    _form(
        "elected",
        r"\b(?:was|were)\s+(?:duly\s+|unanimously\s+)?(?:re-?)?elected\b",
        r"\bnot\b",
    ),
    # "Renewal of the subscription was approved by councillors and payment agreed.": any
    # subject, when the meeting itself is the agent
    _form(
        "approved by the meeting",
        r"^[A-Z][^;]{2,120}?\s+"
        + _PASSIVE
        + r"(?:agreed|approved|accepted|adopted|ratified)\s+by\s+(?:the\s+)?"
        r"(?:(?:(?:parish|town|community)\s+)?council(?:lors)?|members|"
        r"all(?:\s+(?:councillors|members))?(?:\s+present)?)\b",
        r"\bnot\b|\b(?:previous(?:ly)?|last|earlier|prior|already)\b|"
        r"\b(?:if|would|could|should|must|might|will|whether|unless)\b|(?<!\d\s)\bmay\b|"
        r"\b(?:which|that|what|it)\s+(?:was|were)\b|"
        r"\b(?:noted|reported|advised|said|stated|explained|confirmed|felt)\s+that\b|"
        r"\bcouncil['’]s\b",
    ),
    # A planning response, the council's decision on an application: "The council has no
    # objection to application …", "No objection was raised to planning application …"
    _form(
        "no objection",
        r"^(?:the\s+)?(?:(?:parish|town|community)\s+)?council\s+(?:has|had|have|raised)\s+no\s+"
        r"objections?\b|^no\s+objections?\s+(?:was|were)\s+(?:raised|made|lodged)\b|"
        r"^(?:councillors|members)\s+(?:raised|had|have)\s+no\s+objections?\b",
        r"\b(?:previous(?:ly)?|last|earlier|prior)\b|\b(?:if|would|could|should|may|might|will)\b",
    ),
)


def _sentences(body: str) -> list[tuple[int, str]]:
    """A paragraph's sentences with their offsets."""
    starts = [0]
    for brk in _RUN_IN_BREAK.finditer(body):
        if not _NOT_A_SENTENCE_END.search(body[max(0, brk.start() - 12) : brk.start()]):
            starts.append(brk.end())
    ends = [*starts[1:], len(body)]
    return [(a, body[a:b].strip()) for a, b in zip(starts, ends, strict=True)]


_PROPOSER = re.compile(
    r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr)\b\.?\s+(?=\S+(?:\s+\S+){0,3}\s+proposed\b)"
)


def _outcome(sentences: list[tuple[int, str]], index: int) -> str | None:
    """The result printed after a motion: "Carried", "The motion was carried", or a count
    and then the result ("3 Votes for, 1 Against, 1 Abstention. Carried")."""
    if index >= len(sentences):
        return None
    following = sentences[index][1].strip()
    if _VOTE_COUNT.match(following):
        if _TRAILING_RESULT.search(following):
            return following  # "4 Votes for 1 Against Carried"
        if index + 1 < len(sentences) and (result := _RESULT.match(sentences[index + 1][1])):
            return f"{following} {result.group(0).strip()}"
        return None
    result = _RESULT.match(following)
    return result.group(0).strip() if result else None


def _from_proposer(sentence: str) -> str:
    """The motion from its mover on: "To Approve the Minutes … Cllr A Reed proposed …" →
    "Cllr A Reed proposed …" (an item title run into the minute)."""
    m = _PROPOSAL.search(sentence)
    movers = [p.start() for p in _PROPOSER.finditer(sentence, 0, m.start() + 9)] if m else []
    return sentence[movers[0] :] if movers else sentence


def _sentence_form(sentence: str) -> SentenceForm | None:
    for form in SENTENCE_FORMS:
        if form.pattern.search(sentence) and not (form.unless and form.unless.search(sentence)):
            return form
    return None


# A paper that records a meeting: an attendance line near its start ("Present:",
# "Apologies", "Those attending:") or a "Minutes of …" title.
_ATTENDANCE = re.compile(
    r"^\W*(?:\d{1,3}[.)]?\s*)?(?:present|in\s+attendance|those\s+attending|attendance|"
    r"apologies|(?:members|councillors)\s+present)\b"
    # not the verb or noun in a sentence: "Present the annual report to …", "Attendance by
    # health colleagues remains inconsistent", "Attendance at training …"
    # ("Present at the meeting:" is an attendance line: a colon soon after)
    r"(?:(?=[^:\n]{0,40}:)|(?!\s+(?:the|a|an|to|by|at|of|in|on|his|her|their|its|our|this|these|"
    r"that|rates?|figures)\b))"
    r"|\bpresent\s*[:–—-]|^\W*(?:draft\s+)?minutes\s+of\b",
    re.IGNORECASE,
)
_ATTENDANCE_LINES = 40


def _records_a_meeting(lines: list[_Line]) -> bool:
    """Whether the paper is a meeting's record: only there do a passive sentence ("The
    accounts were approved") and a verb inside a sentence record the meeting's decision;
    a report narrates them ("18 projects have been approved")."""
    return any(_ATTENDANCE.search(ln.text[:200]) for ln in lines[:_ATTENDANCE_LINES])


def _decisions_inside(
    ln: _Line, meeting: bool = True, body: str | None = None
) -> list[_Found | str]:
    """Decisions recorded inside a paragraph, as parish and town minutes print them.

    "The payments list was reviewed. It was resolved to approve payments of £2,345." —
    a sentence after the first that opens with a meeting's verb ("RESOLVED", "It was
    agreed that", "The Council resolved to") records a decision: its text is the rest of
    that sentence (or the list it opens, for the paragraph's last sentence). So does the
    impersonal verb later in a sentence ("After discussion it was agreed that …") unless
    the words before it put it at an earlier meeting, and a sentence in one of the
    ``SENTENCE_FORMS`` ("The minutes … were agreed as a true record.") as a whole. A
    paragraph may hold several; never inside quotation marks. Outside a meeting's record
    (``meeting`` false) only the verb opening a sentence counts. ``body`` is the meeting's
    own body, when known (``_body_decision``). A line taken for a heading counts only when
    it is a whole decision sentence ("All payments approved by Council").
    """
    if ln.quoted:
        return []
    if ln.heading:
        whole = _RUN_IN_REF.sub("", _EMPHASIS.sub("", ln.body)).strip()
        form = _sentence_form(whole) if meeting else None
        if form is None or form.name not in _WHOLE_LINE_FORMS:
            return []
        # a title naming approved things ("Accounts (Agreed Budget v Actual)") is no decision
        return [whole] if _DECIDED_PHRASE.search(whole) else []
    out: list[_Found | str] = []
    minutes_seen = False
    sentences = _sentences(ln.body)
    for index, (offset, raw) in enumerate(sentences):
        last = index == len(sentences) - 1
        tail = _EMPHASIS.sub("", ln.body[offset:]).strip()
        sentence = _RUN_IN_REF.sub("", _EMPHASIS.sub("", raw)).strip()
        if not sentence or tail[:1] in _OPEN_QUOTES:
            continue
        found = _start_marker(_RUN_IN_REF.sub("", tail)) if index > 0 else None
        if found is None and (caps := _CAPS_LABEL.search(sentence)) and caps.start() > 0:
            # "220/20 To Approve Payments RESOLVED: That payments … be approved." — an
            # item title run into its decision label.
            found = _start_marker(_EMPHASIS.sub("", ln.body[offset:]).strip()[caps.start() :])
        if found is not None:
            own = _SENTENCE_END.split(found.rest, maxsplit=1)[0]
            if _opens_block(own) or _inline_items(found.rest) is not None:
                # It takes the rest of the paragraph ("RESOLVED: (1) …; (2) …") or the list
                # below it; a colon mid-paragraph opens nothing.
                if last or _inline_items(found.rest) is not None:
                    out.append(found)
                    break
                continue
            out.append(_Found(found.marker, own))
            continue
        if not meeting:
            continue
        before = (
            sentence[max(0, m.start() - _EARLIER_WINDOW) : m.start()]
            if (m := _IMPERSONAL.search(sentence))
            else ""
        )
        if m and not _EARLIER.search(before) and not _told_or_elsewhere(sentence, m):
            rest = _unquoted(_SEPARATOR.sub("", sentence[m.end() :]).strip())
            if rest and not _opens_block(rest):
                verb = "resolved" if "resolved" in m.group(0).lower() else "agreed"
                marker = next(v for v in VOCAB if v.name == verb)
                out.append(_Found(marker, rest))
                continue
        if (decided := _body_decision(_RUN_IN_LABEL.sub("", sentence), body)) is not None:
            out.append(decided)
            continue
        sentence = _RUN_IN_LABEL.sub("", sentence)
        if _PROPOSAL.search(sentence) and (outcome := _outcome(sentences, index + 1)):
            # "Cllr A proposed that … seconded by Cllr B. Unanimously Agreed"
            out.append(f"{_from_proposer(sentence)} {outcome}")
            continue
        form = _sentence_form(sentence)
        if form is None:
            continue
        if form.name.startswith("minutes"):
            if minutes_seen:  # "… were agreed. The minutes were signed by the Chair …"
                continue
            minutes_seen = True
            # A run-in item title glued before it: "TO APPROVE THE MINUTES … The minutes …"
            m = form.pattern.search(sentence)
            own = [t.start() for t in _THE_MINUTES.finditer(sentence[: m.end()])] if m else []
            if own and own[-1] > 0:
                sentence = sentence[own[-1] :].strip()
        elif form.name == "vote carried":
            sentence = _from_proposer(sentence)
        out.append(sentence)
    return out


def _body_decision(sentence: str, body: str | None = None) -> _Found | None:
    """``_BODY_DECIDED``: the decision's text is the rest of the sentence; one that opens a
    list ("… approved the plan, subject to the following:") keeps its own words. The body
    must be the meeting's own (``body``, when known): "Cabinet therefore resolved …" in a
    town council's minutes reports the county's Cabinet. Members are always the meeting's."""
    m = _BODY_DECIDED.match(sentence)
    if m is None or _EARLIER.search(sentence[: m.start("verb")]):
        return None
    if find_date_spans(sentence[: m.start("noun")]):
        return None  # "On 3 March 2025, the Board approved …" tells an earlier decision
    noun = m.group("noun").lower()
    own = "council" if noun == "councillors" else noun.rstrip("s")  # a council's members
    if body and noun != "members" and own not in body.lower():
        return None
    if not body and noun not in ("members", "councillors", "council"):
        return None  # whose meeting it is, unknown: only its own members decide in it
    rest = _unquoted(_SEPARATOR.sub("", sentence[m.end() :]).strip())
    if _opens_block(rest):
        rest = _FOLLOWING_TAIL.sub("", rest).strip()
        if len(rest.split()) < 2 or rest.endswith(":"):
            return None
        rest += "."
    verb = "resolved" if m.group("verb").lower() == "resolved" else "agreed"
    return _Found(next(v for v in VOCAB if v.name == verb), rest)


_WHOLE_LINE_FORMS = frozenset(
    {"minutes approved", "minutes as a record", "payments approved", "no objection"}
)
"""Decision sentences short enough to be printed, or read, as a heading line."""
_DECIDED_PHRASE = re.compile(
    r"\b(?:was|were|have\s+been|has\s+been)\b|"
    r"\b(?:agreed|approved|accepted|passed|adopted|confirmed|signed)\s+(?:by|for|as)\b|"
    r"\bno\s+objections?\b",
    re.IGNORECASE,
)


def _told_or_elsewhere(sentence: str, m: re.Match[str]) -> bool:
    """The impersonal decision ``m`` is another council's ("Eastshire County Council
    agreed …") or reported ("The Clerk reported that it was agreed …")."""
    head = sentence[: m.start()]
    if _REPORTED.search(head):
        return True
    bare_council = re.match(r"council\b", m.group(0), re.IGNORECASE) is not None
    return bare_council and _OTHER_COUNCIL.search(head) is not None


def _unquoted(text: str) -> str:
    """``'"That the accounts be approved."'`` → ``"That the accounts be approved."``: the
    resolution a minute quotes in full after "it was resolved" (a quoted phrase at its
    start, ``'"No Dogs" signs be erected'``, stays)."""
    inner = text.strip()
    if len(inner) < 3 or inner[0] not in _OPEN_QUOTES:
        return text
    body = inner.lstrip(_OPEN_QUOTES + " ")
    end = re.search(r"[.!?]?[\"”’']+\W*$", body)
    if end is None or any(q in body[: end.start()] for q in '"”“'):
        return text
    return body[: end.start()] + (end.group(0)[0] if end.group(0)[0] in ".!?" else "")


def _start_marker(tail: str) -> _Found | None:
    """A meeting's verb or a decision label opening a sentence inside a paragraph."""
    if (label := _INLINE_DECISION_LABEL.match(tail)) and (rest := tail[label.end() :].strip()):
        # "… presented the accounts. Decision: The Board approved the accounts."
        marker = next(m for m in VOCAB if m.name == "decision label")
        own = _SENTENCE_END.split(rest, maxsplit=1)[0]
        if _opens_block(own) or _inline_items(rest) is not None:
            return _Found(marker, rest)
        return _Found(marker, own)
    for marker in VOCAB:
        # "Cabinet therefore resolved to …" mid-paragraph is a report narrating another
        # meeting; only the impersonal forms a minute records its own decisions in count.
        if marker.kind != "verb" or marker.section != "resolution" or marker.name in _NARRATED:
            continue
        m = marker.pattern.match(tail)
        if m is None:
            continue
        return _Found(marker, _SEPARATOR.sub("", tail[m.end() :]))
    return None


def _opens_block(rest: str) -> bool:
    rest = rest.strip()
    return (
        not rest
        or rest.endswith(":")
        or bool(re.search(r"\b(following|as follows)\s*$", rest))
        or _BARE_SUBJECT.match(rest) is not None
    )


# A resolution's subject alone, its items completing it: "RESOLVED that the Panel" /
# "(a) notes the report; and" / "(b) recommends …" (no verb: never a decision itself).
_BARE_SUBJECT = re.compile(
    r"^(?i:that)\s+(?:(?i:the)\s+)?[A-Z][\w’'&-]*(?:\s+(?:of|and|for|&|[A-Z][\w’'&-]*)){0,5}"
    r"\s*[,–—-]?$"
)


# An unnumbered title run into its minute: "Village maintenance: A proposal to …" (a few
# words, not a person's report: "Cllr Davis reported: …").
_UNNUMBERED_TITLE = re.compile(
    r"^(?P<title>[A-Z][\w’'&/,-]*(?:\s+[\w’'&/(),-]+){0,5}?)\s*:(?:\s+(?=\S)|\s*$)"
)
_NOT_A_TITLE = re.compile(
    r"\b(?:reported|said|says|asked|stated|advised|explained|noted|confirmed|added|replied|"
    r"present|attendance|e-?mail|tel|telephone|date|time|venue|location|signed|actions?|"
    r"notes?|details|proposed|seconded|agreed|resolved|decision|number|no|ref|cllr|councillor|"
    r"mr|mrs|ms|miss|dr)\b|\b(?:clerk|chair(?:man|person)?)\b(?![’']s)",
    re.IGNORECASE,
)
_MIN_UNNUMBERED_TITLES = 4


def _unnumbered_title(text: str) -> re.Match[str] | None:
    m = _UNNUMBERED_TITLE.match(text)
    return None if m is None or _NOT_A_TITLE.search(m.group("title")) else m


def _opens_with_unnumbered_titles(lines: list[_Line]) -> bool:
    """Whether the paper's minutes open with unnumbered run-in titles: several paragraphs
    that start so."""
    return (
        sum(1 for ln in lines if not ln.heading and _unnumbered_title(ln.text))
        >= _MIN_UNNUMBERED_TITLES
    )


@dataclass(slots=True)
class _Agenda:
    """The agenda item a minute belongs to, and the latest heading of any kind."""

    item: str | None = None
    numbered_seen: bool = False
    last_heading: str | None = None
    unnumbered_titles: bool = False
    """The paper's minutes open with unnumbered titles ("Flooding: Councillors …")."""
    last_number: int = 0
    """The number of the last numbered minute seen ("2. Matters Arising" → 2)."""

    def run_in(self, ln: _Line) -> None:
        """A minute whose title runs into its text: "5. Payments: Accounts were …",
        "11. PARISH NOTICEBOARDS – update …" — the title is the agenda item; so is an
        unnumbered "Planning: No objection …" in a paper whose minutes all open so."""
        if ln.heading or ln.quoted or FURNITURE.match(ln.text):
            return
        text = _EMPHASIS.sub("", ln.text)
        m = _RUN_IN_TITLE.match(text) or _RUN_IN_CAPS_TITLE.match(text)
        numbered = m is not None
        if m is None and self.unnumbered_titles:
            m = _unnumbered_title(text)
        if m is not None and (title := clean(m.group("title").strip(" –—-"))):
            self.item = self.last_heading = title
            # an unnumbered title does not make the paper's headings sub-headings
            self.numbered_seen = self.numbered_seen or numbered
            if numbered:
                self.last_number = _leading_number(text) or self.last_number

    def see(self, ln: _Line) -> None:
        text = ln.text
        if FURNITURE.match(text) or _ITEM_TAG.match(text) or ln.quoted:
            return
        numbered = bool(_MINUTE_NUMBER.match(text))
        title = _agenda_title(text)
        if not title:
            return
        if ln.heading:
            if text.endswith(":") and len(text.split()) <= 3:
                return
            self.last_heading = title
            if numbered or not self.numbered_seen:
                self.item = title
                self.numbered_seen = self.numbered_seen or numbered
            if numbered:
                self.last_number = _leading_number(text) or self.last_number
            return
        words = len(text.split())
        minute_like = numbered and words <= 30 and not text.endswith(".")
        named_item = bool(
            re.match(r"^\s*(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?[\d/]+", text, re.I)
        )
        # a minute number that carries the numbering on ("3." right after minute 2; a list
        # of options inside a minute numbers from 1 again) moves it on; a short plain one
        # is the minute's title: "3. Budget 2010/2011"
        number = _leading_number(text) if numbered else None
        continues = number is not None and number == self.last_number + 1
        if continues:
            self.last_number = number or self.last_number
        short_title = continues and words <= _SHORT_TITLE_WORDS and title[:1].isupper()
        if minute_like and (ln.line.emphasised or (named_item and words <= 20) or short_title):
            self.item = self.last_heading = title
            self.numbered_seen = True
            if number is not None:
                self.last_number = number


_SHORT_TITLE_WORDS = 8
_LEADING_NUMBER = re.compile(r"^\W*(\d{1,3})(?![\d/])")


def _leading_number(text: str) -> int | None:
    """The minute's own number: "3. Budget" → 3; none for "23/045 Planning" or text."""
    m = _LEADING_NUMBER.match(text)
    return int(m.group(1)) if m else None


_RUN_IN_NUMBER = r"^\s*(?:\d{1,3}(?:\.\d{1,2})?[.)]?|[A-Z]{0,3}\d{1,4}/\d{1,4}(?:/\d{1,4})?\.?)\s*"
_RUN_IN_TITLE = re.compile(
    _RUN_IN_NUMBER + r"(?P<title>[A-Z](?:[^:.;!?]|\.(?=\S)){1,70}?)\s*:\s+(?=\S)"
)
_RUN_IN_CAPS_TITLE = re.compile(
    _RUN_IN_NUMBER + r"(?P<title>[A-Z][A-Z’'&/,-]{3,}(?:\s+(?:[A-Z][A-Z’'&/,-]*|&)){0,8})(?=\s+\S)"
)


def _agenda_title(text: str) -> str | None:
    """``"76. Apologies (Item 1)"`` → ``"Apologies"``; ``"23/45 Planning"`` → ``"Planning"``."""
    text = _ITEM_SUFFIX.sub("", text)
    m = _MINUTE_NUMBER.match(text)
    if m and text[m.end() :].strip():
        text = text[m.end() :]
    return clean(text.strip().rstrip(":").strip()) or None


# ---------------------------------------------------------------------------
# Blocks → statements
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    text: str
    ref: str | None
    page: int | None
    heading: str | None
    block: Block


@dataclass(slots=True)
class _Decision:
    """One marker and the items it gave."""

    section: str
    items: list[_Item] = field(default_factory=list)


def _is_subheading(ln: _Line, nxt: _Line | None) -> bool:
    text = ln.text
    if ln.item or ln.heading or ln.quoted or nxt is None or not nxt.item:
        return False
    if text.endswith(":"):
        words = text[:-1].split()
        return (
            not ln.line.emphasised
            and 0 < len(words) <= 4
            and words[-1].lower() not in _LEAD_IN_ENDINGS
            and _match_marker(ln) is None
        )
    return looks_like_subheading(text) or (
        len(text.split()) <= 8 and not re.search(r"[.;!?]$", text)
    )


def _decided_list(
    lines: list[_Line], start: int, found: _Found, meeting: bool, body: str | None
) -> bool:
    """Whether a "body decided list" marker (any other marker: True) opens a board's list of
    decisions: in a meeting's record, the meeting's own body (when known) on a plain line,
    its items each opening with a decision verb ("NOTED …"). A report's "The Committee:"
    over what it did last year narrates."""
    if found.marker.name != "body decided list":
        return True
    ln = lines[start]
    if not meeting or ln.ref is not None:
        return False  # an item titled "… Representative to Liaison Committee:"
    named = ln.body.rstrip(": ").split()[-1].lower()
    if body and named != "members" and named.rstrip("s") not in body.lower():
        return False  # another body's decisions, reported
    items, _ = _collect(lines, start, found, None)
    # every item opens with what the body did ("DISCUSSED …", "TOOK ASSURANCE …"), one
    # at least with a decision (only those are kept)
    return (
        bool(items)
        and all(_DID_ITEM.match(item.text) for item in items)
        and any(_DECIDED_ITEM.match(item.text) for item in items)
    )


def _in_decided_list(ln: _Line, parent: _Line) -> bool:
    """An item of a board's "The Board:" list whose verb is a marker too ("AGREED to …"):
    it stays in the list, verb and all."""
    if not ln.item or not _DECIDED_ITEM.match(ln.body):
        return False
    opened = _match_marker(parent)
    return opened is not None and opened.marker.name == "body decided list"


def _stops_block(
    ln: _Line, parent: _Line, lead_x0: float | None, *, started: bool = True, label: bool = False
) -> bool:
    """Whether ``ln`` (an item or paragraph) is outside the block ``parent`` opened.

    A lead-in ending in ":" before the block's first item introduces its items
    ("Recommendations" / "Cabinet is asked to:"); any other marker starts a new block.
    """
    if ln.heading:
        return True
    found = _match_marker(ln)
    if found is not None and ln is not parent and not _in_decided_list(ln, parent):
        lead_in = found.marker.kind == "lead_in" and ln.text.endswith(":")
        if started or not lead_in:
            return True
    if PAPER_PARTS.match(heading_number(ln.text)[1]) or _PAPER_ENDS.match(ln.body):
        return True
    if _next_section_number(parent.text, ln.text):
        return True
    if ln.item and parent.item:
        if parent.x0 is not None and ln.x0 is not None:
            deeper = ln.x0 > parent.x0 + 3
            same_style = _ref_style(ln.ref) == _ref_style(parent.ref)
            if not deeper and same_style and (not label or _follows(parent.ref, ln.ref)):
                return True
        elif parent.ref is None and ln.ref is None:
            return ln.line.level <= parent.line.level
        elif parent.ref is not None and _ref_style(ln.ref) == _ref_style(parent.ref):
            return _follows(parent.ref, ln.ref)
    # Prose that starts left of the lead-in is the page's text again.
    return not ln.item and lead_x0 is not None and ln.x0 is not None and ln.x0 < lead_x0 - 3


def _next_section_number(marker: str, line: str) -> bool:
    """Whether ``line`` is numbered as the paper's next section after the numbered marker:
    "2.0 Findings" after "1.5 Recommendations", "4. Appendices" after "3. Recommendations"
    (a contents list), while "1." after "8. Recommendations" is the list's first item."""
    own, num = heading_number(marker)[0], heading_number(line)[0]
    if own is None or num is None:
        return False
    if len(num) < len(own):
        return True
    return len(num) == len(own) and num[:-1] == own[:-1] and num[-1] > own[-1]


def _collect(
    lines: list[_Line], start: int, found: _Found, heading: str | None, *, started: bool = False
) -> tuple[list[_Item], int]:
    """The items of the block the marker at ``start`` opens; the index after the block."""
    parent = lines[start]
    items: list[_Item] = []
    sub: str | None = None
    paragraph_mode = False
    label_block = found.marker.kind == "label"
    # A label with a colon announces what follows ("RECOMMENDATION(S): | That …").
    announces = label_block and (
        (not found.rest and parent.text.rstrip("*_ ").endswith(":")) or found.single
    )
    after_lead_in = (
        (_opens_block(found.rest) and not label_block) or found.rest.endswith(":") or announces
    )
    # "RESOLVED that the Panel": only items, or lines that go on its sentence, complete it
    subject_only = _BARE_SUBJECT.match(found.rest.strip()) is not None
    # a numbered label's one item may be a list: "Recommendation 1" / "By March, the
    # force should:" / its bullets
    announced_list = False
    j = start + 1
    while j < len(lines):
        if found.single and (
            lines[j].block.is_table
            or (items and not announced_list)
            or (items and announced_list and not lines[j].item)
        ):
            break  # its one paragraph (or list), never a table of payments below it
        ln = lines[j]
        nxt = lines[j + 1] if j + 1 < len(lines) else None
        if ln.line.kind == "cell_line" and ln.block is not parent.block:
            break  # a grid row read cell by cell is its own minute, not the items above it
        if FURNITURE.match(ln.text) or _ITEM_TAG.match(ln.text):
            j += 1
            continue
        lead_x0 = parent.x0 if not parent.item else None
        if _stops_block(ln, parent, lead_x0, started=started or bool(items), label=label_block):
            break
        if started and not items and not ln.item:
            break  # only items carry on a list begun on the marker's line
        if ln.item:
            if (
                ln.body.endswith(":")
                and nxt is not None
                and nxt.item
                and not _stops_block(nxt, parent, None)
            ):
                after_lead_in = True  # "(a) agree the following:" — its children are the items
            else:
                for ref, text in _glued(ln.ref, ln.body):
                    items.append(_Item(text, ref, ln.line.page, sub or heading, ln.block))
                after_lead_in = False
            j += 1
            continue
        text = ln.text
        if text.endswith(":") and not (items and ln.line.emphasised):
            if found.single and label_block and not items and not _recommends(text):
                break  # "Recommendation 2" / "Status:" / its progress: no recommendation
            if _is_subheading(ln, nxt):
                sub = _label_text(text)
            after_lead_in = True
            announced_list = not items
            j += 1
            continue
        if _is_subheading(ln, nxt):
            sub = _label_text(text)
            j += 1
            continue
        if ((after_lead_in and not items) or paragraph_mode) and not (
            (subject_only and not ln.body[:1].islower())
            or (found.single and label_block and not _recommends(ln.body))
        ):
            paragraph_mode = True
            items.append(_Item(text, None, ln.line.page, sub or heading, ln.block))
            j += 1
            continue
        if (
            label_block
            and found.marker.section == "recommendation"
            and (_whole_sentence(ln) or _RECOMMENDATION_SENTENCE.match(ln.body))
        ) or (
            label_block
            and found.marker.section == "resolution"
            and _FIRST_PERSON_DECISION.match(ln.body)
        ):
            items.append(_Item(text, ln.ref, ln.line.page, sub or heading, ln.block))
            j += 1
            continue
        if label_block and parent.heading and not items:
            j += 1  # prose under a "Recommendations" heading before its list
            continue
        if label_block and parent.heading and ln.x0 is None:
            j += 1
            continue
        break
    return items, j


def _inside(ln: _Line, lead: _Line) -> bool:
    """Whether ``ln`` is one of the items listed under the lead-in ``lead``."""
    if not ln.item or ln.heading:
        return False
    if lead.x0 is not None and ln.x0 is not None and ln.line.page is not None:
        return ln.x0 > lead.x0 + 3
    return not lead.item or ln.line.level > lead.line.level


def _whole_sentence(ln: _Line) -> bool:
    """A lead-in that is itself the recommendation: "Members are asked to note …"."""
    if ln.quoted or ln.text.endswith(":") or len(ln.body.split()) > _MAX_SENTENCE_WORDS:
        return False
    for marker in VOCAB:
        if (
            marker.kind == "lead_in"
            and marker.section == "recommendation"
            and marker.pattern.match(ln.body)
        ):
            return True
    return False


def _glued(ref: str | None, body: str) -> list[tuple[str | None, str]]:
    """An item a reader joined to the next: ``"(B) x; (C) y"`` → ``[("B", "x;"), ("C", "y")]``.

    Only markers that carry on the item's own sequence split it, so a reference to
    "paragraph (a)" inside the text stays where it is.
    """
    parts: list[tuple[str | None, str]] = []
    current, text = ref, body
    while current is not None:
        nxt = next(
            (
                m
                for m in _INLINE_ITEMS.finditer(text)
                if m.start() > 0 and _follows(current, _inline_ref(m))
            ),
            None,
        )
        if nxt is None:
            break
        parts.append((current, text[: nxt.start()].strip()))
        current, text = _inline_ref(nxt), text[nxt.end() :]
    parts.append((current, text.strip()))
    return parts


def _inline_items(rest: str) -> tuple[str, list[tuple[str | None, str]]] | None:
    """``"Cabinet agree to: A) x B) y"`` → ``("Cabinet agree to:", [("A", "x"), ("B", "y")])``.

    The items follow the lead-in's colon (or open the text) and start a sequence.
    """
    for m in _INLINE_ITEMS.finditer(rest):
        ref = _inline_ref(m)
        lead = rest[: m.start()].strip()
        if ref.lower() not in ("a", "1", "i") or (lead and not lead.endswith(":")):
            continue
        items = _glued(ref, rest[m.end() :])
        if len(items) < 2 and lead == "":
            return None
        return lead, items
    return None


def _heading_for(found: _Found, agenda: _Agenda, minute_labels: bool) -> str | None:
    """Minute records sit under their agenda item; a paper's own parts under their label.

    A decision label is a minute record when it carries its decision on the same line
    ("DECISION: that …"), sits in numbered minutes, or recurs (one per agenda item).
    """
    if found.marker.kind == "verb":
        return agenda.item or agenda.last_heading
    if found.marker.kind == "label":
        carries_decision = (
            bool(found.rest) and not _opens_block(found.rest) and _inline_items(found.rest) is None
        )
        if (
            found.marker.section == "resolution"
            and agenda.item
            and (carries_decision or agenda.numbered_seen or minute_labels)
        ):
            return agenda.item
        return found.label
    return agenda.last_heading or agenda.item


def find_decisions(ctx: FindContext) -> Extraction:
    lines = _lines(ctx.blocks)
    meeting = _records_a_meeting(lines)
    agenda = _Agenda(unnumbered_titles=meeting and _opens_with_unnumbered_titles(lines))
    decisions: list[_Decision] = []
    notes: list[str] = []
    minute_labels = (
        sum(
            1
            for ln in lines
            if (f := _match_marker(ln)) is not None
            and f.marker.kind == "label"
            and f.marker.section == "resolution"
        )
        > 1
    )
    narrative: _Line | None = None
    """The lead-in of a discussion list ("Key highlights were as follows:") we are inside."""
    i = 0
    while i < len(lines):
        ln = lines[i]
        if narrative is not None and not _inside(ln, narrative):
            narrative = None
        found = _match_marker(ln)
        if found is not None and not _decided_list(lines, i, found, meeting, ctx.meta.body):
            found = None  # "The Committee:" over its members: the paper's text, no marker
        decided_here = False
        if found is None:
            agenda.run_in(ln)
            inside = _decisions_inside(ln, meeting, ctx.meta.body)
            decided_here = bool(inside)
            if narrative is not None:  # a discussion list narrates: only strong verbs count
                inside = [h for h in inside if isinstance(h, _Found) and not h.marker.weak]
            heading = agenda.item or agenda.last_heading
            last = inside[-1] if inside else None
            if isinstance(last, _Found) and (
                _opens_block(last.rest) or _inline_items(last.rest) is not None
            ):
                found, inside = last, inside[:-1]  # the marker's own list, handled below
            for hit in inside:
                text = hit if isinstance(hit, str) else hit.rest
                item = _Item(text, None, ln.line.page, heading, ln.block)
                decisions.append(_Decision("resolution", [item]))
        if found is not None and found.marker.weak and narrative is not None:
            found = None
        if (
            found is None
            and ln.item
            and not ln.quoted
            and (named := _NAMED_ITEM.match(_EMPHASIS.sub("", ln.text)))
        ):
            # "Recommendation 2: …" printed on its own, outside a recommendations list.
            kind = named.group("kind").lower()
            section = "recommendation" if kind.startswith("recommend") else "resolution"
            heading = agenda.last_heading or agenda.item
            decisions.append(
                _Decision(
                    section,
                    [
                        _Item(text, ref, ln.line.page, heading, ln.block)
                        for ref, text in _glued(ln.ref, ln.body)
                    ],
                )
            )
            i += 1
            continue
        if found is None:
            if not (ln.heading and decided_here):  # a decision read as a heading titles nothing
                agenda.see(ln)
            if ln.text.endswith(":") and not ln.heading:
                narrative = ln
            i += 1
            continue
        if found.marker.kind == "label" and (ln.heading or not found.rest):
            agenda.last_heading = found.label
        heading = _heading_for(found, agenda, minute_labels)
        section = found.marker.section
        if found.marker.kind == "lead_in" and re.search(r"\brecommend", found.rest, re.I):
            section = "recommendation"  # "we agreed the following recommendations:"
        decision = _Decision(section)
        if found.marker.kind == "lead_in" and not found.rest.endswith(":"):
            if found.marker.section == "recommendation" and _whole_sentence(ln):
                decision.items.append(_Item(ln.body, ln.ref, ln.line.page, heading, ln.block))
                decisions.append(decision)
            i += 1
            continue
        inline = _inline_items(found.rest) if found.rest else None
        if inline is not None:
            for ref, text in inline[1]:
                decision.items.append(_Item(text, ref, ln.line.page, heading, ln.block))
            # The list may carry on below the marker's line.
            more, after = _collect(lines, i, found, heading, started=True)
            decision.items += more
            decisions.append(decision)
            i = max(after, i + 1)
            continue
        if found.rest and not _opens_block(found.rest):
            decision.items.append(_Item(found.rest, None, ln.line.page, heading, ln.block))
            decisions.append(decision)
            i += 1
            continue
        items, after = _collect(lines, i, found, heading)
        if found.marker.name == "body decided list":
            items = [item for item in items if _DECIDED_ITEM.match(item.text)]
        if not items and _BARE_SUBJECT.match(found.rest.strip()):
            notes.append(
                f"A {found.marker.section} on page {ln.line.page or '?'} names its subject "
                f"({found.rest[:60]!r}) but no items followed it to say what was decided; "
                "nothing was kept."
            )
        elif not items and found.rest and found.marker.kind != "label":
            notes.append(
                f"A {found.marker.section} on page {ln.line.page or '?'} ends in a lead-in "
                f"({found.rest[:60]!r}) but no items followed it; it was kept as printed."
            )
            items = [_Item(found.rest, None, ln.line.page, heading, ln.block)]
        decision.items = items
        if items:
            decisions.append(decision)
        i = max(after, i + 1)
    statements, used, repeat_notes = _publish(decisions)
    return Extraction(statements=statements, used_tables=used, notes=notes + repeat_notes)


# ---------------------------------------------------------------------------
# Repeats and publication
# ---------------------------------------------------------------------------


_WHITESPACE = re.compile(r"\s+")


@per_document
def _norm(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip().rstrip(".;,: ").casefold()


@per_document
def _same_text(a: str, b: str) -> bool:
    """Whether two items say the same (remembered: a new item is compared with every
    earlier one, twice). The similarity's cheap upper bounds are tried first: where they
    fall short of ``_SIMILAR``, so does the ratio."""
    a, b = _norm(a), _norm(b)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= _MIN_PREFIX_CHARS and longer.startswith(shorter):
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= _SIMILAR
        and matcher.quick_ratio() >= _SIMILAR
        and matcher.ratio() >= _SIMILAR
    )


def _repeated(item: _Item, earlier: list[_Item], same_heading: bool) -> bool:
    return any(
        (not same_heading or _norm(it.heading or "") == _norm(item.heading or ""))
        and _same_text(it.text, item.text)
        for it in earlier
    )


def _publish(decisions: list[_Decision]) -> tuple[list[Statement], list[Block], list[str]]:
    """Statements in document order, a list printed twice kept once."""
    kept: list[_Decision] = []
    notes: list[str] = []
    for decision in decisions:
        items = [
            it
            for it in decision.items
            if (t := item_text(it.text)[1]) and not NOTHING_ITEMS.match(t)
        ]
        if not items:
            continue
        earlier = [it for d in kept if d.section == decision.section for it in d.items]
        if len(items) > 1 and all(_repeated(it, earlier, False) for it in items):
            notes.append(
                f"A list of {len(items)} {decision.section}s printed twice (page "
                f"{items[0].page or '?'}) was published once."
            )
            continue
        items = [
            it
            for it in items
            if not _repeated(it, earlier, True)
            and not (
                decision.section == "recommendation"
                and len(it.text) >= _LONG_REPEAT_CHARS
                and _repeated(it, earlier, False)
            )
        ]
        if items:
            kept.append(_Decision(decision.section, items))
    statements: list[Statement] = []
    used: list[Block] = []
    for decision in kept:
        for it in decision.items:
            text = item_text(it.text)[1]
            if not text:
                continue
            statements.append(Statement(decision.section, text, it.heading, it.page, it.ref))
            if it.block.is_table and not any(it.block is b for b in used):
                used.append(it.block)
    return statements, used, notes
