"""HTML reader: pages built with ``docbuilders.html`` plus small hand-written pages for the
things a CMS does that the spec cannot say (colour syntaxes, legacy charsets, no <main>)."""

from __future__ import annotations

from pathlib import Path

import pytest
from table_helpers import close_to, only_table

from docbuilders.html import build_html
from docbuilders.spec import Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table
from extractors.readers.html import decode_html, parse_colour, read
from pipeline.errors import ParseError
from pipeline.model import Document

RED = "#C00000"
GREEN = "#00B050"


def _read(path: Path) -> Document:
    return read(path, path.name, "doc-1")


def _read_markup(tmp_path: Path, markup: str | bytes, name: str = "page.html") -> Document:
    path = tmp_path / name
    if isinstance(markup, str):
        path.write_text(markup, encoding="utf-8")
    else:
        path.write_bytes(markup)
    return _read(path)


PAPER = Paper(
    title="Scrutiny Panel – Improvement Plan Update",
    running_header="Agenda item 7",
    blocks=[
        Heading("Improvement Plan Update"),
        Paragraph("Purpose of the report", bold=True),
        Paragraph("This report updates the panel on progress."),
        PageBreak(),
        Heading("Recommendations", level=2),
        ListItem("Note the progress made", numbered=True),
        ListItem("Agree the next steps", numbered=True),
        Table(
            rows=[
                ["Ref", "Milestone", "RAG"],
                ["1", "Publish the plan", Cell("Red", fill=RED)],
                ["", "Consult residents", Cell("Green", fill=GREEN)],
                ["2", "Report to Cabinet", Cell("Green", fill=GREEN)],
            ],
            merge_down=[(0, 1, 2)],
        ),
    ],
)


def test_built_page_keeps_main_content_and_drops_chrome(tmp_path: Path) -> None:
    document = _read(build_html(PAPER, tmp_path / "paper.html"))
    assert [(b.kind, b.text, b.level) for b in document.blocks if not b.is_table] == [
        ("heading", "Improvement Plan Update", 1),
        ("paragraph", "Purpose of the report", 0),
        ("paragraph", "This report updates the panel on progress.", 0),
        ("heading", "Recommendations", 2),
        ("list_item", "Note the progress made", 0),
        ("list_item", "Agree the next steps", 0),
    ]
    assert document.blocks[-1].is_table
    text = document.plain_text()
    for chrome in (
        "Skip to main content",
        "Councillors",
        "cookies",
        "Accessibility",
        "Agenda item 7",
    ):
        assert chrome not in text
    assert document.blocks[1].bold and not document.blocks[2].bold
    assert document.properties["title"] == "Scrutiny Panel – Improvement Plan Update"


def test_single_page_without_page_numbers(tmp_path: Path) -> None:
    document = _read(build_html(PAPER, tmp_path / "paper.html"))
    assert len(document.pages) == 1 and document.pages[0].number == 1
    assert document.n_pages is None
    assert all(block.page is None for block in document.blocks)
    assert document.file_type == "html"


def test_nested_lists_have_levels_and_list_type(tmp_path: Path) -> None:
    paper = Paper(
        "Lists",
        [
            ListItem("Housing"),
            ListItem("New homes", level=1),
            ListItem("Repairs", level=1, numbered=True),
            ListItem("Transport"),
            ListItem("First step", numbered=True),
        ],
    )
    document = _read(build_html(paper, tmp_path / "lists.html"))
    assert [(b.text, b.level, b.style) for b in document.blocks] == [
        ("Housing", 0, "ul"),
        ("New homes", 1, "ul"),
        ("Repairs", 1, "ol"),
        ("Transport", 0, "ul"),
        ("First step", 0, "ol"),
    ]


def test_list_item_text_around_nested_list_and_paragraphs_inside_items(tmp_path: Path) -> None:
    document = _read_markup(
        tmp_path,
        "<main><ul><li><p>Budget</p><p>summary</p><ul><li>Revenue</li></ul></li></ul></main>",
    )
    assert [(b.kind, b.text, b.level) for b in document.blocks] == [
        ("list_item", "Budget summary", 0),
        ("list_item", "Revenue", 1),
    ]


def test_table_header_rows_rowspan_and_builder_fills(tmp_path: Path) -> None:
    table = only_table(_read(build_html(PAPER, tmp_path / "paper.html")))
    assert [row.is_header for row in table.rows] == [True, False, False, False]
    assert table.rows[0].texts == ["Ref", "Milestone", "RAG"]
    # The builder writes one fill as bgcolor and the others as inline styles.
    assert close_to(table.rows[1].cells[2].fill, RED)
    assert close_to(table.rows[2].cells[2].fill, GREEN)
    assert close_to(table.rows[3].cells[2].fill, GREEN)
    first, covered = table.rows[1].cells[0], table.rows[2].cells[0]
    assert (first.text, first.row_span) == ("1", 2)
    assert (covered.text, covered.continued) == ("", True)
    assert table.rows[2].texts == ["", "Consult residents", "Green"]


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ("style='background-color: #c00000'", RED),
        ("style='background:#c00'", "#CC0000"),
        ("style='background-color: rgb(0, 176, 80)'", GREEN),
        ("style='background-color: rgb(100% 0% 0%)'", "#FF0000"),
        ("style='BACKGROUND: orange url(x.png) no-repeat'", "#FFA500"),
        ("bgcolor='green'", "#008000"),
        ("bgcolor='c00000'", RED),
        ("style='color: white; background-color: Red !important'", "#FF0000"),
    ],
)
def test_cell_fill_colour_syntaxes(tmp_path: Path, attributes: str, expected: str) -> None:
    table = only_table(
        _read_markup(
            tmp_path, f"<table><tr><th>RAG</th></tr><tr><td {attributes}>x</td></tr></table>"
        )
    )
    assert close_to(table.rows[1].cells[0].fill, expected)


@pytest.mark.parametrize(
    "value", ["", "transparent", "rgba(255, 0, 0, 0)", "not-a-colour", "url(bg.png)"]
)
def test_values_that_are_not_fills(value: str) -> None:
    assert parse_colour(value) is None


def test_row_fill_applies_to_its_cells_and_th_only_rows_are_headers(tmp_path: Path) -> None:
    table = only_table(
        _read_markup(
            tmp_path,
            "<table><tr><th>Area</th><th>Status</th></tr>"
            "<tr bgcolor='#ffff00'><th>Housing</th><td>On track</td></tr></table>",
        )
    )
    assert [row.is_header for row in table.rows] == [True, False]
    assert close_to(table.rows[1].cells[1].fill, "#FFFF00")


def test_colspan_and_cell_line_breaks(tmp_path: Path) -> None:
    table = only_table(
        _read_markup(
            tmp_path,
            "<table><tr><td colspan='2'>Goal 1:<br>Housing</td></tr>"
            "<tr><td>1</td><td><p>Build</p><p>homes</p></td></tr></table>",
        )
    )
    assert [(c.text, c.col_span, c.continued) for c in table.rows[0].cells] == [
        ("Goal 1:\nHousing", 2, False),
        ("", 1, True),
    ]
    assert table.rows[1].texts == ["1", "Build\nhomes"]


def test_windows_1252_page_declared_by_meta_charset(tmp_path: Path) -> None:
    markup = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Budget</title></head><body><p>The \u201cplan\u201d costs \u00a3250,000 \u2013 "
        "it\u2019s agreed.</p></body></html>"
    )
    document = _read_markup(tmp_path, markup.encode("cp1252"))
    assert (
        document.blocks[0].text
        == "The \u201cplan\u201d costs \u00a3250,000 \u2013 it\u2019s agreed."
    )


def test_iso_8859_1_declaration_is_read_as_windows_1252() -> None:
    data = "<meta charset='iso-8859-1'><p>\u201cquoted\u201d \u00a35</p>".encode("cp1252")
    assert "\u201cquoted\u201d \u00a35" in decode_html(data)


def test_utf8_page_wrongly_declared_as_latin1_is_read_as_utf8() -> None:
    warnings: list[str] = []
    data = "<meta charset='iso-8859-1'><p>\u00a35 \u2013 caf\u00e9</p>".encode()
    assert "\u00a35 \u2013 caf\u00e9" in decode_html(data, warnings)
    assert warnings


def test_utf8_byte_order_mark(tmp_path: Path) -> None:
    document = _read_markup(tmp_path, "\ufeff<p>Caf\u00e9 \u00a310</p>".encode("utf-8"))
    assert document.blocks[0].text == "Caf\u00e9 \u00a310"


def test_br_inside_paragraph_joins_lines_with_a_space(tmp_path: Path) -> None:
    document = _read_markup(
        tmp_path, "<main><p>Councillor A Smith<br>Chair,\n   Scrutiny<br/>Panel</p></main>"
    )
    assert [b.text for b in document.blocks] == ["Councillor A Smith Chair, Scrutiny Panel"]


def test_page_without_main_uses_the_content_div(tmp_path: Path) -> None:
    markup = (
        "<body><div id='masthead'><a href='/'>Council home</a></div>"
        "<div class='sidebar'><p>Related pages: bins, parking and council tax</p></div>"
        "<div id='content'><h1>Minutes</h1><p>The meeting opened at 7pm.</p>"
        "<div>Apologies were received.</div></div></body>"
    )
    document = _read_markup(tmp_path, markup)
    assert [(b.kind, b.text, b.style) for b in document.blocks] == [
        ("heading", "Minutes", "h1"),
        ("paragraph", "The meeting opened at 7pm.", "p"),
        ("paragraph", "Apologies were received.", "div"),
    ]


def test_header_inside_article_is_kept_but_page_header_is_not(tmp_path: Path) -> None:
    markup = (
        "<body><header><p>Site banner</p></header>"
        "<article><header><h1>Cabinet report</h1></header><p>Body.</p>"
        "<footer><p>Published 3 March 2024</p></footer></article>"
        "<footer><p>Site footer</p></footer></body>"
    )
    texts = [b.text for b in _read_markup(tmp_path, markup).blocks]
    assert texts == ["Cabinet report", "Body.", "Published 3 March 2024"]


def test_hidden_elements_and_scripts_are_dropped(tmp_path: Path) -> None:
    markup = (
        "<main><p>Visible</p><p style='display: none'>Hidden by style</p>"
        "<div hidden>Hidden by attribute</div><script>var x = 'code';</script>"
        "<style>p { color: red }</style></main>"
    )
    assert [b.text for b in _read_markup(tmp_path, markup).blocks] == ["Visible"]


@pytest.mark.parametrize(
    "markup",
    ["<p>" + "<font>word " * 3000, "<div>" * 3000 + "deep", "<table><tr><td>" * 1500 + "deep"],
    ids=["unclosed-inline", "nested-divs", "nested-tables"],
)
def test_deeply_nested_markup_does_not_hit_the_recursion_limit(tmp_path: Path, markup: str) -> None:
    document = _read_markup(tmp_path, markup)
    assert document.plain_text().split()[-1] == ("word" if "font" in markup else "deep")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\t  ",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) Council</footer></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    ],
    ids=["empty", "whitespace", "title-only", "chrome-only", "binary"],
)
def test_no_text_raises_parse_error(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(ParseError) as raised:
        _read_markup(tmp_path, content)
    assert raised.value.error_type == "no_text"
    assert raised.value.stage == "parse"


def test_a_bold_title_in_an_ordered_list_is_a_heading_a_bold_bullet_is_not(
    tmp_path: Path,
) -> None:
    doc = _read_markup(
        tmp_path,
        "<html><body><ol><li><b>Apologies</b></li></ol><p>None were received.</p>"
        '<ol start="2"><li><b>Finance</b></li></ol><p>RESOLVED that the payments be approved.</p>'
        "<ol><li><strong>A whole sentence in bold.</strong></li><li>Plain item</li></ol>"
        "<ul><li><b>A bold bullet</b></li></ul></body></html>",
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Apologies"),
        ("paragraph", "None were received."),
        ("heading", "Finance"),
        ("paragraph", "RESOLVED that the payments be approved."),
        ("list_item", "A whole sentence in bold."),
        ("list_item", "Plain item"),
        ("list_item", "A bold bullet"),
    ]
