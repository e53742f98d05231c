"""Tables without full ruling: each style built in code with reportlab, read by ``read``."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from extractors.readers.pdf import read
from pipeline.model import Block, Document

PAGE_WIDTH = 842.0
PAGE_HEIGHT = 595.0
"""Pages are A4 landscape."""
FONT_SIZE = 9.0
PITCH = 13.0

HEADER = ["Service", "Target", "Actual", "Trend"]
BODY = [
    ["Libraries", "120", "131", "up"],
    ["Adult social care", "85", "79", "down"],
    ["Highways", "64", "66", "flat"],
    ["Waste collection", "97", "98", "up"],
    ["Schools", "40", "38", "down"],
]
COLUMNS = [72.0, 230.0, 300.0, 370.0]
"""x of each column's left edge."""


def _write_table(
    canvas: Canvas,
    top: float,
    rows: list[list[str]],
    columns: list[float] = COLUMNS,
) -> list[float]:
    """Rows of text at ``columns`` from ``top`` (points from the page top); the baselines."""
    canvas.setFont("Helvetica", FONT_SIZE)
    baselines = []
    for i, row in enumerate(rows):
        y = PAGE_HEIGHT - top - i * PITCH
        baselines.append(y)
        for x, text in zip(columns, row, strict=True):
            canvas.drawString(x, y, text)
    return baselines


def _paragraph(canvas: Canvas, top: float, lines: list[str]) -> None:
    canvas.setFont("Helvetica", FONT_SIZE)
    for i, line in enumerate(lines):
        canvas.drawString(72, PAGE_HEIGHT - top - i * PITCH, line)


PROSE = [
    "The committee received the quarterly performance report and noted that most services",
    "met their targets in the period, with the exceptions set out in the table below and the",
    "reasons the service managers gave for them, which members discussed at some length.",
]


def _build(tmp_path: Path, draw: Callable[[Canvas], None], landscape: bool = False) -> Document:
    """One page drawn by ``draw``. ``landscape``: the page is stored portrait with
    ``/Rotate 90`` and its content turned the other way, so it displays upright (how
    landscape tables are often printed to PDF)."""
    path = tmp_path / "table.pdf"
    size = (PAGE_HEIGHT, PAGE_WIDTH)
    canvas = Canvas(str(path), pagesize=size[::-1] if landscape else size, invariant=1)
    if landscape:
        canvas.setPageRotation(90)
        canvas.translate(PAGE_HEIGHT, 0)
        canvas.rotate(90)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return read(path, str(path), "doc")


def _tables(document: Document) -> list[Block]:
    return [block for block in document.blocks if block.is_table]


def _texts(table: Block) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _assert_rectangular(table: Block) -> None:
    widths = {len(row.cells) for row in table.rows}
    assert len(widths) == 1, f"rows of different lengths: {widths}"


def _assert_reads_body(table: Block) -> None:
    _assert_rectangular(table)
    texts = _texts(table)
    assert texts[-len(BODY) :] == BODY


def test_header_rule_only_table_is_read(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 80, PROSE)
        top = 160.0
        canvas.setLineWidth(0.5)
        canvas.line(70, PAGE_HEIGHT - top + FONT_SIZE + 3, 420, PAGE_HEIGHT - top + FONT_SIZE + 3)
        baselines = _write_table(canvas, top, [HEADER, *BODY])
        canvas.line(70, baselines[0] - 4, 420, baselines[0] - 4)
        canvas.line(70, baselines[-1] - 4, 420, baselines[-1] - 4)
        _paragraph(canvas, 260, PROSE)

    document = _build(tmp_path, draw)
    (table,) = _tables(document)
    _assert_reads_body(table)
    assert _texts(table)[0] == HEADER
    paragraphs = [b.text for b in document.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 2 and all(p.startswith("The committee") for p in paragraphs)


def test_borderless_table_is_read(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 80, PROSE)
        _write_table(canvas, 160, [HEADER, *BODY])

    (table,) = _tables(_build(tmp_path, draw))
    _assert_reads_body(table)
    assert _texts(table)[0] == HEADER


def test_prose_and_a_numbered_list_are_not_tables(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 80, PROSE + PROSE)
        _write_table(
            canvas,
            200,
            [
                ["1.", "Apologies for absence"],
                ["2.", "Declarations of interest"],
                ["3.", "Minutes of the last meeting"],
                ["4.", "Quarterly performance report"],
            ],
            columns=[72.0, 100.0],
        )

    assert _tables(_build(tmp_path, draw)) == []


def test_table_nested_in_a_frame_keeps_its_columns(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setLineWidth(1)
        canvas.rect(60, PAGE_HEIGHT - 260, 380, 120)  # the frame around the table
        _write_table(canvas, 160, [HEADER, *BODY])

    (table,) = _tables(_build(tmp_path, draw))
    _assert_reads_body(table)
    assert len(table.rows[0].cells) == len(HEADER)


def test_tables_side_by_side_are_read_apart(tmp_path: Path) -> None:
    left = [["Ward", "Cases", "Rate"], ["North", "12", "3.1"], ["South", "9", "2.4"]]
    left += [["East", "15", "4.0"], ["West", "7", "1.9"]]
    right = [["Month", "Calls", "Answered"], ["April", "820", "790"], ["May", "901", "850"]]
    right += [["June", "760", "741"], ["July", "688", "650"]]

    def draw(canvas: Canvas) -> None:
        _write_table(canvas, 160, left, columns=[60.0, 120.0, 170.0])
        _write_table(canvas, 160, right, columns=[330.0, 390.0, 440.0])

    tables = _tables(_build(tmp_path, draw))
    assert [_texts(t) for t in tables] == [left, right]


def test_table_on_a_rotated_page_is_read_upright(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        _write_table(canvas, 160, [HEADER, *BODY])

    (table,) = _tables(_build(tmp_path, draw, landscape=True))
    _assert_reads_body(table)


def test_bar_chart_is_not_a_table(tmp_path: Path) -> None:
    labels = ["Libraries", "Highways", "Waste", "Schools", "Parks"]
    values = [120, 64, 97, 40, 75]

    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", FONT_SIZE)
        base = PAGE_HEIGHT - 400
        for i, tick in enumerate(("0", "50", "100", "150")):  # the value axis
            canvas.drawString(60, base + i * 50 - 3, tick)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            x = 100 + i * 60
            canvas.setFillColorRGB(0.2, 0.4, 0.8)
            canvas.rect(x, base, 30, value, fill=1, stroke=0)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.drawString(x, base - 12, label)
            canvas.drawString(x + 5, base + value + 3, str(value))

    assert _tables(_build(tmp_path, draw)) == []


def test_white_boxes_behind_lines_of_text_are_not_a_table(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        for i in range(len(PROSE)):  # a highlight box behind each line, white on white
            y = PAGE_HEIGHT - 80 - i * PITCH - 3
            canvas.setFillColorRGB(1, 1, 1)
            canvas.rect(70, y, 420, PITCH, fill=1, stroke=0)
        canvas.setFillColorRGB(0, 0, 0)
        _paragraph(canvas, 80, PROSE)

    document = _build(tmp_path, draw)
    assert _tables(document) == []
    assert [b.text for b in document.blocks] == [" ".join(PROSE)]


def test_shaded_rows_are_read_with_their_fill(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        for i in range(1, len(BODY) + 1, 2):  # every other body row shaded, edge to edge
            y = PAGE_HEIGHT - 160 - i * PITCH - 3
            canvas.setFillColorRGB(0.85, 0.85, 0.85)
            canvas.rect(66, y, 360, PITCH, fill=1, stroke=0)
        canvas.setFillColorRGB(0, 0, 0)
        _write_table(canvas, 160, [HEADER, *BODY])

    (table,) = _tables(_build(tmp_path, draw))
    _assert_reads_body(table)
    fills = [row.cells[0].fill is not None for row in table.rows]
    assert fills == [False, True, False, True, False, True]


def _line_chart(
    canvas: Canvas, x: float, top: float, width: float, height: float, frame: bool = True
) -> None:
    """A line chart (in a frame): a value axis, gridlines, month labels, a plotted line."""
    canvas.setFont("Helvetica", FONT_SIZE)
    canvas.setLineWidth(0.5)
    if frame:
        canvas.rect(x, PAGE_HEIGHT - top - height, width, height)
    base = PAGE_HEIGHT - top - height + 30
    ticks = [str(v) for v in range(0, 400, 50)]
    for i, tick in enumerate(ticks):
        y = base + i * (height - 50) / (len(ticks) - 1)
        canvas.drawRightString(x + 28, y - 3, tick)
        canvas.line(x + 32, y, x + width - 10, y)  # a gridline
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    step = (width - 60) / (len(months) - 1)
    for i, month in enumerate(months):
        canvas.drawString(x + 36 + i * step, base - 14, month)
    values = [120, 180, 150, 260, 310, 280]
    points = [(x + 40 + i * step, base + v * (height - 50) / 350) for i, v in enumerate(values)]
    canvas.setStrokeColorRGB(0.8, 0.1, 0.1)
    for a, b in pairwise(points):  # the plotted line, segment by segment
        canvas.line(*a, *b)
    canvas.setStrokeColorRGB(0, 0, 0)


def test_charts_in_boxes_are_not_tables(tmp_path: Path) -> None:
    # two framed charts side by side make a ruled grid of two cells, and their value axes
    # line up into columns of numbers: neither is a table
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 80, PROSE)
        _line_chart(canvas, 72, 140, 300, 180)
        _line_chart(canvas, 372, 140, 300, 180)

    document = _build(tmp_path, draw)
    assert _tables(document) == []
    assert any("Apr" in block.text for block in document.blocks)  # the labels read as text


def test_charts_side_by_side_without_frames_are_not_tables(tmp_path: Path) -> None:
    # with no frame there is no ruled grid: the value axes and month labels line up into
    # columns of words, spread thin among the charts' gridlines and plotted lines
    def draw(canvas: Canvas) -> None:
        _paragraph(canvas, 80, PROSE)
        for x in (72.0, 300.0, 528.0):
            _line_chart(canvas, x, 140, 220, 180, frame=False)

    document = _build(tmp_path, draw)
    assert _tables(document) == []
    assert any("Apr" in block.text for block in document.blocks)


def test_bars_labelled_beside_their_ends_are_not_a_table(tmp_path: Path) -> None:
    # bars of one group drawn touching, each longer than the next: pdfplumber finds a grid
    # of them, and every label lies beside a bar, in none of its cells
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", FONT_SIZE)
        for group, values in enumerate(([55.8, 30.2, 12.0], [37.5, 15.4, 6.9])):
            top = 140 + group * 60
            canvas.drawString(72, PAGE_HEIGHT - top - 18, f"Group {group + 1}")
            for i, value in enumerate(values):
                y = PAGE_HEIGHT - top - (i + 1) * 12
                canvas.setFillColorRGB(0.5 + 0.15 * i, 0.4, 0.7)
                canvas.rect(140, y, value * 5, 12, fill=1, stroke=1)
                canvas.setFillColorRGB(0, 0, 0)
                canvas.drawString(140 + value * 5 + 3, y + 3, f"{value}")

    assert _tables(_build(tmp_path, draw)) == []


def test_sparse_kpi_card_with_a_rag_dot_is_a_table(tmp_path: Path) -> None:
    # a boxed card of few words with small drawn marks (a RAG dot, an arrow) stays a table:
    # its marks are shorter than a chart's
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", FONT_SIZE)
        canvas.setLineWidth(0.5)
        xs, top, height = [72.0, 300.0, 380.0, 460.0, 560.0], 140.0, 60.0
        for x0, x1 in pairwise(xs):
            canvas.rect(x0, PAGE_HEIGHT - top - height, x1 - x0, height)
        canvas.rect(xs[0], PAGE_HEIGHT - top - 20, xs[-1] - xs[0], 20)  # the header row
        for x, text in zip(
            xs[:-1], ["Percentage of calls answered", "RAG", "Trend", "Latest"], strict=True
        ):
            canvas.drawString(x + 4, PAGE_HEIGHT - top - 14, text)
        canvas.drawString(xs[3] + 4, PAGE_HEIGHT - top - 44, "91%")
        canvas.setFillColorRGB(0.1, 0.6, 0.2)
        canvas.circle(340, PAGE_HEIGHT - top - 40, 4, fill=1, stroke=0)  # the RAG dot
        path = canvas.beginPath()  # an up arrow
        path.moveTo(414, PAGE_HEIGHT - top - 46)
        path.lineTo(426, PAGE_HEIGHT - top - 46)
        path.lineTo(420, PAGE_HEIGHT - top - 36)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    (table,) = _tables(_build(tmp_path, draw))
    assert _texts(table)[0] == ["Percentage of calls answered", "RAG", "Trend", "Latest"]
    assert table.rows[1].cells[1].mark is not None


def _boxes_in_a_row(canvas: Canvas, labels: list[str], arrows: bool) -> None:
    """Boxes of one height in a row at the same top, 20 points apart; ``arrows``: each joined
    to the next by a drawn arrow (one filled outline, its head a step wider than its shaft)."""
    canvas.setFont("Helvetica", FONT_SIZE)
    canvas.setLineWidth(0.75)
    top, height, x = 160.0, 24.0, 72.0
    bottom = PAGE_HEIGHT - top - height
    for i, label in enumerate(labels):
        width = canvas.stringWidth(label, "Helvetica", FONT_SIZE) + 16
        canvas.rect(x, bottom, width, height)
        canvas.drawString(x + 8, bottom + 8, label)
        x += width
        if arrows and i < len(labels) - 1:  # a filled outline: a thin shaft and a head
            mid = bottom + height / 2
            arrow = canvas.beginPath()
            arrow.moveTo(x + 1, mid + 0.4)
            for dx, dy in ((13, 0.4), (13, 3), (19, 0), (13, -3), (13, -0.4), (1, -0.4)):
                arrow.lineTo(x + dx, mid + dy)
            arrow.close()
            canvas.drawPath(arrow, stroke=0, fill=1)
        x += 20


def test_boxes_joined_by_arrows_are_not_a_table(tmp_path: Path) -> None:
    # a flowchart's boxes end together, so the reader closes them into one row; the arrows
    # in the gaps between them tell a flowchart
    labels = ["Council tax", "Budget", "Directorates", "Services"]
    document = _build(tmp_path, lambda canvas: _boxes_in_a_row(canvas, labels, arrows=True))
    assert _tables(document) == []
    assert all(label in " ".join(b.text for b in document.blocks) for label in labels)


def test_two_boxes_side_by_side_are_one_table_row(tmp_path: Path) -> None:
    # a decision form's header: two boxes with nothing between them stay cells of one row
    labels = ["DECISION TO BE TAKEN BY: Cabinet", "DECISION NO: 24/00001"]
    (table,) = _tables(_build(tmp_path, lambda canvas: _boxes_in_a_row(canvas, labels, False)))
    assert [t for t in _texts(table)[0] if t] == labels


def _ruled_table(canvas: Canvas, x: float, top: float, rows: list[list[str]], pitch: float) -> None:
    """A fully ruled table of two columns (100 and 50 points wide) at ``x``, ``top``."""
    canvas.setFont("Helvetica", FONT_SIZE)
    canvas.setLineWidth(0.5)
    widths = [100.0, 50.0]
    bottom = PAGE_HEIGHT - top - pitch * len(rows)
    for i in range(len(rows) + 1):
        y = PAGE_HEIGHT - top - i * pitch
        canvas.line(x, y, x + sum(widths), y)
    for edge in (x, x + widths[0], x + sum(widths)):
        canvas.line(edge, PAGE_HEIGHT - top, edge, bottom)
    for i, row in enumerate(rows):
        y = PAGE_HEIGHT - top - (i + 1) * pitch + 4
        canvas.drawString(x + 3, y, row[0])
        canvas.drawRightString(x + sum(widths) - 3, y, row[1])


def test_tables_side_by_side_closed_only_across_their_ends_are_read_apart(tmp_path: Path) -> None:
    # two ruled tables of one height but different rows: their column rules end together,
    # so the reader closes them with one rule across both, which leaves a tall empty cell
    # in the gap between them
    left = [["Ward", "Cases"], ["North", "12"], ["South", "9"], ["East", "15"], ["West", "7"]]
    left += [["Total", "43"]]
    right = [["Month", "Calls"], ["April", "820"], ["May", "901"], ["Total", "1721"]]

    def draw(canvas: Canvas) -> None:
        _ruled_table(canvas, 72, 140, left, 15.0)
        _ruled_table(canvas, 250, 140, right, 22.5)

    tables = _tables(_build(tmp_path, draw))
    assert [_texts(t) for t in tables] == [left, right]


def test_table_beside_a_framed_box_is_read_alone(tmp_path: Path) -> None:
    # a framed box of the table's height beside it (a chart's frame) is no part of it
    rows = [["Ward", "Cases"], ["North", "12"], ["South", "9"], ["East", "15"]]

    def draw(canvas: Canvas) -> None:
        _ruled_table(canvas, 72, 140, rows, 15.0)
        canvas.rect(250, PAGE_HEIGHT - 140 - 60, 200, 60)
        canvas.drawString(260, PAGE_HEIGHT - 160, "Cases by ward, chart")

    document = _build(tmp_path, draw)
    (table,) = _tables(document)
    assert _texts(table) == rows
    assert any("chart" in block.text for block in document.blocks if not block.is_table)


def test_stacked_bars_labelled_with_their_values_are_not_tables(tmp_path: Path) -> None:
    # each bar is a column of touching boxes holding figures only: no label, no table
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", FONT_SIZE)
        for i, (name, parts) in enumerate((("2022", [22, 11, 32]), ("2023", [28, 17, 23]))):
            x, y = 100 + i * 80, PAGE_HEIGHT - 300
            canvas.drawString(x, y - 14, name)
            for value in parts:
                canvas.setFillColorRGB(0.6, 0.6, 0.6)
                canvas.rect(x, y, 30, value * 2, fill=1, stroke=1)
                canvas.setFillColorRGB(0, 0, 0)
                canvas.drawString(x + 8, y + value - 3, str(value))
                y += value * 2

    assert _tables(_build(tmp_path, draw)) == []


def test_a_one_row_colour_key_with_shaded_empty_cells_is_a_table(tmp_path: Path) -> None:
    # "Complete ■ On track ■ Off track ■": a ruled row whose empty cells are filled with
    # the colours; a fill across its cell is no flowchart's arrow
    colours = [(0.0, 0.44, 0.75), (0.0, 0.69, 0.31), (1.0, 0.0, 0.0)]

    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", FONT_SIZE)
        top, height, x = PAGE_HEIGHT - 100, 20.0, 72.0
        for label, colour in zip(["Complete", "On track", "Off track"], colours, strict=True):
            canvas.rect(x, top - height, 70, height)
            canvas.drawString(x + 3, top - height + 6, label)
            canvas.setFillColorRGB(*colour)
            canvas.rect(x + 70, top - height, 30, height, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
            x += 100

    (table,) = _tables(_build(tmp_path, draw))
    assert [t for t in _texts(table)[0] if t] == ["Complete", "On track", "Off track"]
    fills = [c.fill for c in table.rows[0].cells if not c.text.strip()]
    assert len(fills) == 3 and all(f is not None for f in fills)
