"""Readers: one per file format, each turning a file into a ``pipeline.model.Document``.

Every reader has the same signature::

    def read(path: Path, source_path: str, doc_id: str) -> Document

and raises ``pipeline.errors.ParseError`` (``corrupt``, ``encrypted``,
``no_text_layer``, ``no_text`` …) for input it cannot make sense of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.model import Document

Reader = Callable[[Path, str, str], Document]

READER_MODULES: dict[str, tuple[str, ...]] = {
    "pdf": (
        "pypdfium2",
        "extractors.readers.pdf",
        "extractors.readers.pdf_playa",
        "extractors.readers.pdf_pdfium",
    ),
    "docx": ("extractors.readers.docx",),
    "html": ("extractors.readers.html",),
    # a Markdown or text paper can hold an HTML table, read by the HTML reader's code
    "txt": ("extractors.readers.text", "extractors.readers.html"),
    "md": ("extractors.readers.text", "extractors.readers.html"),
}
"""The modules each file type's reader imports: what a worker loads before its first file."""


def reader_modules(file_types: Iterable[str]) -> tuple[str, ...]:
    """The modules the readers of ``file_types`` need, in a stable order, without repeats
    (unknown types need none: reading them fails before any reader is imported)."""
    return tuple(
        dict.fromkeys(m for t in sorted(set(file_types)) for m in READER_MODULES.get(t, ()))
    )


def reader_for(file_type: str) -> Reader:
    """The reader for ``file_type``; imported lazily so a text-only run never loads pdfplumber."""
    if file_type == "pdf":
        from extractors.readers.pdf import read
    elif file_type == "docx":
        from extractors.readers.docx import read
    elif file_type == "html":
        from extractors.readers.html import read
    elif file_type in ("txt", "md"):
        from extractors.readers.text import read
    else:
        raise KeyError(file_type)
    return read
