"""Scanned papers: pages without a usable text layer are read by OCR, and say so.

The scans are made here: a generated paper is built as a PDF, each page rendered to a
picture, blurred, turned by 1°, saved as a JPEG and wrapped as an image-only PDF
(``docbuilders.scan``). Tests that need an OCR engine skip when none is installed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from rapidfuzz import fuzz

from docbuilders.spec import Heading, ListItem, Paper, Paragraph, Table
from extractors.readers import ocr
from pipeline.cli import main
from pipeline.ingest import IngestSettings, ingest
from pipeline.process import FileResult, process_file
from pipeline.settings import ReadSettings
from pipeline.workers import WorkerSettings

ENGINE = ocr.resolve_engine()
needs_ocr = pytest.mark.skipif(
    ENGINE is None,
    reason='no OCR engine installed: pip install "boardpapers[ocr]" (RapidOCR) or '
    "apt-get install tesseract-ocr",
)

RESOLUTIONS = [
    "that the progress update on the Improvement Plan be noted; and",
    "that the Improvement Board be asked to replace vague milestone wording with measurable "
    "targets and dates before the Plan is refreshed in March 2025.",
]
ACTIONS = [
    ("1", "Propose a management oversight standard and target", "Priya Raman", "Complete"),
    ("2", "Circulate the retention payment report to Panel members", "Mark Tillotson", "On track"),
    (
        "3",
        "Set up the Scrutiny Task Group and agree its terms of reference",
        "Tom Ashworth",
        "Not started",
    ),
]
STATUSES = {"Complete": "achieved", "On track": "in_progress", "Not started": "not_started"}

MINUTES = Paper(
    title="Minutes of the Children's Scrutiny Panel",
    blocks=[
        Paragraph("Eastmoor Borough Council", bold=True),
        Heading("Minutes of the Children's Scrutiny Panel", level=1),
        Paragraph("Meeting held on Monday 14 October 2024 at 6.00 pm in Committee Room 2."),
        Heading("23. Children's Services Improvement Plan", level=2),
        Paragraph(
            "The Director of Children's Services introduced the report. Members asked how the "
            "service would know when management oversight was good enough."
        ),
        Paragraph("RESOLVED that:", bold=True),
        Paragraph(f"(a) {RESOLUTIONS[0]}"),
        Paragraph(f"(b) {RESOLUTIONS[1]}"),
        Heading("24. Action log", level=2),
        Table(
            [["No.", "Action", "Lead", "Status"], *[list(a) for a in ACTIONS]],
            col_widths=[0.6, 4, 1.6, 1.4],
        ),
        Paragraph("The meeting closed at 7.48 pm."),
    ],
)

BRIEFING = Paper(
    title="Briefing note",
    blocks=[
        Heading("BRIEFING NOTE"),
        Paragraph("TO: Children's Scrutiny Panel"),
        Paragraph("DATE: 14 October 2024"),
        Heading("Recommendations", level=2),
        ListItem("Note the progress made on the improvement plan.", numbered=True),
    ],
)


def similarity(a: str | None, b: str) -> float:
    return fuzz.ratio(" ".join((a or "").split()), " ".join(b.split())) / 100


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    from docbuilders.pdf import build_pdf
    from docbuilders.scan import build_scanned_pdf, scan_pdf

    raw = tmp_path_factory.mktemp("raw")
    build_scanned_pdf(MINUTES, raw / "scanned_minutes.pdf")
    # a born-digital briefing note with the scanned minutes as its second page
    import pypdfium2

    work = tmp_path_factory.mktemp("work")
    briefing = build_pdf(BRIEFING, work / "briefing.pdf")
    pdf = pypdfium2.PdfDocument(briefing)
    scan = pypdfium2.PdfDocument(scan_pdf(briefing, work / "unused.pdf"))
    minutes_scan = pypdfium2.PdfDocument(raw / "scanned_minutes.pdf")
    pdf.import_pages(minutes_scan)
    pdf.save(raw / "briefing_with_scan.pdf")
    for document in (pdf, scan, minutes_scan):
        document.close()
    return raw


INSTALLED_ENGINES = [name for name in ocr.ENGINES if ocr.engine_available(name)]


@pytest.fixture(scope="module", params=INSTALLED_ENGINES or [None])
def scanned_minutes(request, scans) -> FileResult:
    """The scanned minutes read by each installed OCR engine in turn."""
    if request.param is None:
        pytest.skip('no OCR engine installed: pip install "boardpapers[ocr]"')
    settings = ReadSettings(ocr_engine=request.param)
    return process_file(scans / "scanned_minutes.pdf", scans, settings, keep_model=True)


# --- the steps, without an engine --------------------------------------------------------


def test_the_skew_of_a_scan_is_measured_to_a_tenth_of_a_degree(scans) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(scans / "scanned_minutes.pdf")
    picture, _ = ocr.page_to_picture(pdf[0])
    pdf.close()
    assert ocr.skew_angle(picture) == pytest.approx(-1.0, abs=0.15)
    level, angle = ocr.deskew(picture)
    assert angle == pytest.approx(-1.0, abs=0.15)
    assert ocr.skew_angle(level) == pytest.approx(0.0, abs=0.15)


def test_table_rules_are_found_in_the_picture_and_letters_are_not_rules(scans) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(scans / "scanned_minutes.pdf")
    picture, dpi = ocr.page_to_picture(pdf[0])
    pdf.close()
    level, _ = ocr.deskew(picture)
    edges = ocr.picture_to_ruling(level, dpi)
    across = sorted({round(e["top"]) for e in edges if e["orientation"] == "h"})
    down = sorted({round(e["x0"]) for e in edges if e["orientation"] == "v"})
    assert len(across) == 5  # above the header, and under the header and each of 3 rows
    assert len(down) >= 5  # the table's two sides and three column rules
    page = ocr.OcrPage(1, 595.0, 842.0, [], edges)
    tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    assert [len(t.cells) for t in tables] == [16]


def test_tesseract_hocr_becomes_words_on_their_line() -> None:
    hocr = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page'>
<span class='ocr_line' title="bbox 100 200 400 230; baseline 0 -6; x_size 28; x_descenders 6;
 x_ascenders 6"><span class='ocrx_word' title='bbox 100 205 180 224; x_wconf 96'>RESOLVED</span>
<span class='ocrx_word' title='bbox 190 200 240 230; x_wconf 91'>that</span>
<span class='ocrx_word' title='bbox 250 200 260 230; x_wconf 12'>|</span></span>
</div></body></html>"""
    words = ocr.hocr_to_words(hocr)
    assert [w.text for w in words] == ["RESOLVED", "that", "|"]
    assert {(w.top, w.bottom, w.size) for w in words} == {(202.0, 230.0, 28.0)}
    assert [w.confidence for w in words] == [0.96, 0.91, 0.12]


# --- scanned papers through the pipeline --------------------------------------------------


@needs_ocr
def test_scanned_minutes_give_their_resolutions_as_printed(scanned_minutes) -> None:
    assert scanned_minutes.errors == []
    resolutions = [s for s in scanned_minutes.tables["statements"] if s["section"] == "resolution"]
    assert len(resolutions) == len(RESOLUTIONS)
    for found, printed in zip(resolutions, RESOLUTIONS, strict=True):
        assert similarity(found["text"], printed) >= 0.9, (found["text"], printed)
        assert found["ocr"] is True and found["page"] == 1


@needs_ocr
def test_scanned_action_table_gives_its_actions_and_statuses(scanned_minutes) -> None:
    milestones = scanned_minutes.tables["milestones"]
    assert len(milestones) == len(ACTIONS)
    for found, (ref, action, _lead, status) in zip(milestones, ACTIONS, strict=True):
        assert similarity(found["text"], action) >= 0.9, (found["text"], action)
        assert found["ref"] == ref
        assert found["status"] == STATUSES[status]
        assert found["ocr"] is True


@needs_ocr
def test_the_receipt_counts_the_ocr_pages_and_says_so(scanned_minutes) -> None:
    (receipt,) = scanned_minutes.tables["receipts"]
    assert receipt["ocr_pages"] == 1
    assert receipt["pages_read"] == 1
    assert "read by OCR" in receipt["notes"]
    assert scanned_minutes.document["n_pages"] == 1
    assert scanned_minutes.model.pages[0].ocr_confidence >= 0.75


@needs_ocr
def test_only_the_pages_without_a_text_layer_are_read_by_ocr(scans) -> None:
    result = process_file(scans / "briefing_with_scan.pdf", scans, ReadSettings(), keep_model=True)
    assert result.errors == []
    assert result.model is not None
    assert [p.ocr for p in result.model.pages] == [False, True]
    (receipt,) = result.tables["receipts"]
    assert receipt["ocr_pages"] == 1 and receipt["pages_read"] == 2
    by_page = {(r["page"], r["ocr"]) for r in result.tables["statements"]}
    assert (1, False) in by_page and (2, True) in by_page
    assert {m["ocr"] for m in result.tables["milestones"]} == {True}


def test_with_ocr_off_a_scan_is_an_error_that_says_so(scans) -> None:
    result = process_file(scans / "scanned_minutes.pdf", scans, ReadSettings(ocr=False))
    (error,) = result.errors
    assert error["error_type"] == "no_text_layer"
    assert "--no-ocr" in error["message"]


def test_without_an_engine_the_error_says_how_to_install_one(scans, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "resolve_engine", lambda preference="auto": None)
    result = process_file(scans / "scanned_minutes.pdf", scans, ReadSettings())
    (error,) = result.errors
    assert error["error_type"] == "no_text_layer"
    assert 'pip install "boardpapers[ocr]"' in error["message"]


@needs_ocr
def test_a_page_over_the_ocr_time_limit_is_given_up_and_recorded(scans) -> None:
    settings = ReadSettings(ocr_timeout_s=0.001)
    result = process_file(scans / "scanned_minutes.pdf", scans, settings)
    (error,) = result.errors
    assert error["error_type"] == "no_text_layer"
    assert "--ocr-timeout" in error["message"]


@needs_ocr
def test_ocr_runs_in_the_worker_and_is_published_with_its_provenance(scans, tmp_path) -> None:
    out = tmp_path / "out"
    settings = IngestSettings(workers=WorkerSettings(workers=1, timeout_s=120))
    summary = ingest(scans, out, settings)
    assert summary.failed == 0
    milestones = pd.read_parquet(out / "milestones")
    assert milestones["ocr"].all() and len(milestones) == 2 * len(ACTIONS)
    statements = pd.read_parquet(out / "statements")
    assert set(statements["ocr"]) == {True, False}
    receipts = pd.read_parquet(out / "receipts").merge(
        pd.read_parquet(out / "documents")[["doc_id", "source_path"]], on="doc_id"
    )
    assert dict(zip(receipts["source_path"], receipts["ocr_pages"], strict=True)) == {
        "briefing_with_scan.pdf": 1,
        "scanned_minutes.pdf": 1,
    }


def test_inspect_no_ocr_reports_the_scan_and_how_to_read_it(scans) -> None:
    outcome = CliRunner().invoke(main, ["inspect", str(scans / "scanned_minutes.pdf"), "--no-ocr"])
    assert outcome.exit_code != 0
    assert "no usable text layer" in outcome.output and "--no-ocr" in outcome.output


def test_rapidocr_needs_nothing_but_its_wheel(scans) -> None:
    """The models ship inside rapidocr-onnxruntime: no model file is fetched at run time."""
    if not ocr.engine_available("rapidocr"):
        pytest.skip('RapidOCR is not installed: pip install "boardpapers[ocr]"')
    from importlib.resources import files

    models = files("rapidocr_onnxruntime") / "models"
    assert sorted(m.name for m in models.iterdir() if m.name.endswith(".onnx")) == [
        "ch_PP-OCRv4_det_infer.onnx",
        "ch_PP-OCRv4_rec_infer.onnx",
        "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    ]
