"""Questions and findings: issue/response tables and a committee's comments lists.

Fixtures are built in code (PDF with reportlab, DOCX with python-docx, Markdown as text)
and read back by the project's own readers; the real-paper checks at the end skip when
``shared/real-papers`` is not beside the project.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuilders.docx import build_docx
from docbuilders.pdf import build_pdf
from docbuilders.spec import Heading, ListItem, Paper, Paragraph, Table
from extractors.finders.context import FindContext
from extractors.finders.questions import find_questions, qa_columns
from extractors.readers import reader_for
from pipeline.model import Block, Cell, Document, Page, Row
from pipeline.records import DocumentMeta, Extraction

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"

QUESTIONS = [
    "How many families used the mobile library service in the last year?",
    "What savings will the closure of the depot make over three years?",
    "Who was consulted about the new opening hours?",
    "Will the parish be asked before the grant conditions change?",
]
ANSWERS = [
    "412 families used the service; figures are in Annex 2.",
    "The closure saves £84,000 a year, rising with inflation.",
    "Residents, the parish councils and the library friends group.",
    "Yes, the conditions cannot change without a month's notice.",
]
COMMENTS = [
    "Members welcomed the new reporting format but asked for trend data.",
    "Concern was expressed about the number of vacant posts in the team.",
    "Clarification was sought on how the grant would be allocated.",
]


def _read(path: Path) -> Document:
    return reader_for(path.suffix[1:])(path, path.name, "doc")


def _find(doc: Document) -> Extraction:
    return find_questions(FindContext(doc=doc, meta=DocumentMeta()))


def _rows(found: Extraction, section: str) -> list[tuple[str | None, str]]:
    return [(s.heading, s.text) for s in found.statements if s.section == section]


def issue_paper(*, long_rows: bool = False) -> Paper:
    answers = ANSWERS
    if long_rows:  # answers long enough that rows break over the pages
        answers = [
            "\n".join(f"{a} Paragraph {n} of the answer goes on here." for n in range(14))
            for a in ANSWERS
        ]
    rows: list[list[str | object]] = [["Query", "Response"]]
    rows += [[q, a] for q, a in zip(QUESTIONS, answers, strict=True)]
    return Paper(
        title="Information requested by the Board",
        blocks=[
            Heading("1. Introduction"),
            Paragraph("This paper answers the information requests made at the last meeting."),
            Heading("2. Information Requests"),
            Paragraph("The requests and the answers are set out below."),
            Table(rows, col_widths=[1, 2], repeat_header=not long_rows),  # type: ignore[arg-type]
            Heading("3. Contact"),
            Paragraph("Jane Smith, Clerk to the Board"),
        ],
    )


def comments_paper(*, lettered_as_text: bool) -> Paper:
    items = (
        [Paragraph(f"{letter}. {text}") for letter, text in zip("abc", COMMENTS, strict=True)]
        if lettered_as_text
        else [ListItem(text) for text in COMMENTS]
    )
    return Paper(
        title="Report of the Overview Panel",
        blocks=[
            Heading("Background"),
            Paragraph(
                "The Panel met on 4 March to consider the service plan for the coming year, "
                "the budget that funds it and the staffing of the teams that deliver it."
            ),
            Heading("Comments from the Overview Panel"),
            Paragraph("Members made the following comments during the debate:"),
            *items,
            Paragraph("The Chair thanked officers for the report."),
            Heading("General comments"),
            ListItem("The report template will be reviewed next year."),
            Heading("Financial comments"),
            ListItem("The plan is funded from the existing budget."),
        ],
    )


# --- issue/response tables ---------------------------------------------------------


@pytest.mark.parametrize("build", [build_pdf, build_docx], ids=["pdf", "docx"])
def test_issue_response_table_gives_one_question_per_row(build, tmp_path: Path) -> None:
    doc = _read(build(issue_paper(), tmp_path / f"paper.{build.__name__.rsplit('_', 1)[1]}"))
    found = _find(doc)
    assert _rows(found, "question") == [("Information Requests", q) for q in QUESTIONS]
    assert len(found.used_tables) == 1


def test_issue_table_split_across_page_break_is_one_table(tmp_path: Path) -> None:
    doc = _read(build_pdf(issue_paper(long_rows=True), tmp_path / "long.pdf"))
    assert doc.n_pages and doc.n_pages > 2
    found = _find(doc)
    assert [t for _, t in _rows(found, "question")] == QUESTIONS
    pages = [s.page for s in found.statements]
    assert pages == sorted(pages) and pages[-1] > pages[0]
    tables = [b for b in doc.blocks if b.is_table]
    assert len(found.used_tables) == len(tables)


def _table(*rows: list[str], page: int = 1, header: bool = False) -> Block:
    return Block(
        "table",
        page=page,
        rows=[
            Row([Cell(t) for t in r], page=page, is_header=header and i == 0)
            for i, r in enumerate(rows)
        ],
    )


def test_question_cut_by_a_page_break_joins_its_tail_and_answer_tails_are_skipped() -> None:
    doc = Document(
        "q.pdf",
        "pdf",
        "doc",
        pages=[
            Page(
                1,
                blocks=[
                    Block("heading", "Issues raised at the meeting", page=1),
                    _table(
                        ["Issue raised", "Response"],
                        ["Where is the risk analysis", "It is in Annex B, which"],
                    ),
                ],
            ),
            Page(
                2,
                blocks=[
                    _table(
                        ["for the proposals?", "was published in May."],
                        ["", "The annex is also online."],
                        ["Who signed the contract?", "The Director."],
                        page=2,
                    ),
                ],
            ),
        ],
    )
    found = _find(doc)
    assert _rows(found, "question") == [
        ("Issues raised at the meeting", "Where is the risk analysis for the proposals?"),
        ("Issues raised at the meeting", "Who signed the contract?"),
    ]
    assert [s.page for s in found.statements] == [1, 2]
    assert len(found.used_tables) == 2


def test_header_words_decide_the_columns_whatever_else_the_table_holds() -> None:
    assert qa_columns(_table(["No.", "Question", "Asked by", "Answer"])) is not None
    assert qa_columns(_table(["You said", "We did"])) is not None
    cols = qa_columns(_table(["Issue", "Officer comment"]))
    assert cols is not None and (cols.asking, cols.answering) == (0, 1)
    # Not a question table: no asking column, or no answering column beside it.
    assert qa_columns(_table(["Risk", "Mitigation", "Owner"])) is None
    assert qa_columns(_table(["Issue", "Impact", "Action"])) is None
    assert qa_columns(_table(["Response rate", "Target"])) is None


def test_a_table_another_finder_took_is_left_alone() -> None:
    table = _table(["Question", "Answer"], ["Is it funded?", "Yes."])
    doc = Document("q.md", "md", "doc", pages=[Page(1, blocks=[table])])
    ctx = FindContext(doc=doc, meta=DocumentMeta(), claimed=[table])
    assert find_questions(ctx).statements == []


def test_markdown_question_table(tmp_path: Path) -> None:
    path = tmp_path / "answers.md"
    lines = [
        "# Town Council",
        "",
        "## Questions from residents",
        "",
        "| Question | Answer |",
        "| --- | --- |",
        *[f"| {q} | {a} |" for q, a in zip(QUESTIONS, ANSWERS, strict=True)],
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _find(_read(path))
    assert [t for _, t in _rows(found, "question")] == QUESTIONS


# --- comments lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "lettered"),
    [(build_pdf, True), (build_pdf, False), (build_docx, True), (build_docx, False)],
    ids=["pdf-lettered", "pdf-bullets", "docx-lettered", "docx-bullets"],
)
def test_committee_comments_are_findings_under_their_heading(
    build, lettered: bool, tmp_path: Path
) -> None:
    suffix = build.__name__.rsplit("_", 1)[1]
    doc = _read(build(comments_paper(lettered_as_text=lettered), tmp_path / f"c.{suffix}"))
    found = _find(doc)
    assert _rows(found, "finding") == [("Comments from the Overview Panel", c) for c in COMMENTS]
    if lettered:
        assert [s.ref for s in found.statements] == ["a", "b", "c"]


def test_comments_list_ends_where_the_numbering_changes_style() -> None:
    blocks = [
        Block("heading", "Scrutiny Committee consideration"),
        Block("paragraph", "11. Members raised the following concerns:"),
        Block("list_item", "a. The savings were not costed."),
        Block("list_item", "b. The equality assessment was late."),
        Block("list_item", "12. After the debate the Committee referred the decision."),
    ]
    doc = Document("c.txt", "txt", "doc", pages=[Page(1, blocks=blocks)])
    assert _rows(_find(doc), "finding") == [
        ("Scrutiny Committee consideration", "The savings were not costed."),
        ("Scrutiny Committee consideration", "The equality assessment was late."),
    ]


def test_headings_that_name_no_committees_comments_give_nothing() -> None:
    blocks = [
        Block("heading", heading)
        if i % 2 == 0
        else Block("list_item", "An item that is not a committee's finding.")
        for heading in (
            "General comments",
            "Comments of the Chief Finance Officer",
            "Key points from the Cabinet discussion",
            "Recommendations of the Panel",
        )
        for i in range(2)
    ]
    doc = Document("c.txt", "txt", "doc", pages=[Page(1, blocks=blocks)])
    assert _find(doc).statements == []


# --- real papers ------------------------------------------------------------------


def _real(name: str) -> tuple[Document, dict]:
    pdf = REAL_PAPERS / "kent" / name
    gold = REAL_PAPERS / "gold" / f"{name}.json"
    if not pdf.exists() or not gold.exists():
        pytest.skip(f"real papers not found at {REAL_PAPERS} (only present beside the dev repo)")
    return _read(pdf), json.loads(gold.read_text(encoding="utf-8"))


def _recall(found: Extraction, gold: dict, section: str) -> tuple[int, int]:
    from rapidfuzz import fuzz

    wanted = [s for s in gold["statements"] if s["section"] == section and s["required"]]
    texts = [s.text.casefold() for s in found.statements if s.section == section]
    hits = sum(any(fuzz.ratio(w["text"].casefold(), t) >= 85 for t in texts) for w in wanted)
    return hits, len(wanted)


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("Appendix 1 - Executive Response.pdf", "question"),
        (
            "Scrutiny Committee - call-in Family Hubs Report to County Council - Final.pdf",
            "finding",
        ),
    ],
)
def test_real_paper_gold_items_are_found(name: str, section: str) -> None:
    doc, gold = _real(name)
    found = _find(doc)
    hits, wanted = _recall(found, gold, section)
    assert wanted and hits == wanted
    # Nothing else: every statement is the gold's (required or optional) item.
    assert len(found.statements) <= len([s for s in gold["statements"] if s["section"] == section])
