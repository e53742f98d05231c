"""List-like sections → ``Statement`` records.

A section starts at a marker whose words say what its items are ("Key activities
completed" → ``completed``; "Resolved:" → ``resolution``). Each kind of paper has
its own vocabulary of sections (a briefing note's "Specific risk issues" is a
question theme, not a risk register), passed in as ``SectionRule``s.

The steps, each small and pure::

    blocks_to_lines   document blocks, table cells and glued bullets → one ``Line`` each
    merge_wrapped     a bullet's wrapped tail that a reader split off → back on the bullet
    lines_to_statements   the section state machine

Decisions the code makes, written down once:

* Every bullet or numbered item is its own statement; paragraphs are statements
  only where the section says so (numbered paragraphs anywhere; "that …" paragraphs
  under "Resolved:"; risk sentences; conclusion paragraphs of a task group).
* Under a combined "risks / obstacles" marker, items are ``risk`` until a lead-in
  line ending in ":" names obstacles (or risks again); a paragraph there yields only
  its sentences that state a risk ("There is a risk that …").
* ``heading`` is the sub-heading the item sits under inside its section (workstream,
  question theme: a heading, or a short title-case line, with or without a colon when
  bullets follow); a section marker clears it. With ``agenda_headings`` (minutes) the
  heading is instead the agenda item the section belongs to.
* A section ends at the next marker, at a heading that opens another part of the
  paper (Author, Background, Acknowledgements …), at a label heading ending in ":"
  with no bullets under it, or at a numbered heading outside its own numbering
  ("2.0" after "1.5 Recommendations"); page furniture ("Appendix 1") changes nothing.
* Items that say nothing ("N/A", "None") are dropped; an exact repeat of an earlier
  item (same section, heading and text, e.g. a summary list repeated in full later)
  is dropped.
* Numbering goes to ``ref``; bullet glyphs, stray ``**`` and the list joiners
  "; and" / "; or" are not part of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from extractors.text_utils import clean
from extractors.vocab_markers import ANY_GLYPH, GLYPH, starts_with_bullet
from extractors.vocab_markers import BULLET_GLYPHS as BULLET_GLYPHS
from extractors.vocab_markers import has_glued_bullets as has_glued_bullets
from extractors.vocab_markers import split_glued as split_glued
from pipeline.model import BBox, Block
from pipeline.records import Statement


@dataclass(frozen=True, slots=True)
class SectionRule:
    """Marker text matching ``pattern`` opens a section whose items are ``section``."""

    pattern: re.Pattern[str]
    section: str


def rule(pattern: str, section: str) -> SectionRule:
    return SectionRule(re.compile(pattern, re.IGNORECASE), section)


# The vocabularies, one list per use; the first matching rule wins.
COMPLETED = rule(r"\b(activities|milestones|achievements)\b.*\b(completed|achieved)\b", "completed")
PLANNED = rule(
    r"\b(scheduled|planned)\b.*\bnext\b|\bnext (period|month|quarter)\b|^\s*next steps\b",
    "planned",
)
# "Key issues of risk / obstacles to progress": risk first, obstacles switch by lead-in.
RISK = rule(
    r"^\s*(key\s+)?(issues\s+of\s+)?risks?\b"
    r"|\b(risks?|issues)\s*(/|and|&)\s*(risks?|issues|obstacles)\b",
    "risk",
)
OBSTACLE = rule(r"\bobstacles?\b|\bbarriers? to progress\b", "obstacle")
RECOMMENDATION = rule(
    r"^\s*recommendations?\b|\brecommendations? (for|to)\b|\b(are|is) recommended to\b",
    "recommendation",
)
RESOLUTION = rule(r"^\s*(it was\s+)?resolved\b|^\s*resolutions?\b|^\s*decisions?\s*:", "resolution")
ACTIONS = rule(r"^\s*(agreed\s+)?actions?(\s+(arising|agreed|log|points))?\s*:?\s*$", "planned")
QUESTION = rule(r"\bquestions?\b", "question")
FINDING = rule(r"^\s*(key\s+)?(findings?|conclusions?)\b|\bfindings and conclusions\b", "finding")

_RISK_SECTIONS = frozenset({"risk", "obstacle"})

# Headings that open a part of a committee paper no list section runs into.
PAPER_PARTS = re.compile(
    r"^\s*(author|contact( officer)?|report author|background( papers)?|purpose|introduction|"
    r"acknowledge?ments?|supporting documents|appendices|financial implications|"
    r"legal implications|equalit(y|ies)|implications|glossary|contents|executive summary)\b",
    re.IGNORECASE,
)
# Page furniture and labels that neither open nor close a section.
FURNITURE = re.compile(
    r"^\s*(appendix|annex|module|page|part)\s+[\w.]+\s*$|^\s*agenda item(\s+no\.?\s*\d+)?\s*$",
    re.IGNORECASE,
)
NOTHING_ITEMS = re.compile(
    r"^\s*(n/?a|none|nil|not applicable|no recommendations?|-+|–|"
    r"\(\s*(?:for\s+information(?:\s+only)?|noted|no\s+(?:decision|action)(?:\s+required)?)\s*\))"
    r"\s*\.?\s*$",
    re.I,
)

# A resolution printed as a paragraph still reads "that …" / "to …".
_RESOLUTION_PARAGRAPH = re.compile(r"^\s*(that|to)\s", re.IGNORECASE)
# Sentences of a paragraph that state a risk.
_RISK_SENTENCE = re.compile(
    r"\b(there is|there's|there are) (a|an|some)?\s*(\w+\s)?risks?\b|\brisks? (that|of)\b", re.I
)
# What a task group concluded, as opposed to what it heard or did.
CONCLUSION_CUES = re.compile(
    r"\bwe (also )?(concluded|conclude|found|find|observed|observe|noted|acknowledged|acknowledge|"
    r"recognised|recognise|recognized|recognize|felt|feel|did feel|believe)\b|"
    r"\b(are|were|was|is) (satisfied|assured|concerned) that\b|"
    r"\bconclude[ds]? that\b",
    re.IGNORECASE,
)

# A finding is said in whole sentences: a fragment of a cell is not one, and neither is a
# lead-in to a list ("We concluded that there are ways to improve it:") unless an
# earlier, finished sentence of the paragraph states the conclusion.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(?=\s|$)")


# Who concludes: the reviewers themselves ("we", "our", "the Task Group"), not members
# whose discussion a set of minutes records ("Cllr Lloyd asked … Members were concerned").
_REVIEWERS_VOICE = re.compile(
    r"\b(?:we|us|our)\b|\b(?:task|finish|review|working|scrutiny)\b[^.]{0,40}?\b"
    r"(?:group|panel|party)\b",
    re.IGNORECASE,
)


def _states_conclusion(text: str) -> bool:
    text = text.strip()
    if text.endswith(":"):
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        text = text[: ends[-1]] if ends else ""
    return (
        bool(_SENTENCE_END.search(text[-3:]))
        and CONCLUSION_CUES.search(text) is not None
        and _REVIEWERS_VOICE.search(text) is not None
    )


# Bullet glyphs (printed, private-use, "(cid:N)") come from one vocabulary, vocab_markers.
_LEADING_MARKS = re.compile(rf"^\s*(?:{GLYPH}|[-–*](?=\s)|\*\*)+\s*")
_TRAILING_MARKS = re.compile(r"\s*\*+\s*$")
_LIST_JOINER = re.compile(r"\s*;\s*(?:and|or)?\s*$", re.IGNORECASE)
_MARKUP_BREAK = re.compile(r"</?(?:p|ul|ol|li|br|div|h\d)\b[^>]*>", re.IGNORECASE)
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>", re.IGNORECASE)

# "1.", "1)", "(1)", "(a)", "a)", "a.", "i.", "(iv)", "2.3", "2.3." — numbering typed as text.
_ITEM_REF = re.compile(
    r"^\s*(?:\((?P<paren>\d{1,3}|[a-z]|[ivxlc]{1,6})\)|"
    r"(?P<plain>\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})(?:[.)]|(?<=\d)(?=\s)))\s+(?=\S)",
    re.IGNORECASE,
)
_HEADING_NUMBER = re.compile(r"^\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?=\S)")
_TERMINAL = re.compile(r"[.?!:;)\"'”’]\s*$")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to"}
    | {"with", "&", "–", "-", "/", "vs"}
)
_MAX_MARKER_WORDS = 14
_MAX_SUBHEADING_WORDS = 9
# Lines that are vertically this close (points) belong to one paragraph a reader split.
_WRAP_GAP = 4.0

LineKind = Literal["heading", "paragraph", "item", "cell_line"]


@dataclass(frozen=True, slots=True)
class Line:
    """One unit of running text: a heading, a paragraph, a bullet or a line of a cell."""

    kind: LineKind
    text: str
    page: int | None = None
    bbox: BBox | None = None
    level: int = 0
    emphasised: bool = False


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def split_item_ref(text: str) -> tuple[str | None, str]:
    """``("a", "that …")`` for ``"(a) that …"``; ``(None, text)`` when no numbering leads."""
    m = _ITEM_REF.match(text)
    if not m:
        return None, text
    ref = m.group("paren") or m.group("plain")
    # A lone capital or a Roman-looking word that starts a sentence is not numbering
    # ("I. …" is rare in papers; "A weekly newsletter" must stay whole).
    if not m.group("paren") and ref.isalpha() and ref[0].isupper() and len(ref) == 1:
        return None, text
    return ref, text[m.end() :]


def heading_number(text: str) -> tuple[tuple[int, ...] | None, str]:
    """``((2, 1), "Scoping meeting")`` for ``"2.1 Scoping meeting"``; trailing ``.0`` dropped."""
    m = _HEADING_NUMBER.match(text)
    if not m:
        return None, text
    parts = [int(p) for p in m.group("num").split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts), text[m.end() :]


def has_markup(text: str) -> bool:
    return _MARKUP.search(text) is not None


def strip_markup(text: str) -> str:
    """HTML fragments an earlier conversion pasted in: block tags → line breaks, others gone."""
    if not has_markup(text):
        return text
    return _MARKUP.sub("", _MARKUP_BREAK.sub("\n", text))


def item_text(raw: str) -> tuple[str | None, str | None]:
    """``(ref, text)`` of one item: numbering split off, marks and list joiners removed."""
    text = _LEADING_MARKS.sub("", raw)
    ref, text = split_item_ref(text)
    text = _TRAILING_MARKS.sub("", _LEADING_MARKS.sub("", text))
    text = _LIST_JOINER.sub("", text)
    return ref, clean(text.replace("**", ""))


def heading_text(raw: str) -> str | None:
    """A heading as a ``heading`` value: numbering, marks and a closing colon removed."""
    _, text = heading_number(_LEADING_MARKS.sub("", raw))
    text = _TRAILING_MARKS.sub("", text).replace("**", "")
    return clean(text.rstrip(": "))


def looks_like_subheading(text: str) -> bool:
    """Short, unpunctuated and in title case: "Capability and Capacity", not a bullet."""
    text = text.strip()
    words = text.split()
    if not 0 < len(words) <= _MAX_SUBHEADING_WORDS or _TERMINAL.search(text):
        return False
    if ANY_GLYPH.match(text) or not text[0].isupper():
        return False
    significant = [w for w in words if w.lower().strip(",") not in _SMALL_WORDS]
    return all(w[0].isupper() or w[0].isdigit() or not w[0].isalpha() for w in significant)


def section_of(text: str, rules: Sequence[SectionRule]) -> str | None:
    """The section a marker opens ("1.5 Recommendations" → ``recommendation``), or None."""
    text = heading_number(text)[1]
    for section_rule in rules:
        if section_rule.pattern.search(text):
            return section_rule.section
    return None


# ---------------------------------------------------------------------------
# blocks → lines
# ---------------------------------------------------------------------------


def _cell_lines(text: str, page: int | None) -> list[Line]:
    """The lines of a cell that holds running text (a whole section pasted into one cell)."""
    lines: list[Line] = []
    for raw in strip_markup(text).split("\n"):
        for part in split_glued(raw) if has_glued_bullets(raw) else [raw.strip()]:
            if part:
                lines.append(Line("cell_line", part, page))
    return lines


def _glued_lines(block: Block) -> list[Line]:
    """A block an earlier conversion glued: "Heading • item • item" or an HTML fragment.

    Every part after a glyph is a bullet; text before the first glyph keeps the block's
    own kind, or becomes a heading when it reads like one.
    """
    lines: list[Line] = []
    for raw in strip_markup(block.text).split("\n"):
        if not raw.strip():
            continue
        starts_with_glyph = starts_with_bullet(raw)
        parts = split_glued(raw) if has_glued_bullets(raw) else [raw.strip()]
        for i, part in enumerate(parts):
            kind: LineKind = (
                "item" if block.kind == "list_item" or i or starts_with_glyph else "paragraph"
            )
            if kind == "paragraph" and looks_like_subheading(part):
                kind = "heading"
            lines.append(Line(kind, part, block.page, None, block.level, kind == "heading"))
    return lines


def _table_lines(block: Block) -> list[Line]:
    """Rows of a layout table that carry running text; grids of values are skipped.

    A row with one filled cell is a paragraph of the page (or, when it holds several
    lines, a whole list); a row of a label and one value ("Recommendations: | …") is
    the label followed by its content.
    """
    if list_columns := _list_columns(block):
        return _list_table_lines(block, list_columns)
    lines: list[Line] = []
    for row in block.rows:
        filled = [c for c in row.cells if c.text.strip() and not c.continued]
        if len(filled) == 1:
            text = filled[0].text.strip()
            if "\n" in text or has_glued_bullets(text) or has_markup(text):
                lines.extend(_cell_lines(text, row.page))
            else:
                lines.append(Line("paragraph", text, row.page))
        elif len(filled) == 2 and filled[0].text.strip().endswith(":"):
            lines.append(Line("paragraph", filled[0].text.strip(), row.page))
            lines.extend(_cell_lines(filled[1].text, row.page))
    return lines


def is_list_cell(text: str) -> bool:
    """Whether a cell holds a list: one of its lines opens with a bullet glyph."""
    return any(starts_with_bullet(line) for line in text.split("\n"))


def _list_columns(block: Block) -> list[int]:
    """Columns after the first that hold lists beside a label ("Front Door | • … • …").

    A label ending in ":" is the label/value layout ``_table_lines`` reads row by row.
    """
    columns: set[int] = set()
    for row in block.rows:
        cells = [c if not c.continued else None for c in row.cells]
        first = next((c for c in cells if c is not None and c.text.strip()), None)
        if first is not None and first.text.strip().endswith(":"):
            return []
        for j, cell in enumerate(cells):
            if j and cell is not None and cell is not first and is_list_cell(cell.text):
                columns.add(j)
    return sorted(columns)


def _list_table_lines(block: Block, columns: list[int]) -> list[Line]:
    """A table whose cells hold lists (Word and LibreOffice print a highlight report's
    activity lists so), column by column: the column's header (which may name the section,
    "Activities completed"), then per row its label as a sub-heading and one line per item.
    """
    rows = block.rows
    header = rows[0] if rows and not any(is_list_cell(c.text) for c in rows[0].cells) else None
    body = rows[1:] if header is not None else rows
    lines: list[Line] = []
    for j in columns:
        if header is not None and j < len(header.cells) and header.cells[j].text.strip():
            lines.append(
                Line("heading", clean(header.cells[j].text) or "", header.page, None, 0, True)
            )
        for row in body:
            if j >= len(row.cells) or row.cells[j].continued or not row.cells[j].text.strip():
                continue
            label = next(
                (
                    c.text
                    for i, c in enumerate(row.cells[:j])
                    if i not in columns and c.text.strip()
                ),
                None,
            )
            if label is not None:
                lines.append(Line("heading", clean(label) or "", row.page, None, 0, True))
            lines.extend(_cell_lines(row.cells[j].text, row.page))
    return lines


def blocks_to_lines(blocks: Iterable[Block]) -> list[Line]:
    lines: list[Line] = []
    for block in blocks:
        if block.is_table:
            lines.extend(_table_lines(block))
            continue
        text = block.text.strip()
        if not text:
            continue
        emphasised = block.bold or block.underline
        if block.kind == "heading":
            lines.append(Line("heading", text, block.page, block.bbox, block.level, True))
        elif has_glued_bullets(text) or has_markup(text):
            lines.extend(_glued_lines(block))
        elif block.kind == "list_item":
            lines.append(Line("item", text, block.page, block.bbox, block.level))
        else:
            lines.append(Line("paragraph", text, block.page, block.bbox, block.level, emphasised))
    return lines


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _close_below(upper: Line, lower: Line) -> bool:
    if upper.bbox is None or lower.bbox is None or upper.page != lower.page:
        return False
    return 0 <= lower.bbox.top - upper.bbox.bottom <= _WRAP_GAP


def _is_tail_of(prev: Line, line: Line, before: Line | None, after: Line | None) -> bool:
    """Whether paragraph ``line`` is the wrapped rest of the item ``prev``."""
    if line.emphasised or _ends_sentence(prev.text) or line.text.rstrip().endswith(":"):
        return False
    if line.text[:1].islower() or _close_below(prev, line):
        return True
    # A capitalised tail counts only inside a list whose other items end their sentences,
    # so the unfinished item is the odd one out ("… the Children's Social" / "Care …?").
    neighbours = [n for n in (before, after) if n is not None and n.kind == prev.kind]
    return (
        bool(neighbours)
        and after is not None
        and after.kind == prev.kind
        and all(_ends_sentence(n.text) for n in neighbours)
    )


def merge_wrapped(lines: list[Line]) -> list[Line]:
    """Put a bullet's wrapped tail back on it when a reader made the tail a paragraph.

    The tail is a paragraph right after an item that stops mid-sentence, and it either
    starts in lower case, sits as close below as a wrapped line does, or sits inside a
    list whose other items all end their sentences.
    """
    out: list[Line] = []
    for i, line in enumerate(lines):
        prev = out[-1] if out else None
        if prev is not None and prev.kind in ("item", "cell_line") and line.kind == "paragraph":
            before = out[-2] if len(out) > 1 else None
            after = lines[i + 1] if i + 1 < len(lines) else None
            if _is_tail_of(prev, line, before, after):
                bbox = prev.bbox
                if prev.bbox and line.bbox:
                    bbox = BBox(
                        prev.bbox.x0,
                        prev.bbox.top,
                        max(prev.bbox.x1, line.bbox.x1),
                        line.bbox.bottom,
                    )
                out[-1] = replace(prev, text=f"{prev.text} {line.text}", bbox=bbox)
                continue
        out.append(line)
    return out


# ---------------------------------------------------------------------------
# lines → statements
# ---------------------------------------------------------------------------


def _is_marker_candidate(line: Line) -> bool:
    """Headings, labels ending in ":" and short emphasised lines can open a section."""
    text = line.text.strip()
    if line.kind == "heading":
        return True
    if line.kind in ("paragraph", "cell_line"):
        short = len(text.split()) <= _MAX_MARKER_WORDS
        return short and (text.endswith(":") or (line.emphasised and not _ends_sentence(text)))
    return False


@dataclass(slots=True)
class _Walker:
    """The section state machine: one pass over the lines, statements out."""

    rules: Sequence[SectionRule]
    agenda_headings: bool
    conclusion_paragraphs: bool
    section: str | None = None
    heading: str | None = None
    number: tuple[int, ...] | None = None
    """Numbering of the heading that opened the section ("3.0" → (3,)), if any."""
    agenda: str | None = None
    """The last agenda item or titled heading seen anywhere (minutes, task groups)."""
    out: list[Statement] = field(default_factory=list)

    def emit(self, section: str, raw: str, line: Line, heading: str | None) -> None:
        ref, text = item_text(raw)
        if text is None or NOTHING_ITEMS.match(text):
            return
        self.out.append(
            Statement(section=section, text=text, heading=heading, page=line.page, ref=ref)
        )

    def close(self) -> None:
        self.section, self.heading = None, None

    def marker(self, line: Line) -> bool:
        """Open the section ``line`` names, if it names one."""
        text = line.text.strip()
        label, colon, rest = text.partition(":")
        # "Resolved: that the report be noted." — a short label carrying its first item.
        inline = bool(colon) and len(label.split()) <= 3
        if not (_is_marker_candidate(line) or (inline and line.kind == "paragraph")):
            return False
        found = section_of(label if inline else text, self.rules)
        if found is None:
            return False
        if line.kind == "heading" and not self.agenda_headings and not colon:
            self.agenda = heading_text(text)
        self.section = found
        self.heading = self.agenda if self.agenda_headings else None
        self.number = heading_number(text)[0] if line.kind == "heading" else None
        if inline and rest.strip():
            self.emit(found, rest, line, self.heading)
            if split_item_ref(rest.strip())[0] is None:
                # "Action: Clerk to write to Highways." is that one item; the minute's
                # next points ("iii) Directional signs") are not actions.
                self.close()
        return True

    def subheading(self, line: Line, following: Line | None) -> bool:
        """Handle a heading-like line: a sub-heading, an agenda item or a section's end."""
        text = line.text.strip()
        title_case = looks_like_subheading(text)
        # "Social Care Practice:" directly above its bullets is a sub-heading too.
        labelled = (
            text.endswith(":")
            and looks_like_subheading(text[:-1])
            and following is not None
            and following.kind == "item"
        )
        if line.kind != "heading" and not (
            (title_case or labelled) and line.kind in ("paragraph", "cell_line")
        ):
            return False
        if self.agenda_headings:
            if line.kind != "heading":
                return False
            if not text.endswith(":"):
                self.agenda = heading_text(text)
            self.close()
            return True
        if line.kind == "heading" and not text.endswith(":"):
            self.agenda = heading_text(text)
        if self.section is not None:
            if line.kind == "heading" and not labelled and _ends_section(line, self.number):
                self.close()
            else:
                self.heading = heading_text(text)
        return True

    def body(self, line: Line) -> None:
        """A bullet or a paragraph that is not a heading."""
        text = line.text.strip()
        if self.conclusion_paragraphs and line.kind == "paragraph" and _states_conclusion(text):
            self.emit("finding", text, line, self.agenda)
            return
        if self.section is None:
            return
        if line.kind in ("item", "cell_line"):
            self.emit(self.section, text, line, self.heading)
        elif self.section in _RISK_SECTIONS and text.endswith(":"):
            self.section = section_of(text, [OBSTACLE, RISK]) or self.section
        elif split_item_ref(text)[0] is not None or (
            self.section == "resolution" and _RESOLUTION_PARAGRAPH.match(text)
        ):
            self.emit(self.section, text, line, self.heading)
        elif self.section == "risk":
            for sentence in _risk_sentences(text):
                self.emit("risk", sentence, line, self.heading)


def _ends_section(line: Line, section_number: tuple[int, ...] | None) -> bool:
    """Whether a heading that names no section closes the open one."""
    text = line.text.strip()
    if PAPER_PARTS.match(heading_number(text)[1]) or text.endswith(":"):
        return True
    number, _ = heading_number(text)
    if number is not None and section_number is not None:
        return number[: len(section_number)] != section_number or number == section_number
    return False


def _risk_sentences(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return [s for s in sentences if _RISK_SENTENCE.search(s)]


def lines_to_statements(
    lines: list[Line],
    rules: Sequence[SectionRule],
    *,
    agenda_headings: bool = False,
    conclusion_paragraphs: bool = False,
) -> list[Statement]:
    """Walk the lines once, opening and closing sections, and emit one statement per item.

    ``agenda_headings``: every heading that is not a marker or a label is an agenda item
    that closes the open section and becomes the heading of what follows (minutes).
    ``conclusion_paragraphs``: a paragraph anywhere that states what the group concluded
    is a ``finding`` under the latest sub-heading (task & finish group reports).
    """
    walker = _Walker(rules, agenda_headings, conclusion_paragraphs)
    for i, line in enumerate(lines):
        if FURNITURE.match(line.text):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if not walker.marker(line) and not walker.subheading(line, following):
            walker.body(line)
    return walker.out


def drop_repeats(statements: list[Statement]) -> list[Statement]:
    """Keep the first of statements equal in section, heading and text."""
    seen: set[tuple[str, str | None, str]] = set()
    out: list[Statement] = []
    for statement in statements:
        key = (statement.section, statement.heading, statement.text.casefold())
        if key not in seen:
            seen.add(key)
            out.append(statement)
    return out


def statements_in(
    blocks: list[Block],
    rules: Sequence[SectionRule] = (COMPLETED, PLANNED, RISK, OBSTACLE, RECOMMENDATION),
    *,
    agenda_headings: bool = False,
    conclusion_paragraphs: bool = False,
) -> list[Statement]:
    """Every item of every list-like section ``rules`` recognise, in document order."""
    lines = merge_wrapped(blocks_to_lines(blocks))
    statements = lines_to_statements(
        lines, rules, agenda_headings=agenda_headings, conclusion_paragraphs=conclusion_paragraphs
    )
    return drop_repeats(statements)


def keep_question_themes(statements: list[Statement], min_share: float = 0.5) -> list[Statement]:
    """Drop the non-question groups of a question section.

    A question bank opens with explanation bullets ("a clear picture in their heads of
    …") under the same marker as its themes; a group (same heading) whose items are
    mostly not questions is explanation, not questions.
    """
    groups: dict[str | None, list[Statement]] = {}
    for statement in statements:
        if statement.section == "question":
            groups.setdefault(statement.heading, []).append(statement)
    dropped: set[int] = set()
    for items in groups.values():
        asking = sum("?" in s.text for s in items)
        if asking < min_share * len(items):
            dropped.update(id(s) for s in items)
    return [s for s in statements if id(s) not in dropped]
