"""Render a ``Paper`` spec as a council web page: site chrome around the paper in ``<main>``.

The chrome (skip link, masthead, ``<nav>`` menu, breadcrumb, cookie notice in an
``<aside>``, ``<footer>``) is what a reader has to throw away; the paper itself is
headings, paragraphs, nested ``ul``/``ol`` lists and tables with a ``<th>`` header row.
Cell fills alternate between the ways CMS editors leave them (inline
``background-color``, the old ``bgcolor`` attribute), vertical merges become
``rowspan``. HTML has no pages, so a ``PageBreak`` becomes nothing and the running header
sits in the masthead. Output is a pure function of the spec.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docbuilders.spec import Heading, ListItem, PageBreak, Paper, Paragraph, Table, cell

SITE_NAME = "Example District Council"
MAX_HEADING_LEVEL = 6


def build_html(paper: Paper, path: Path, encoding: str = "utf-8") -> Path:
    """Write ``paper`` as an HTML page at ``path`` (declared and encoded as ``encoding``)."""
    path.write_bytes(render_html(paper, encoding).encode(encoding, errors="xmlcharrefreplace"))
    return path


def render_html(paper: Paper, encoding: str = "utf-8") -> str:
    """The page as text; its ``<meta charset>`` names ``encoding``."""
    masthead = (
        f"<p class='running-header'>{escape(paper.running_header)}</p>"
        if paper.running_header
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en-GB'>",
        "<head>",
        f"<meta charset='{escape(encoding)}'>",
        f"<title>{escape(paper.title)}</title>",
        "<style>table{border-collapse:collapse} td,th{border:1px solid #000}</style>",
        "<script>window.dataLayer = window.dataLayer || [];</script>",
        "</head>",
        "<body>",
        "<a class='skip-link' href='#content'>Skip to main content</a>",
        "<header class='site-header'>",
        f"<div class='logo'><a href='/'>{SITE_NAME}</a></div>",
        masthead,
        "<nav aria-label='Main menu'><ul>",
        "<li><a href='/'>Home</a></li>",
        "<li><a href='/councillors'>Councillors</a></li>",
        "<li><a href='/meetings'>Meetings and agendas</a></li>",
        "</ul></nav>",
        "</header>",
        "<nav class='breadcrumb'><ol><li><a href='/'>Home</a></li>"
        "<li><a href='/meetings'>Meetings</a></li></ol></nav>",
        "<aside class='cookie-notice'><p>We use cookies to make this site work.</p></aside>",
        "<main id='content'>",
        *_body(paper),
        "</main>",
        "<footer><p>&copy; Example District Council</p>"
        "<ul><li><a href='/accessibility'>Accessibility statement</a></li></ul></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _body(paper: Paper) -> list[str]:
    out: list[str] = []
    pending_list: list[ListItem] = []
    for block in paper.blocks:
        if isinstance(block, ListItem):
            pending_list.append(block)
            continue
        if pending_list:
            out.append(_list(pending_list))
            pending_list = []
        if isinstance(block, Heading):
            level = min(max(block.level, 1), MAX_HEADING_LEVEL)
            out.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            out.append(f"<p><strong>{text}</strong></p>" if block.bold else f"<p>{text}</p>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, PageBreak):
            continue  # a web page has no pages
        else:  # pragma: no cover - guards against a new spec block type
            raise TypeError(f"no HTML rendering for {type(block).__name__}")
    if pending_list:
        out.append(_list(pending_list))
    return out


def _list(items: list[ListItem]) -> str:
    """Consecutive list items as properly nested lists (a deeper list inside its ``<li>``)."""
    out: list[str] = []
    open_lists: list[str] = []
    for item in items:
        tag = "ol" if item.numbered else "ul"
        depth = min(item.level + 1, len(open_lists) + 1)
        if depth > len(open_lists):
            out.append(f"<{tag}>")
            open_lists.append(tag)
        else:
            while len(open_lists) > depth:
                out.append(f"</li></{open_lists.pop()}>")
            out.append("</li>")
            if open_lists[-1] != tag:
                out.append(f"</{open_lists.pop()}><{tag}>")
                open_lists.append(tag)
        out.append(f"<li>{escape(item.text)}")
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "".join(out)


def _table(table: Table) -> str:
    rows = [[cell(value) for value in row] for row in table.rows]
    n_cols = max(len(row) for row in rows)
    row_spans = {(first, column): last - first + 1 for column, first, last in table.merge_down}
    covered = {
        (row, column)
        for column, first, last in table.merge_down
        for row in range(first + 1, last + 1)
    }
    head_rows = min(table.header_rows, len(rows))
    out = ["<table>"]
    for r, row in enumerate(rows):
        if r == 0 and head_rows:
            out.append("<thead>")
        if r == head_rows:
            out.append("<tbody>")
        tag = "th" if r < head_rows else "td"
        cells_html = []
        for c in range(n_cols):
            if (r, c) in covered:
                continue
            spec_cell = row[c] if c < len(row) else cell("")
            attributes = ""
            if span := row_spans.get((r, c)):
                attributes += f" rowspan='{span}'"
            if spec_cell.fill:
                # Alternate the two ways pages carry a fill, so readers meet both.
                if (r + c) % 2:
                    attributes += f" bgcolor='{spec_cell.fill}'"
                else:
                    attributes += f" style='background-color:{spec_cell.fill}'"
            text = "<br>".join(escape(line) for line in spec_cell.text.split("\n"))
            if spec_cell.bold:
                text = f"<strong>{text}</strong>"
            cells_html.append(f"<{tag}{attributes}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells_html) + "</tr>")
        if r == head_rows - 1:
            out.append("</thead>")
    if len(rows) > head_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)
