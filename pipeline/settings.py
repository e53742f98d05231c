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
DEFAULT_MAX_REMOVED_SHARE = 0.5
"""A run refuses to publish when more than this share of the known files vanished at once
(an unmounted share, a folder moved away) unless removals are allowed explicitly."""


@dataclass(frozen=True)
class ReadSettings:
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_pages: int = DEFAULT_MAX_PAGES
    """Longer PDFs are refused as ``too_large`` rather than parsed for minutes."""

    def __post_init__(self) -> None:
        if self.max_file_mb <= 0:
            raise ValueError(f"max_file_mb must be positive, got {self.max_file_mb}")
        if self.max_pages <= 0:
            raise ValueError(f"max_pages must be positive, got {self.max_pages}")
