"""The TXT/MD reader: decoding, conversion scars, tables, Markdown and prose structure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from extractors.readers.text import (
    bytes_to_text,
    cell_text,
    html_fragment_to_parts,
    join_lines,
    normalise_text,
    read,
)
from pipeline.errors import ParseError, ReadError
from pipeline.model import Block, Document

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "samples"

HTML_FRAGMENT = (
    '<p><u>Social Care Practice</u></p> <ul style="list-style-type: none"> '
    "• New framework disseminated to staff. • Audit results fed back &amp; used. "
    "<p><u>Capability and Capacity</u></p> <ul> • Recruitment has started"
)


def read_text(tmp_path: Path, content: str | bytes, name: str = "paper.txt") -> Document:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return read(path, name, "doc-1")


def kinds_and_texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks if not b.is_table]


def only_table(doc: Document) -> Block:
    tables = [b for b in doc.blocks if b.is_table]
    assert len(tables) == 1, [b.kind for b in doc.blocks]
    return tables[0]


# --- decoding and normalisation ------------------------------------------------------


def test_cp1252_bytes_decode_pound_curly_quotes_and_en_dash(tmp_path: Path) -> None:
    raw = "The budget is £1.2m – the Board’s “preferred” option.\r\n".encode("cp1252")
    doc = read_text(tmp_path, raw)
    assert kinds_and_texts(doc) == [
        ("paragraph", "The budget is £1.2m – the Board’s “preferred” option.")
    ]
    assert doc.properties["encoding"] == "cp1252"


def test_cp1252_with_accented_words_is_not_taken_for_central_european(tmp_path: Path) -> None:
    raw = "The café naïve résumé cost £5 – “agreed”.\n".encode("cp1252")
    assert bytes_to_text(raw).text == "The café naïve résumé cost £5 – “agreed”.\n"


def test_short_cp1252_with_only_symbols_is_not_taken_for_shift_jis() -> None:
    # The detector alone reads these bytes as Cyrillic cp1125 and a bare "£" as EBCDIC.
    assert bytes_to_text("£5 – ok".encode("cp1252")).text == "£5 – ok"
    assert bytes_to_text("£".encode("cp1252")).text == "£"


def test_non_western_single_byte_text_keeps_detector_guess() -> None:
    raw = "Привет, это тестовый документ для совета и комитета.\n".encode("cp1251")
    decoded = bytes_to_text(raw)
    assert decoded.guessed
    assert decoded.text.startswith("Привет")


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "The cost was £5 – approved.\n".encode("utf-16"))
    assert kinds_and_texts(doc) == [("paragraph", "The cost was £5 – approved.")]


def test_utf16_without_bom_is_not_read_as_utf8() -> None:
    raw = "Board papers for the panel – cost £5\n".encode("utf-16-le")
    assert bytes_to_text(raw).text == "Board papers for the panel – cost £5\n"


def test_ascii_utf16_without_bom_is_not_taken_for_utf8_with_nuls() -> None:
    raw = "Board papers for the panel\n".encode("utf-16-le")
    assert bytes_to_text(raw).text == "Board papers for the panel\n"


def test_utf8_bom_does_not_hide_markdown_heading(tmp_path: Path) -> None:
    doc = read_text(tmp_path, b"\xef\xbb\xbf# Agenda\n\nText of the paper.\n", "paper.md")
    assert doc.blocks[0].kind == "heading"
    assert doc.blocks[0].text == "Agenda"


def test_normalise_text_newlines_nbsp_and_control_characters() -> None:
    assert normalise_text("a\r\nb\rc\u00a0d\x07e\u200bf \n\tx\t") == "a\nb\nc def\n\tx\t"


def test_lines_of_a_single_nbsp_separate_paragraphs(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "The Panel met.\n\u00a0\nThe Panel agreed.\n")
    assert kinds_and_texts(doc) == [
        ("paragraph", "The Panel met."),
        ("paragraph", "The Panel agreed."),
    ]


def test_empty_file_raises_no_text(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_text(tmp_path, b"")
    assert caught.value.error_type == "no_text"
    assert caught.value.stage == "parse"


def test_whitespace_only_file_raises_no_text(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_text(tmp_path, " \n\u00a0\n\t\n\r\n")
    assert caught.value.error_type == "no_text"


def test_binary_file_with_text_suffix_raises_corrupt(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_text(tmp_path, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00binary\x00\x01")
    assert caught.value.error_type == "corrupt"


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "gone.txt", "gone.txt", "doc-1")
    assert caught.value.error_type == "not_found"


@pytest.mark.parametrize(
    ("name", "file_type"), [("a.txt", "txt"), ("a.md", "md"), ("a.MARKDOWN", "md"), ("a", "txt")]
)
def test_document_shape_for_text_files(tmp_path: Path, name: str, file_type: str) -> None:
    doc = read_text(tmp_path, "Background\n\nSome text.\n", name)
    assert doc.file_type == file_type
    assert doc.source_path == name
    assert doc.doc_id == "doc-1"
    assert [p.number for p in doc.pages] == [1]
    assert doc.n_pages is None
    assert all(b.page is None and b.bbox is None for b in doc.blocks)


# --- tab-separated tables --------------------------------------------------------------


def test_wrapped_cell_lines_kept_as_physical_rows(tmp_path: Path) -> None:
    text = (
        "Goal\tMilestone\tComments\n"
        "Children are\t1. Evidence that safety\tPartially achieved.\n"
        "safer\tis improving.\t\n"
        "\t\tAudit results were\n"
        "\t\tpositive.\n"
        "\t5\tA stray number stays in its cell.\n"
    )
    table = only_table(read_text(tmp_path, text))
    assert [row.texts for row in table.rows] == [
        ["Goal", "Milestone", "Comments"],
        ["Children are", "1. Evidence that safety", "Partially achieved."],
        ["safer", "is improving.", ""],
        ["", "", "Audit results were"],
        ["", "", "positive."],
        ["", "5", "A stray number stays in its cell."],
    ]
    assert not any(row.is_header for row in table.rows)  # no repeat, so no guessing


def test_table_split_across_page_break_with_repeated_header(tmp_path: Path) -> None:
    text = (
        "Conclusions\n\n"
        "Goal\tMilestone\tComments\n"
        "Safer\t1. Audits done\tAchieved.\n"
        "\t\tThe Task Group was happy that 'some\n"
        "\n"
        "Goal\tMilestone\tComments\n"
        "\t\tevidence' was shown.\n"
        "\t2. Reports produced\tPartially achieved.\n"
        "\n"
        "Task Group Chairman: Cllr A Smith\n"
    )
    doc = read_text(tmp_path, text)
    table = only_table(doc)
    assert [row.is_header for row in table.rows] == [True, False, False, True, False, False]
    assert table.rows[4].texts == ["", "", "evidence' was shown."]
    assert doc.blocks[-1].kind == "paragraph"
    assert doc.blocks[-1].text == "Task Group Chairman: Cllr A Smith"


def test_line_without_tabs_wedged_between_rows_is_a_one_cell_row(tmp_path: Path) -> None:
    text = "Goal\tComment\nSafer\tThe last cell wrapped\nonto a line of its own\nBetter\tFine\n"
    table = only_table(read_text(tmp_path, text))
    assert [row.texts for row in table.rows] == [
        ["Goal", "Comment"],
        ["Safer", "The last cell wrapped"],
        ["onto a line of its own", ""],
        ["Better", "Fine"],
    ]


def test_page_number_between_table_pages_is_dropped(tmp_path: Path) -> None:
    text = "Goal\tMilestone\nA\tOne\n\n7\n\nGoal\tMilestone\nB\tTwo\n"
    table = only_table(read_text(tmp_path, text))
    assert [row.texts for row in table.rows] == [
        ["Goal", "Milestone"],
        ["A", "One"],
        ["Goal", "Milestone"],
        ["B", "Two"],
    ]


def test_wide_table_resumes_after_blank_line_without_header(tmp_path: Path) -> None:
    table = only_table(read_text(tmp_path, "A\tB\tC\n1\t2\t3\n\n4\t5\t6\n"))
    assert len(table.rows) == 3


def test_narrow_table_resumes_after_blank_line_only_with_continuation_row(
    tmp_path: Path,
) -> None:
    continued = read_text(tmp_path, "Key\tValue\nA\tOne\n\n\tmore of one\n")
    assert [b.kind for b in continued.blocks] == ["table"]
    separate = read_text(tmp_path, "Key\tValue\nA\tOne\n\nB\tTwo\n")
    assert [b.kind for b in separate.blocks] == ["table", "table"]


def test_prose_between_tab_runs_ends_the_table(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "A\tB\n1\t2\n\nThe second table follows.\n\nC\tD\n3\t4\n")
    assert [b.kind for b in doc.blocks] == ["table", "paragraph", "table"]


def test_trailing_empty_cells_stripped_and_rows_padded(tmp_path: Path) -> None:
    table = only_table(read_text(tmp_path, "A\tB\t\t\nC\t\t\t\t\nD\tE\tF\n\t\t\n"))
    assert [row.texts for row in table.rows] == [["A", "B", ""], ["C", "", ""], ["D", "E", "F"]]


def test_html_fragment_in_cell_keeps_heading_and_items_on_separate_lines(
    tmp_path: Path,
) -> None:
    text = f"Period\tStatus\n<i>Previous month</i>\tAMBER\n{HTML_FRAGMENT}\t\n"
    table = only_table(read_text(tmp_path, text))
    assert table.rows[1].texts == ["Previous month", "AMBER"]
    assert table.rows[2].cells[0].text.split("\n") == [
        "Social Care Practice",
        "New framework disseminated to staff.",
        "Audit results fed back & used.",
        "Capability and Capacity",
        "Recruitment has started",
    ]


def test_bullet_run_in_cell_becomes_one_item_per_line() -> None:
    assert cell_text("Done: • audit • training ") == "Done:\naudit\ntraining"


# --- stray HTML in prose -------------------------------------------------------------


def test_html_fragment_line_becomes_heading_and_list_items(tmp_path: Path) -> None:
    doc = read_text(tmp_path, HTML_FRAGMENT + "\n")
    assert kinds_and_texts(doc) == [
        ("heading", "Social Care Practice"),
        ("list_item", "New framework disseminated to staff."),
        ("list_item", "Audit results fed back & used."),
        ("heading", "Capability and Capacity"),
        ("list_item", "Recruitment has started"),
    ]
    assert doc.blocks[0].underline
    # The converter never closed its <ul>s; the second list is not nested in the first.
    assert {b.level for b in doc.blocks if b.kind == "list_item"} == {0}


def test_nested_html_list_items_get_levels() -> None:
    parts = html_fragment_to_parts("<ul><li>Outer<ul><li>Inner</li></ul></li><li>Next</li></ul>")
    assert [(p.kind, p.level, p.text) for p in parts] == [
        ("list_item", 0, "Outer"),
        ("list_item", 1, "Inner"),
        ("list_item", 0, "Next"),
    ]


def test_html_bold_paragraph_is_heading_and_li_are_items() -> None:
    parts = html_fragment_to_parts(
        "<p><b>Key risks</b></p><p>Two risks remain.</p><ul><li>Staffing</li><li>Budget</li></ul>"
    )
    assert [(p.kind, p.text) for p in parts] == [
        ("heading", "Key risks"),
        ("paragraph", "Two risks remain."),
        ("list_item", "Staffing"),
        ("list_item", "Budget"),
    ]
    assert parts[0].bold


def test_html_paragraph_inside_list_item_stays_an_item() -> None:
    parts = html_fragment_to_parts(
        "<ul><li><p>Inside</p></li><li>Open<li>Unclosed</ul><p>After</p>"
    )
    assert [(p.kind, p.text) for p in parts] == [
        ("list_item", "Inside"),
        ("list_item", "Open"),
        ("list_item", "Unclosed"),
        ("paragraph", "After"),
    ]


def test_html_image_description_is_a_paragraph(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "<p>A progress bar: 15% complete.</p>\n")
    assert kinds_and_texts(doc) == [("paragraph", "A progress bar: 15% complete.")]


def test_inline_html_tags_dropped_text_kept(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "The <i>previous month</i> was <b>amber</b> &amp; stable.\n")
    assert kinds_and_texts(doc) == [("paragraph", "The previous month was amber & stable.")]


def test_bullet_run_on_plain_line_split_into_items(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Actions agreed: • Recruit staff • Review audits • Report back\n")
    assert kinds_and_texts(doc) == [
        ("paragraph", "Actions agreed:"),
        ("list_item", "Recruit staff"),
        ("list_item", "Review audits"),
        ("list_item", "Report back"),
    ]


# --- Markdown --------------------------------------------------------------------------


def test_markdown_heading_levels(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "# Title\n\n## Section\n### Sub section ###\n", "paper.md")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Title"),
        ("heading", 2, "Section"),
        ("heading", 3, "Sub section"),
    ]


def test_setext_underlined_heading(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Summary\n=======\n\nText follows.\n", "paper.md")
    assert (doc.blocks[0].kind, doc.blocks[0].level, doc.blocks[0].text) == (
        "heading",
        1,
        "Summary",
    )


def test_markdown_bullets_with_nesting_levels(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "- one\n  - nested\n- two\n* star\n+ plus\n• glyph\n")
    assert [(b.kind, b.level, b.style, b.text) for b in doc.blocks] == [
        ("list_item", 0, "bullet", "one"),
        ("list_item", 1, "bullet", "nested"),
        ("list_item", 0, "bullet", "two"),
        ("list_item", 0, "bullet", "star"),
        ("list_item", 0, "bullet", "plus"),
        ("list_item", 0, "bullet", "glyph"),
    ]


def test_numbered_item_forms_keep_their_labels(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "1. first\n2) second\n(a) third\nb) fourth\niv. fifth\n")
    assert [(b.kind, b.style, b.text) for b in doc.blocks] == [
        ("list_item", "numbered", "1. first"),
        ("list_item", "numbered", "2) second"),
        ("list_item", "numbered", "(a) third"),
        ("list_item", "numbered", "b) fourth"),
        ("list_item", "numbered", "iv. fifth"),
    ]


def test_dash_before_number_is_one_numbered_item(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "- 1. The Task Group is concerned.\n- 2. The Task Group noted.\n")
    assert [(b.kind, b.style, b.text) for b in doc.blocks] == [
        ("list_item", "numbered", "1. The Task Group is concerned."),
        ("list_item", "numbered", "2. The Task Group noted."),
    ]


def test_markdown_pipe_table(tmp_path: Path) -> None:
    text = "| Goal | Status |\n|---|:---:|\n| Safer | **Amber** |\n| A \\| B | Green |\n"
    table = only_table(read_text(tmp_path, text, "paper.md"))
    assert table.style == "pipe"
    assert [row.texts for row in table.rows] == [
        ["Goal", "Status"],
        ["Safer", "Amber"],
        ["A | B", "Green"],
    ]
    assert [row.is_header for row in table.rows] == [True, False, False]


def test_bold_markers_removed_and_whole_bold_line_flagged(tmp_path: Path) -> None:
    text = (
        "**Background**\n\n"
        "This is **very** important.\n\n"
        "**The whole of this paragraph is bold, and far too long to be a heading.**\n"
    )
    doc = read_text(tmp_path, text)
    assert [(b.kind, b.text, b.bold) for b in doc.blocks] == [
        ("heading", "Background", True),
        ("paragraph", "This is very important.", False),
        (
            "paragraph",
            "The whole of this paragraph is bold, and far too long to be a heading.",
            True,
        ),
    ]


def test_stray_closing_bold_markers_removed(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "- 1.1 Executive Summary**\n- 1.2 Evidence**\n")
    assert [b.text for b in doc.blocks] == ["1.1 Executive Summary", "1.2 Evidence"]


def test_italic_markers_spanning_lines_removed(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "*Working for\nWarwickshire*\n")
    assert kinds_and_texts(doc) == [("paragraph", "Working for Warwickshire")]


def test_markdown_links_become_their_text(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path, "See the [Improvement Plan](https://example.org/p.pdf) and ![the chart](c.png).\n"
    )
    assert kinds_and_texts(doc) == [("paragraph", "See the Improvement Plan and the chart.")]


# --- paragraphs --------------------------------------------------------------------------


def test_hyphenated_line_end_repaired(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "The review was inde-\npendent of the service.\n")
    assert kinds_and_texts(doc) == [("paragraph", "The review was independent of the service.")]


def test_join_lines_keeps_hyphen_before_capital() -> None:
    assert join_lines("the Anglo-", "Saxon period") == "the Anglo-Saxon period"
    assert join_lines("costs rose", "sharply") == "costs rose sharply"


def test_wrapped_lines_join_into_one_paragraph(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "The Panel discussed the main focus\nof work and the embedding of\ngood practice.\n",
    )
    assert kinds_and_texts(doc) == [
        (
            "paragraph",
            "The Panel discussed the main focus of work and the embedding of good practice.",
        )
    ]


def test_hard_wrapped_prose_joins_lines_starting_with_capitals(tmp_path: Path) -> None:
    lines = [
        "The Improvement Board received a refreshed draft plan in October and",
        "Members agreed that the plan should be aligned with the Ofsted report.",
        "Officers will report back to the Board at its next meeting in the new",
        "Year with a revised timetable for delivery of the remaining actions.",
    ]
    doc = read_text(tmp_path, "\n".join(lines) + "\n")
    assert len(doc.blocks) == 1
    assert doc.blocks[0].text == " ".join(lines)


def test_short_lines_are_not_merged_into_one_paragraph(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Cllr A Smith (Chair)\nCllr B Jones\nCllr C Patel\n")
    assert [b.text for b in doc.blocks] == ["Cllr A Smith (Chair)", "Cllr B Jones", "Cllr C Patel"]


def test_field_lines_are_not_joined(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "TO: Children's Scrutiny Panel\nDATE: 30 October 2012\n")
    assert [b.text for b in doc.blocks] == [
        "TO: Children's Scrutiny Panel",
        "DATE: 30 October 2012",
    ]


def test_sentence_cut_by_page_break_is_rejoined(tmp_path: Path) -> None:
    text = "4. A group will ensure actions are resourced and\n\ndelivered on time.\n\n5. Next.\n"
    doc = read_text(tmp_path, text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "4. A group will ensure actions are resourced and delivered on time."),
        ("list_item", "5. Next."),
    ]


# --- headings --------------------------------------------------------------------------


def test_standalone_short_lines_are_headings(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path, "Background\n\nThe Panel met.\n\nCurrent Position\n\nIt is improving.\n"
    )
    assert kinds_and_texts(doc) == [
        ("heading", "Background"),
        ("paragraph", "The Panel met."),
        ("heading", "Current Position"),
        ("paragraph", "It is improving."),
    ]


def test_numbered_section_headings_get_levels_from_their_number(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "1.0 Introduction\n\n2.1 Scoping meeting (1)\n\n2.1.3 Detail\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "1.0 Introduction"),
        ("heading", 2, "2.1 Scoping meeting (1)"),
        ("heading", 3, "2.1.3 Detail"),
    ]


def test_numbered_section_heading_directly_above_its_text(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "2.2 Safeguarding meeting\nThis meeting considered four areas.\n")
    assert kinds_and_texts(doc) == [
        ("heading", "2.2 Safeguarding meeting"),
        ("paragraph", "This meeting considered four areas."),
    ]


def test_all_caps_line_is_level_one_heading(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "BRIEFING NOTE\n\nAgenda item 6 follows.\n")
    assert (doc.blocks[0].kind, doc.blocks[0].level, doc.blocks[0].text) == (
        "heading",
        1,
        "BRIEFING NOTE",
    )


def test_minutes_and_resolved_labels_are_headings_and_items_stay_items(tmp_path: Path) -> None:
    text = (
        "Minutes:\n\nThe Panel discussed the plan.\n\n\u00a0\n\nResolved:\n\n\u00a0\n\n"
        "1)\u00a0 to receive the updated Improvement Plan; and\n\n\u00a0\n\n"
        "2)\u00a0 to regularly review progress.\n"
    )
    doc = read_text(tmp_path, text)
    assert kinds_and_texts(doc) == [
        ("heading", "Minutes:"),
        ("paragraph", "The Panel discussed the plan."),
        ("heading", "Resolved:"),
        ("list_item", "1) to receive the updated Improvement Plan; and"),
        ("list_item", "2) to regularly review progress."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "The Panel noted the report.",
        "(10 minutes presentation – 20 minutes questions)",
        "Report author: Jane Doe",
        "2.5 million people were affected",
        "5 April – scoping meeting",
        "This line has far too many words to be taken for any kind of heading",
    ],
)
def test_standalone_lines_that_are_not_headings(tmp_path: Path, line: str) -> None:
    doc = read_text(tmp_path, f"Intro text here.\n\n{line}\n\nMore text.\n")
    assert doc.blocks[1].kind == "paragraph"
    assert doc.blocks[1].text == line


def test_topic_with_lowercase_subtitle_is_heading(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Workforce: relationships, clear thinking, capacity\n\n- Question?\n")
    assert doc.blocks[0].kind == "heading"


# --- the real samples (present only beside the dev repo) --------------------------------


@pytest.fixture
def sample() -> Callable[[str], Document]:
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"sample papers not found at {SAMPLES_DIR} (only present beside the dev repo)")

    def read_sample(name: str) -> Document:
        return read(SAMPLES_DIR / name, name, "sample")

    return read_sample


def all_texts(doc: Document) -> list[str]:
    texts = [b.text for b in doc.blocks if not b.is_table]
    texts += [c.text for b in doc.blocks for row in b.rows for c in row.cells]
    return texts


def test_sample_milestones_table_keeps_repeated_header_rows(
    sample: Callable[[str], Document],
) -> None:
    doc = sample("scrutiny_task_group_milestones.txt")
    table = only_table(doc)
    header = ["Goal", "Milestone", "Comments and conclusions"]
    assert table.rows[0].texts == header
    header_rows = [row for row in table.rows if row.is_header]
    assert len(header_rows) >= 3
    assert all(row.texts == header for row in header_rows)
    assert all(len(row.cells) == 3 for row in table.rows)
    # Wrapped cell text stays on its own physical row with an empty first column.
    assert sum(1 for row in table.rows if row.texts[0] == "" and row.texts[1] == "") >= 10


def test_sample_highlight_fragment_becomes_separate_lines(
    sample: Callable[[str], Document],
) -> None:
    doc = sample("highlight_report_rag.txt")
    table = doc.blocks[0]
    assert table.is_table
    fragment_cells = [
        c.text
        for row in table.rows
        for c in row.cells
        if c.text.startswith("Social Care Practice\n")
    ]
    assert len(fragment_cells) == 1
    lines = fragment_cells[0].split("\n")
    assert "Capability and Capacity" in lines
    assert len(lines) >= 10
    assert not any("•" in line or "<" in line for line in lines)
    previous = next(row for row in table.rows if row.texts[0] == "Previous month")
    assert previous.texts[1:5] == ["AMBER"] * 4


def test_sample_highlight_section_headings_outside_table(
    sample: Callable[[str], Document],
) -> None:
    doc = sample("highlight_report_rag.txt")
    blocks = doc.blocks
    index = next(i for i, b in enumerate(blocks) if b.text == "Social Care Practice")
    assert blocks[index].kind == "heading"
    assert blocks[index + 1].kind == "list_item"


def test_sample_minutes_resolved_followed_by_two_items(sample: Callable[[str], Document]) -> None:
    blocks = sample("scrutiny_panel_minutes.txt").blocks
    index = next(i for i, b in enumerate(blocks) if b.text == "Resolved:")
    assert blocks[index].kind == "heading"
    assert [b.kind for b in blocks[index + 1 : index + 3]] == ["list_item", "list_item"]
    assert blocks[index + 1].text.startswith("1) to receive")
    assert any(b.kind == "heading" and b.text == "Minutes:" for b in blocks)


def test_sample_report_sections_and_nested_evidence_list(
    sample: Callable[[str], Document],
) -> None:
    blocks = sample("task_and_finish_group_report.txt").blocks
    headings = {b.text: b.level for b in blocks if b.kind == "heading"}
    assert headings["1.0 Introduction"] == 1
    assert headings["2.1 Scoping meeting (1)"] == 2
    assert any(b.kind == "list_item" and b.level == 1 for b in blocks)


def test_sample_briefing_page_break_sentence_rejoined(sample: Callable[[str], Document]) -> None:
    blocks = sample("briefing_note_improvement_plan.txt").blocks
    assert any(b.kind == "list_item" and "resourced and delivered" in b.text for b in blocks)
    assert not any(b.text.startswith("delivered, oversee") for b in blocks)


@pytest.mark.parametrize(
    "name",
    [
        "briefing_note_improvement_plan.txt",
        "highlight_report_rag.txt",
        "scrutiny_panel_minutes.txt",
        "scrutiny_task_group_milestones.txt",
        "task_and_finish_group_report.txt",
    ],
)
def test_samples_leave_no_markup_behind(sample: Callable[[str], Document], name: str) -> None:
    texts = all_texts(sample(name))
    for marker in ("<p", "<u>", "</", "**", "•", "\u00a0", "\t", "&amp;"):
        assert not [t for t in texts if marker in t], marker


def test_a_bold_numbered_item_title_is_a_heading_and_a_bold_bullet_is_not(
    tmp_path: Path,
) -> None:
    content = (
        "1. **Apologies for absence**\n\n   Apologies were received from Cllr White.\n\n"
        "2. **Finance**\n\n   RESOLVED that the payments be approved.\n\n"
        "3. Plain numbered line\n\n"
        "4. **A whole sentence in bold.**\n\n"
        "- **A bold bullet**\n"
    )
    doc = read_text(tmp_path, content, name="minutes.md")
    assert kinds_and_texts(doc) == [
        ("heading", "1. Apologies for absence"),
        ("paragraph", "Apologies were received from Cllr White."),
        ("heading", "2. Finance"),
        ("paragraph", "RESOLVED that the payments be approved."),
        ("list_item", "3. Plain numbered line"),
        ("list_item", "4. A whole sentence in bold."),
        ("list_item", "A bold bullet"),
    ]


def test_a_bold_numbered_resolution_stays_a_list_item(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path, "RESOLVED:\n\n1. **That the budget be approved**\n", name="minutes.md"
    )
    assert kinds_and_texts(doc)[-1] == ("list_item", "1. That the budget be approved")
