"""Whatever lands in the folder: each fault is one clear errors row, the rest is published."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from docbuilders.spec import Heading, ListItem, Paper, Paragraph
from pipeline.ingest import IngestSettings, ingest
from pipeline.process import process_file
from pipeline.read import identify
from pipeline.schema import ERROR_STAGES
from pipeline.settings import ReadSettings
from pipeline.workers import WorkerSettings

GOOD = Paper(
    title="Briefing note",
    blocks=[
        Heading("BRIEFING NOTE"),
        Paragraph("TO: Children's Scrutiny Panel"),
        Paragraph("DATE: 14 October 2024"),
        Heading("Recommendations", level=2),
        ListItem("Note the progress made on the improvement plan.", numbered=True),
    ],
)


def build_spinning_pdf(path: Path, depth: int = 200_000) -> Path:
    """A PDF whose page content nests arrays ``depth`` deep: parsers recurse until they fall."""
    content = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"[5 0 R 5 0 R]",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def build_long_pdf(path: Path, pages: int, lines_per_page: int = 1) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for n in range(1, pages + 1):
        for line in range(lines_per_page):
            canvas.drawString(72, 720 - 14 * line, f"Appendix page {n}, line {line}: figures.")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def faulty_folder(tmp_path_factory, build_pdf, build_docx) -> Path:
    from docbuilders.pdf import build_encrypted_pdf, build_image_only_pdf

    raw = tmp_path_factory.mktemp("raw")
    build_pdf(GOOD, raw / "good.pdf")
    build_docx(GOOD, raw / "good.docx")
    whole = build_pdf(GOOD, raw / "whole.pdf").read_bytes()
    (raw / "whole.pdf").unlink()
    (raw / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    build_encrypted_pdf(GOOD, raw / "locked.pdf", password="s3cret")
    (raw / "zero.pdf").write_bytes(b"")
    build_image_only_pdf(raw / "scanned.pdf", pages=2)
    (raw / "notazip.docx").write_text("This was saved as text by mistake.", encoding="utf-8")
    (raw / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (raw / "old_word.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (raw / "cp1252.txt").write_bytes(
        "Minutes\n\nResolved:\n\n1) to note the £2.3m budget for the ‘Front Door’ team.\n".encode(
            "cp1252"
        )
    )
    build_long_pdf(raw / "appendix_2000_pages.pdf", 2000)
    build_spinning_pdf(raw / "spinning.pdf")
    (raw / "spreadsheet.xlsx").write_bytes(b"PK\x03\x04 not read")
    return raw


@pytest.fixture(scope="module")
def outcome(faulty_folder, tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("out")
    settings = IngestSettings(workers=WorkerSettings(workers=2, timeout_s=60))
    ingest(faulty_folder, out, settings)
    return {name: pd.read_parquet(out / name) for name in ("documents", "errors", "statements")}


def error_of(outcome, source_path: str) -> pd.Series:
    rows = outcome["errors"].query("source_path == @source_path")
    assert len(rows) == 1, f"{source_path}: {rows.to_dict('records')}"
    row = rows.iloc[0]
    assert row["message"] and "Traceback" not in row["message"]
    return row


@pytest.mark.parametrize(
    ("source_path", "error_type"),
    [
        ("truncated.pdf", "corrupt"),
        ("locked.pdf", "encrypted"),
        ("zero.pdf", "empty"),
        ("scanned.pdf", "no_text_layer"),
        ("notazip.docx", "corrupt"),
        ("photo.pdf", "corrupt"),
        ("old_word.docx", "corrupt"),
        ("appendix_2000_pages.pdf", "too_large"),
        ("spreadsheet.xlsx", "unsupported"),
    ],
)
def test_fault_is_one_clear_error_row(outcome, source_path, error_type):
    assert error_of(outcome, source_path)["error_type"] == error_type


def test_error_rows_use_the_contract_stages_and_say_what_to_do(outcome):
    errors = outcome["errors"]
    assert set(errors["stage"]) <= set(ERROR_STAGES)
    assert errors["message"].str.len().min() > 20


def test_parser_spinning_pdf_is_one_error_row_not_a_crash(outcome):
    assert error_of(outcome, "spinning.pdf")["error_type"] in (
        "corrupt",
        "no_text_layer",
        "timeout",
        "too_large",
    )


def test_good_files_are_published_beside_the_faulty_ones(outcome):
    docs = outcome["documents"]
    assert sorted(docs["source_path"]) == ["cp1252.txt", "good.docx", "good.pdf"]
    assert set(docs["doc_kind"]) >= {"briefing_note", "minutes"}


def test_windows_1252_text_is_read_right(outcome):
    texts = outcome["statements"].query("section == 'resolution'")["text"].tolist()
    assert texts == ["to note the £2.3m budget for the ‘Front Door’ team."]


def test_a_file_that_outlives_the_time_limit_is_stopped_and_recorded(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    build_long_pdf(raw / "long.pdf", 300, lines_per_page=45)
    (raw / "ok.txt").write_text("Minutes\n\nResolved:\n\n1) to note the report.\n", "utf-8")
    out = tmp_path / "out"
    settings = IngestSettings(workers=WorkerSettings(workers=1, timeout_s=1.0))
    summary = ingest(raw, out, settings)
    errors = pd.read_parquet(out / "errors")
    assert errors["error_type"].tolist() == ["timeout"]
    assert "1s limit" in errors["message"].iloc[0]
    assert summary.failed == 1
    assert pd.read_parquet(out / "documents")["source_path"].tolist() == ["ok.txt"]


def test_a_file_that_needs_more_memory_than_allowed_is_recorded_too_large(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text("Minutes\n\nResolved:\n\n1) to note the report.\n", "utf-8")
    (raw / "huge.txt").write_text("Minutes\n\n" + "The Panel noted the report. " * 5_000_000)
    out = tmp_path / "out"
    # 140 MB of text needs more than 256 MB on top of the loaded worker to be read.
    settings = IngestSettings(workers=WorkerSettings(workers=1, max_memory_mb=256))
    ingest(raw, out, settings)
    errors = pd.read_parquet(out / "errors")
    assert errors["source_path"].tolist() == ["huge.txt"]
    assert errors["error_type"].tolist() == ["too_large"]
    assert "memory" in errors["message"].iloc[0]
    assert pd.read_parquet(out / "documents")["source_path"].tolist() == ["ok.txt"]


def test_a_file_that_changes_while_it_is_read_is_tried_again_next_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    paper = raw / "minutes.txt"
    paper.write_text("Minutes\n\nResolved:\n\n1) to note the report.\n", "utf-8")
    identity = identify(paper, raw)
    paper.write_text("Minutes\n\nResolved:\n\n1) to note the report; and\n\n2) more.\n", "utf-8")
    result = process_file(paper, raw, ReadSettings(), identity=identity)
    assert [e["error_type"] for e in result.errors] == ["changed_while_reading"]
    assert result.transient and result.failed


def test_a_file_that_vanishes_while_it_is_read_is_recorded(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    paper = raw / "minutes.txt"
    paper.write_text("Minutes\n\nResolved:\n\n1) to note the report.\n", "utf-8")
    identity = identify(paper, raw)
    paper.unlink()
    result = process_file(paper, raw, ReadSettings(), identity=identity)
    assert [e["error_type"] for e in result.errors] == ["not_found"]
    assert result.transient
