"""Defaults in one place, and the settings of each configurable stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW_DIR = Path("data/raw")
DEFAULT_OUT_DIR = Path("data/processed")

# File types we read, by extension.
FILE_TYPES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}
# Files a folder of papers always collects that are not papers: skipped silently.
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}
IGNORED_PREFIXES = (".", "~$")

DEFAULT_MAX_FILE_MB = 200
DEFAULT_MAX_PAGES = 1500
DEFAULT_TIMEOUT_S = 180.0
DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_WORKERS = 2
PDF_ENGINES = ("playa", "pdfplumber", "pdfium")
"""PDF engines (``extractors.readers.pdf.ENGINES``): pdfium (pypdfium2, the default),
playa (PLAYA-PDF), and pdfplumber, the reference both are compared with: the same
records on the real papers and every fixture; word differences (glyph boxes within a
point, a few words split or joined) are listed in ``tests/test_pdf_engines.py``."""
DEFAULT_PDF_ENGINE = "pdfium"
OCR_ENGINES = ("auto", "tesseract", "rapidocr")
"""OCR engines (``extractors.readers.ocr``); ``auto``: Tesseract where the system has it,
else RapidOCR from the ``boardpapers[ocr]`` extra."""
DEFAULT_OCR_ENGINE = "auto"
DEFAULT_OCR_TIMEOUT_S = 60.0
"""Seconds OCR may spend on one page before the page is given up (the file goes on)."""
DEFAULT_MAX_REMOVED_SHARE = 0.5
"""A run refuses to publish when more than this share of the known files vanished at once
(an unmounted share, a folder moved away) unless removals are allowed explicitly."""


@dataclass(frozen=True)
class ReadSettings:
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_pages: int = DEFAULT_MAX_PAGES
    """Longer PDFs are refused as ``too_large`` rather than parsed for minutes."""
    pdf_engine: str = DEFAULT_PDF_ENGINE
    """Which engine reads every page of a PDF: one of ``PDF_ENGINES``."""
    ocr: bool = True
    """OCR the PDF pages without a usable text layer, where an OCR engine is installed."""
    ocr_timeout_s: float = DEFAULT_OCR_TIMEOUT_S
    ocr_engine: str = DEFAULT_OCR_ENGINE
    """One of ``OCR_ENGINES``."""

    def __post_init__(self) -> None:
        if self.ocr_engine not in OCR_ENGINES:
            raise ValueError(
                f"ocr_engine must be one of {', '.join(OCR_ENGINES)}, got {self.ocr_engine!r}"
            )
        if self.ocr_timeout_s <= 0:
            raise ValueError(f"ocr_timeout_s must be positive, got {self.ocr_timeout_s}")
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(
                f"pdf_engine must be one of {', '.join(PDF_ENGINES)}, got {self.pdf_engine!r}"
            )
        if self.max_file_mb <= 0:
            raise ValueError(f"max_file_mb must be positive, got {self.max_file_mb}")
        if self.max_pages <= 0:
            raise ValueError(f"max_pages must be positive, got {self.max_pages}")
