"""Render a ``Paper`` spec to DOCX with python-docx, the way Word saves a committee paper.

Headings use the built-in ``Heading N`` styles, lists ``List Bullet`` / ``List Number``
(``… 2`` / ``… 3`` for deeper levels), tables ``Table Grid`` with cell shading
(``w:shd w:fill``), the header rows marked to repeat on every page (``w:tblHeader``) and
vertical merges as ``w:vMerge``. A ``PageBreak`` is a real page break; a landscape paper
gets a landscape section; the running header and ``Page N`` footer live in the section
header and footer, where Word keeps page furniture.

Output is deterministic: the core-properties dates are fixed and the zip is rewritten
with fixed member dates, so the same spec always gives byte-identical files.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docx.table import Table as DocxTable
from docx.table import _Cell

from docbuilders.spec import Heading, ListItem, PageBreak, Paper, Paragraph, Table, cell

FIXED_DATE = datetime(2024, 1, 1, 9, 0, 0)
"""Creation and modification date written into every built file (no clocks in fixtures)."""
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN = Cm(2.0)
MAX_LIST_LEVEL = 2
"""python-docx's template has ``List Bullet``, ``List Bullet 2`` and ``List Bullet 3``."""

# Elements that must follow ``w:shd`` inside ``w:tcPr`` (schema order, or Word rejects the file).
_AFTER_SHD_IN_TCPR = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
# Elements that must follow ``w:tblHeader`` inside ``w:trPr``.
_AFTER_TBLHEADER_IN_TRPR = (
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)
_PAGES_IN_APP_XML = re.compile(rb"<Pages>\d+</Pages>")


def build_docx(paper: Paper, path: Path) -> Path:
    """Write ``paper`` as a DOCX at ``path`` and return ``path``; same spec, same bytes."""
    document = new_document()
    _set_properties(document, paper)
    _set_up_section(document, paper)
    for block in paper.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = block.bold or None
        elif isinstance(block, ListItem):
            document.add_paragraph(block.text, style=_list_style(block))
        elif isinstance(block, Table):
            _add_table(document, block)
        elif isinstance(block, PageBreak):
            document.add_page_break()
        else:  # pragma: no cover - guards against a new spec block type
            raise TypeError(f"no DOCX rendering for {type(block).__name__}")

    buffer = io.BytesIO()
    document.save(buffer)
    explicit_pages = 1 + sum(isinstance(block, PageBreak) for block in paper.blocks)
    path.write_bytes(_deterministic_zip(buffer.getvalue(), explicit_pages))
    return path


def _set_properties(document: DocxDocument, paper: Paper) -> None:
    props = document.core_properties
    props.title = paper.title
    props.author = paper.author
    props.last_modified_by = paper.author
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1


def _set_up_section(document: DocxDocument, paper: Paper) -> None:
    section = document.sections[0]
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_HEIGHT, A4_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    if paper.running_header:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = paper.running_header
    if paper.page_numbers:
        section.footer.is_linked_to_previous = False
        footer_paragraph = section.footer.paragraphs[0]
        footer_paragraph.add_run("Page ")
        footer_paragraph._p.append(_page_number_field())


def _page_number_field() -> OxmlElement:
    """A ``PAGE`` field, as Word's "Insert page number" writes it (cached result ``1``)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _list_style(item: ListItem) -> str:
    base = "List Number" if item.numbered else "List Bullet"
    level = min(max(item.level, 0), MAX_LIST_LEVEL)
    return base if level == 0 else f"{base} {level + 1}"


def _add_table(document: DocxDocument, table: Table) -> None:
    rows = [[cell(value) for value in row] for row in table.rows]
    n_cols = max(len(row) for row in rows)
    docx_table = document.add_table(rows=len(rows), cols=n_cols)
    docx_table.style = "Table Grid"
    _set_column_widths(document, docx_table, table.col_widths, n_cols)

    covered = {
        (row, column)
        for column, first, last in table.merge_down
        for row in range(first + 1, last + 1)
    }
    # Merge before filling: python-docx moves the text of merged cells into the first one.
    for column, first, last in table.merge_down:
        docx_table.cell(first, column).merge(docx_table.cell(last, column))

    for r, (row, tr) in enumerate(zip(rows, docx_table._tbl.tr_lst, strict=True)):
        if table.repeat_header and r < table.header_rows:
            _mark_header_row(tr)
        # One w:tc per grid column (the builder makes no horizontal spans); reaching them
        # directly avoids python-docx's table.cell(), which rebuilds the whole grid per call.
        for c, tc in enumerate(tr.tc_lst):
            if (r, c) in covered:
                continue
            spec_cell = row[c] if c < len(row) else cell("")
            target = _Cell(tc, docx_table)
            _write_cell_text(target, spec_cell.text, bold=spec_cell.bold or r < table.header_rows)
            if spec_cell.fill:
                _shade(target, spec_cell.fill)


def _set_column_widths(
    document: DocxDocument, docx_table: DocxTable, relative: list[float] | None, n_cols: int
) -> None:
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    weights = relative or [1.0] * n_cols
    widths = [Emu(int(usable * w / sum(weights))) for w in weights]
    docx_table.autofit = False
    for column, width in zip(docx_table.columns, widths, strict=False):
        column.width = width
    for tr in docx_table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=False):
            tc.width = width


def _write_cell_text(target: _Cell, text: str, bold: bool) -> None:
    """One Word paragraph per line of ``text``, as a typed cell with Enter presses has."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        paragraph = target.paragraphs[0] if i == 0 else target.add_paragraph()
        if line:
            paragraph.add_run(line).bold = bold or None


def _shade(target: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    target._tc.get_or_add_tcPr().insert_element_before(shd, *_AFTER_SHD_IN_TCPR)


def _mark_header_row(tr: OxmlElement) -> None:
    tr_pr = tr.get_or_add_trPr()
    tr_pr.insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_TBLHEADER_IN_TRPR)


def _deterministic_zip(data: bytes, explicit_pages: int) -> bytes:
    """``data`` re-zipped with fixed member dates and a ``<Pages>`` count that fits the paper.

    python-docx stamps every member with the current time, and its template's
    ``docProps/app.xml`` claims one page whatever the content; Word would write the real
    count, so the fixture states the pages its explicit breaks make.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                content = _PAGES_IN_APP_XML.sub(
                    f"<Pages>{explicit_pages}</Pages>".encode(), content
                )
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, content)
    return out.getvalue()
