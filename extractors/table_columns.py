"""Which column of a table holds what: roles from header words, checked against content.

A milestone or action-plan table has a column of milestones/actions (role ``text``)
and usually a goal, a reference, a verdict or RAG rating, a comment and perhaps a
lead and a due date. Header words give a first reading ("Progress update" is the
comment); the cells then confirm or correct it: a column whose cells are mostly RAG
words or RAG-coloured fills is the RAG column whatever its header says, a column of
short labels like ``1.2`` or ``AFI 5`` is the reference column. Positions are never
assumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extractors.text_utils import normalise_for_match
from extractors.vocab import rag_from_colour, rag_from_word, read_verdict, status_of_phrase
from pipeline.model import Row

ROLES = ("ref", "goal", "text", "status", "rag", "comment", "lead", "due_date")

# Header words per role, tried in this order: the first role whose words a header
# holds wins ("Action owner" is a lead, "Progress on actions" a comment).
HEADER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("rag", re.compile(r"\b(b?rag|rating|colou?r)\b")),
    (
        "due_date",
        re.compile(r"\b(due|deadline|timescales?|target date|by when|completion date|date|when)\b"),
    ),
    (
        "lead",
        re.compile(r"\b(lead|leads|owners?|responsib\w*|officers?|who|accountable|action by)\b"),
    ),
    (
        "comment",
        re.compile(
            r"\b(comments?|conclusions?|progress|updates?|evidence|commentary|narrative|notes?)\b"
        ),
    ),
    ("status", re.compile(r"\b(status|verdict|assessment|achieved)\b")),
    (
        "text",
        re.compile(
            r"\b(milestones?|actions?|areas? for (improvement|development)|recommendations?"
            r"|tasks?|deliverables?|improvement activity|activities|what we will do"
            r"|commitments?|mitigations?|mitigating|pledges?|undertakings?"
            r"|improvements? required)\b"
        ),
    ),
    (
        "goal",
        re.compile(
            r"\b(goals?|themes?|objectives?|workstreams?|outcomes?|priority areas?|strands?)\b"
            # a risk register's risk, the heading its mitigations sit under (kept only beside
            # a mitigation column: ``header_roles``)
            r"|(?<!inherent )(?<!residual )(?<!current )(?<!target )(?<!key )\brisks?\b"
            r"(?!\s*(?:scores?|ratings?|levels?|owners?|ids?|refs?|no|numbers?|appetite|category|"
            r"categories|types?|trends?|/|and|&))"
        ),
    ),
    ("ref", re.compile(r"^(ref(erence)?|no|number|#|id|item|afi|area)( ?(no|number|#))?$")),
]
MAX_HEADER_CELL_WORDS = 6
"""A header cell is a label; a longer cell is data."""
MAX_HEADER_SEARCH_ROWS = 6
"""The header is among the first rows (a title row may stand above it)."""
CONTENT_SHARE = 0.6
"""Share of a column's cells that must agree before its content decides its role."""
MIN_CONTENT_CELLS = 2

REF_LIKE = re.compile(
    r"^(?:(?:ref|area|afi|rec|recommendation|action|item|no\.?|r|a)\s*)?"
    r"\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?[.)]?$",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\bq[1-4]\b|\b20\d\d\b"
    r"|\b(ongoing|tbc|immediate(ly)?|end of)\b",
    re.IGNORECASE,
)
MAX_DATE_CHARS = 30
MAX_VERDICT_CELL_WORDS = 8
"""A status cell holds a verdict, not a paragraph."""


def is_ref_like(text: str) -> bool:
    """A printed reference: ``7``, ``2.3``, ``1.2a``, ``AFI 5``, ``Area 3``, ``R4``."""
    return bool(REF_LIKE.match(" ".join(text.split())))


def _is_date_like(text: str) -> bool:
    return len(text) <= MAX_DATE_CHARS and bool(_DATE_LIKE.search(text))


def _is_rag_word(text: str) -> bool:
    # "Complete" is blue in a RAG column, but a column of verdicts is a status column.
    return rag_from_word(text) is not None and read_verdict(text) is None


def _is_verdict_cell(text: str) -> bool:
    return len(text.split()) <= MAX_VERDICT_CELL_WORDS and read_verdict(text) is not None


@dataclass(frozen=True, slots=True)
class TableColumns:
    """Where the header is and what each column holds."""

    header_index: int
    """Index of the header row in the table's rows; -1 for a table continuing another."""
    roles: dict[int, str]
    """Column index → role, for the columns with a role."""
    header_key: tuple[str, ...]
    """The header's normalised texts: rows equal to it are the header repeated."""
    status_ratings: tuple[int, ...] = ()
    """Columns headed "Status" whose cells are RAG words: the rating column, and the words
    are the status as printed too."""
    labels: dict[int, str] = field(default_factory=dict)
    """Column index → the status its header names, for columns ticked per row ("Achieved",
    "On target"): a mark in the column is that status."""

    def column(self, role: str) -> int | None:
        """The first column with ``role``."""
        found = self.columns(role)
        return found[0] if found else None

    def columns(self, role: str) -> list[int]:
        return sorted(index for index, found in self.roles.items() if found == role)

    @property
    def carries_status(self) -> bool:
        """Whether any column can hold a status, verdict, rating or commentary."""
        return any(role in ("status", "rag", "comment", "tick") for role in self.roles.values())


# A date column that says when something is due, rather than a bare "Date"/"When" ...
_DUE_WORDS = re.compile(
    r"\b(due|deadline|timescales?|target date|by when|completion date|revised date|new date|"
    r"expected (?:completion )?date|forecast date)\b"
)
# ... and one that dates where the row came from: never a due date ("Meeting date",
# "Date raised", "Date added" in an action log).
_ORIGIN_DATE_WORDS = re.compile(
    r"\b(meeting|raised|added|opened|logged|agreed|created|identified|reported|updated|"
    r"entered|minuted|closed)\b"
)


_RISK = re.compile(r"\brisks?\b")
_MITIGATION = re.compile(r"\b(mitigat\w*|controls?|treatments?)\b")


def header_roles(texts: Sequence[str]) -> dict[int, str]:
    """Roles the header words alone give, each role to its first column only; a due date
    goes to the column that says "due" (or "deadline", …) before a bare "Date", and never
    to a column dating the row's origin."""
    roles: dict[int, str] = {}
    for index, text in enumerate(texts):
        label = normalise_for_match(text)
        if not label or len(label.split()) > MAX_HEADER_CELL_WORDS:
            continue
        for role, pattern in HEADER_WORDS:
            if not pattern.search(label):
                continue
            due = _DUE_WORDS.search(label)
            if role == "due_date" and not due and _ORIGIN_DATE_WORDS.search(label):
                break  # a dated origin ("Date raised"): no role; "Revised due date" is due
            if role == "due_date" and "due_date" in roles.values() and due:
                bare = next(i for i, r in roles.items() if r == "due_date")
                if not _DUE_WORDS.search(normalise_for_match(texts[bare])):
                    del roles[bare]  # "Date" gave way to "Due date"
            if role not in roles.values():
                roles[index] = role
                break
    # a risk is a goal only in a register, above its mitigations
    goal = next((i for i, r in roles.items() if r == "goal"), None)
    if (
        goal is not None
        and _RISK.search(normalise_for_match(texts[goal]))
        and not any(_MITIGATION.search(normalise_for_match(t)) for t in texts)
    ):
        del roles[goal]
    return roles


def _column_cells(
    rows: Sequence[Row], index: int
) -> list[tuple[str, tuple[float, float, float] | None]]:
    out = []
    for row in rows:
        if index < len(row.cells):
            cell = row.cells[index]
            text = "" if cell.continued else " ".join(cell.text.split())
            out.append((text, cell.fill))
    return out


def _content_role(rows: Sequence[Row], index: int) -> str | None:
    """The role a column's cells show on their own: rag, ref, due_date, status, or None."""
    cells = _column_cells(rows, index)
    texts = [text for text, _ in cells if text]
    if len(texts) >= MIN_CONTENT_CELLS:
        for role, test in (
            ("rag", _is_rag_word),
            ("ref", is_ref_like),
            ("due_date", _is_date_like),
            ("status", _is_verdict_cell),
        ):
            if sum(map(test, texts)) >= CONTENT_SHARE * len(texts):
                return role
    # Colour-only ratings: cells with no text (or a RAG word) on a RAG-coloured fill.
    coloured = [
        fill
        for text, fill in cells
        if rag_from_colour(fill) is not None and (not text or _is_rag_word(text))
    ]
    if len(coloured) >= MIN_CONTENT_CELLS and len(coloured) >= CONTENT_SHARE * len(cells):
        return "rag"
    return None


def _resolve_roles(
    header: dict[int, str], rows: Sequence[Row], width: int, exclude: Sequence[int] = ()
) -> dict[int, str]:
    """Header roles, corrected by content: RAG content wins over any header but the
    milestone column's; a column the header says nothing about takes the role its
    content shows (ref, status, due date) when no header claimed that role."""
    roles = dict(header)
    for index in range(width):
        by_header = header.get(index)
        if by_header == "text" or index in exclude:
            continue  # the milestone column is the one thing content never overrides
        by_content = _content_role(rows, index)
        if by_content is None or by_content == by_header:
            continue
        taken = by_content in roles.values()
        if by_content == "rag":
            roles[index] = "rag"  # several RAG columns may stand: the first that rates wins
        elif by_header in (None, "goal") and not taken:
            roles[index] = by_content
    return roles


def find_columns(rows: Sequence[Row]) -> TableColumns | None:
    """The header row and column roles of a milestone / action table, or None for any
    other table (a RAG grid, a legend, a list of members)."""
    for index, row in enumerate(rows[:MAX_HEADER_SEARCH_ROWS]):
        texts = ["" if cell.continued else cell.text for cell in row.cells]
        header = header_roles(texts)
        if "text" not in header.values():
            continue
        width = max(len(r.cells) for r in rows)
        labels = tick_columns(texts, header)
        for column in labels:
            header.pop(column, None)
        roles = _resolve_roles(header, rows[index + 1 :], width, list(labels))
        roles.update(dict.fromkeys(labels, "tick"))
        rated = tuple(i for i, r in header.items() if r == "status" and roles.get(i) == "rag")
        columns = TableColumns(index, roles, row_key(row), rated, labels)
        return columns if columns.carries_status else None
    return None


MAX_TICK_HEADER_WORDS = 4
MIN_TICK_COLUMNS = 2


def tick_columns(texts: Sequence[str], header: dict[int, str]) -> dict[int, str]:
    """Columns headed by a status each ("Achieved | On target | Not achieved"), where a
    row ticks the one that applies; {} unless at least two such columns stand."""
    found = {}
    for index, text in enumerate(texts):
        label = " ".join(text.split())
        if header.get(index) == "text" or not label:
            continue
        if len(label.split()) <= MAX_TICK_HEADER_WORDS and status_of_phrase(label) is not None:
            found[index] = label
    return found if len(found) >= MIN_TICK_COLUMNS else {}


def continuing_columns(previous: TableColumns, rows: Sequence[Row]) -> TableColumns | None:
    """``previous``'s roles for a header-less table that goes on where it stopped."""
    width = max((len(r.cells) for r in rows), default=0)
    if not rows or width != len(previous.header_key):
        return None
    return replace(previous, header_index=-1)


def row_key(row: Row) -> tuple[str, ...]:
    return tuple(normalise_for_match(text) for text in row.texts)
