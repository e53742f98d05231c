"""Shared fixtures: fixture builders per format and the optional sample folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docbuilders.spec import Paper

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The sample papers beside the project; a user's clone has none, so tests skip."""
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"sample papers not found at {SAMPLES_DIR} (only present beside the dev repo)")
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def build_pdf() -> Callable[[Paper, Path], Path]:
    from docbuilders.pdf import build_pdf

    return build_pdf


@pytest.fixture(scope="session")
def build_docx() -> Callable[[Paper, Path], Path]:
    from docbuilders.docx import build_docx

    return build_docx
