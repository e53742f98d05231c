"""Render a ``Paper`` spec to PDF with reportlab, the way a Word export looks to a reader.

Tables get ruled grid lines (as Word's "Table Grid" does), cell shading is a filled
rectangle behind the cell (one per merged cell), header rows repeat on every page a
table runs onto, and a long table breaks between rows; a row taller than the rest of
the page splits inside, but only in a table without a repeated header (see
``_table``). Lines break at spaces and after a word's own hyphen, as Word's do. Text
is set in Bitstream Vera, embedded, as Word embeds its fonts.

Output is deterministic: reportlab's ``invariant`` mode fixes the creation date and
document id, so the same spec always gives byte-identical files (fixtures and the
benchmark corpus can be compared and cached by hash).

``build_encrypted_pdf`` and ``build_image_only_pdf`` make the fault cases the PDF
reader must report (password-protected file, scan without a text layer);
``build_rotated_pdf`` stores landscape pages as portrait pages with ``/Rotate 90``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

try:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, SimpleDocTemplate
    from reportlab.platypus import PageBreak as PdfPageBreak
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus.doctemplate import LayoutError
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "docbuilders.pdf needs reportlab, a development dependency: "
        "pip install -e '.[dev]' (or pip install reportlab)"
    ) from exc

from docbuilders.spec import Heading, ListItem, PageBreak, Paper, Paragraph, Table, cell

REGULAR_FONT = "Vera"
BOLD_FONT = "Vera-Bold"
"""Bitstream Vera ships with reportlab. An embedded TrueType subset with a ToUnicode map is
what Word exports contain; the 14 standard fonts are not (and pdfminer cannot map
reportlab's WinAnsi code for "•")."""
MARGIN = 2 * cm
HEADER_OFFSET = 1.1 * cm
"""Distance of the running header's baseline from the top edge (inside the top margin)."""
FOOTER_OFFSET = 1.0 * cm
LIST_INDENT = 18.0
"""Indent per list level in points; Word's default is 0.63 cm, about the same."""
FRAME_PADDING = 6.0
"""platypus ``Frame``'s default padding."""
CELL_PARAGRAPH_GAP = 5.0
"""Space before the second and later paragraphs inside a table cell."""

_BODY = ParagraphStyle(
    "Body",
    fontName=REGULAR_FONT,
    bulletFontName=REGULAR_FONT,
    fontSize=10,
    leading=12,
    spaceAfter=6,
    embeddedHyphenation=1,
)
_BODY_BOLD = ParagraphStyle("BodyBold", parent=_BODY, fontName=BOLD_FONT)
_HEADINGS = {
    1: ParagraphStyle(
        "Heading1", fontName=BOLD_FONT, fontSize=16, leading=20, spaceBefore=8, spaceAfter=8
    ),
    2: ParagraphStyle(
        "Heading2", fontName=BOLD_FONT, fontSize=13, leading=16, spaceBefore=6, spaceAfter=6
    ),
    3: ParagraphStyle(
        "Heading3", fontName=BOLD_FONT, fontSize=11.5, leading=14, spaceBefore=4, spaceAfter=4
    ),
}
_CELL = ParagraphStyle("Cell", fontName=REGULAR_FONT, fontSize=9, leading=11, embeddedHyphenation=1)
_CELL_BOLD = ParagraphStyle("CellBold", parent=_CELL, fontName=BOLD_FONT)
_CELL_LATER = ParagraphStyle("CellLater", parent=_CELL, spaceBefore=CELL_PARAGRAPH_GAP)
_FURNITURE_FONT = (REGULAR_FONT, 8)


def build_pdf(paper: Paper, path: Path, *, table_borders: bool = True) -> Path:
    """Write ``paper`` as a PDF at ``path`` and return ``path``; same spec, same bytes.

    ``table_borders=False`` draws tables without grid lines, so only cell shading
    (a filled rectangle per shaded cell) marks out the cells.
    """
    _render(paper, path, encrypt=None, table_borders=table_borders)
    return path


def build_encrypted_pdf(
    paper: Paper, path: Path, password: str, *, owner_password: str | None = None
) -> Path:
    """Like ``build_pdf`` but encrypted (RC4 128-bit, reportlab's default).

    ``password`` is the password needed to open the file; an empty one with an
    ``owner_password`` gives the common "protected" PDF that anyone can open but not
    copy from.
    """
    encryption = StandardEncryption(password, ownerPassword=owner_password, canCopy=0)
    _render(paper, path, encrypt=encryption)
    return path


def build_rotated_pdf(paper: Paper, path: Path) -> Path:
    """``paper`` in landscape, stored the other way some PDF writers do it: each page a
    portrait MediaBox with ``/Rotate 90`` and its content turned a quarter so that
    viewers show it upright. Needs pikepdf (a development dependency)."""
    import pikepdf

    build_pdf(replace(paper, landscape=True), path)
    portrait_width, portrait_height = A4
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            # a quarter turn anticlockwise, then shifted back onto the portrait page;
            # /Rotate 90 (clockwise on display) undoes it
            page.contents_add(
                pikepdf.Stream(pdf, f"q 0 1 -1 0 {portrait_width:.4f} 0 cm\n".encode()),
                prepend=True,
            )
            page.contents_add(pikepdf.Stream(pdf, b"\nQ"))
            page.MediaBox = pikepdf.Array([0, 0, portrait_width, portrait_height])
            page.Rotate = 90
        pdf.save(path, deterministic_id=True)
    return path


def build_image_only_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages carry only a picture and shapes, no text: what a scan looks like."""
    from PIL import Image, ImageDraw  # Pillow comes with reportlab

    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        image = Image.new("L", (200, 280), color=255)
        draw = ImageDraw.Draw(image)
        for y in range(20, 260, 12):  # grey bars where the "scanned" lines of text would be
            draw.rectangle((20, y, 180, y + 5), fill=90)
        canvas.drawInlineImage(image, MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)
        canvas.setFillColor(colors.lightgrey)
        canvas.rect(MARGIN, height - MARGIN + 6, 80, 12, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in ((REGULAR_FONT, "Vera.ttf"), (BOLD_FONT, "VeraBd.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, filename))


def _render(
    paper: Paper, path: Path, encrypt: StandardEncryption | None, table_borders: bool = True
) -> None:
    _register_fonts()
    pagesize = landscape(A4) if paper.landscape else A4
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=paper.title,
        author=paper.author,
        invariant=1,
        encrypt=encrypt,
    )

    def draw_furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        page_width, page_height = pagesize
        canvas.saveState()
        canvas.setFont(*_FURNITURE_FONT)
        if paper.running_header:
            canvas.drawString(MARGIN, page_height - HEADER_OFFSET, paper.running_header)
        if paper.page_numbers:
            canvas.drawCentredString(page_width / 2, FOOTER_OFFSET, f"Page {doc.page}")
        canvas.restoreState()

    try:
        doc.build(
            # SimpleDocTemplate's frame pads its content by 6 pt on each side; a table as
            # wide as the padded frame sits in the same place whether platypus aligns it
            # left or (as it does for the parts of a split row) centres it
            _flowables(paper, doc.width - 2 * FRAME_PADDING, table_borders),
            onFirstPage=draw_furniture,
            onLaterPages=draw_furniture,
        )
    except LayoutError as exc:
        raise ValueError(
            f"paper {paper.title!r} cannot be laid out ({exc}). A table row under a "
            "repeated header must fit on one page; set repeat_header=False to let it split."
        ) from exc


def _flowables(paper: Paper, frame_width: float, table_borders: bool) -> list[Flowable]:
    story: list[Flowable] = []
    numbers: list[int] = []  # counters of the numbered list being rendered, one per level
    for block in paper.blocks:
        if not isinstance(block, ListItem):
            numbers.clear()
        if isinstance(block, Heading):
            style = _HEADINGS[min(max(block.level, 1), max(_HEADINGS))]
            story.append(PdfParagraph(escape(block.text), style))
        elif isinstance(block, Paragraph):
            story.append(PdfParagraph(escape(block.text), _BODY_BOLD if block.bold else _BODY))
        elif isinstance(block, ListItem):
            story.append(_list_item(block, numbers))
        elif isinstance(block, Table):
            story.append(_table(block, frame_width, table_borders))
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
        else:  # pragma: no cover - guards against a new spec block type
            raise TypeError(f"no PDF rendering for {type(block).__name__}")
    return story


def _list_item(item: ListItem, numbers: list[int]) -> PdfParagraph:
    del numbers[item.level + 1 :]  # a shallower item restarts the deeper lists
    while len(numbers) <= item.level:
        numbers.append(0)
    if item.numbered:
        numbers[item.level] += 1
        marker = f"{numbers[item.level]}."
    else:
        marker = "•"
    style = ParagraphStyle(
        f"List{item.level}",
        parent=_BODY,
        leftIndent=LIST_INDENT * (item.level + 1),
        bulletIndent=LIST_INDENT * item.level,
    )
    return PdfParagraph(escape(item.text), style, bulletText=marker)


def _cell_content(text: str, bold: bool) -> list[Flowable]:
    """One reportlab Paragraph per line of ``text``, so a cell keeps its paragraph breaks."""
    first_style = _CELL_BOLD if bold else _CELL
    later_style = ParagraphStyle("CellLaterBold", parent=_CELL_LATER, fontName=first_style.fontName)
    parts = [part for part in text.split("\n") if part.strip()] or [""]
    return [
        PdfParagraph(escape(part), first_style if i == 0 else later_style)
        for i, part in enumerate(parts)
    ]


def _table(table: Table, frame_width: float, borders: bool) -> PdfTable:
    rows = [[cell(value) for value in row] for row in table.rows]
    n_cols = max(len(row) for row in rows)
    covered = {
        (row, column)
        for column, first, last in table.merge_down
        for row in range(first + 1, last + 1)
    }
    data: list[list[list[Flowable]]] = []
    for r, row in enumerate(rows):
        out_row = []
        for c in range(n_cols):
            spec_cell = row[c] if c < len(row) else cell("")
            # a merged cell's text is printed once, in its first row
            text = "" if (r, c) in covered else spec_cell.text
            out_row.append(_cell_content(text, spec_cell.bold or r < table.header_rows))
        data.append(out_row)

    relative = table.col_widths or [1.0] * n_cols
    col_widths = [frame_width * w / sum(relative) for w in relative]
    style: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if borders:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    merged_to = {(first, column): last for column, first, last in table.merge_down}
    for r, row in enumerate(rows):
        for c, spec_cell in enumerate(row):
            if spec_cell.fill and (r, c) not in covered:
                # one rectangle for a whole merged cell, as Word shades it
                last = merged_to.get((r, c), r)
                style.append(("BACKGROUND", (c, r), (c, last), colors.HexColor(spec_cell.fill)))
    for column, first, last in table.merge_down:
        style.append(("SPAN", (column, first), (column, last)))
    repeat_rows = table.header_rows if table.repeat_header else 0
    return PdfTable(
        data,
        colWidths=col_widths,
        style=style,
        repeatRows=repeat_rows,
        # A row taller than what is left of the page splits, as Word allows, except under
        # a repeated header: there reportlab 5.1 repeats the header on the same page and
        # drops the rule under it on the next, which no real export does.
        splitInRow=0 if repeat_rows else 1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=8,
    )
