"""The read stage: a path in the raw folder → its bytes' identity → a ``Document``.

Checks what can be told from the bytes before any parser sees them (empty, too
large, a binary renamed to ``.pdf``), then hands the file to its format's reader.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from extractors.readers import reader_for
from pipeline.errors import ParseError, ReadError
from pipeline.model import Document
from pipeline.settings import FILE_TYPES, IGNORED_NAMES, IGNORED_PREFIXES, ReadSettings

_SNIFF_BYTES = 2048
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileIdentity:
    source_path: str
    doc_id: str
    size: int
    mtime_ns: int
    file_type: str | None
    """None for an extension we do not read."""


def source_path_of(path: Path, raw_dir: Path) -> str:
    return path.relative_to(raw_dir).as_posix()


def is_candidate(path: Path) -> bool:
    """Whether ``path`` is a paper to look at (not a dotfile, Office lock file or Thumbs.db)."""
    name = path.name
    return not (name.lower() in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES))


def list_files(raw_dir: Path) -> list[Path]:
    """Every candidate file below ``raw_dir``, in a stable order; hidden folders skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files) if is_candidate(Path(f)))
    return found


def file_type_of(path: Path) -> str | None:
    return FILE_TYPES.get(path.suffix.lower())


def identify(path: Path, raw_dir: Path) -> FileIdentity:
    """Hash the file and note its size and mtime; raise ``ReadError`` if it cannot be read."""
    source_path = source_path_of(path, raw_dir)
    try:
        before = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        after = path.stat()
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=source_path) from exc
    except OSError as exc:
        raise ReadError("unreadable", detail=exc.strerror or str(exc)) from exc
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise ReadError("changed_while_reading")
    return FileIdentity(
        source_path=source_path,
        doc_id=digest.hexdigest(),
        size=after.st_size,
        mtime_ns=after.st_mtime_ns,
        file_type=file_type_of(path),
    )


def _sniff(path: Path, file_type: str) -> None:
    """Refuse bytes that cannot be the format the extension claims."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if file_type == "pdf" and b"%PDF-" not in head[:1024]:
        raise ParseError("corrupt", file_type="PDF", detail="it does not start with a PDF header")
    if file_type == "docx" and not head.startswith(b"PK"):
        detail = (
            "it is an old binary Word .doc; save it as .docx"
            if head.startswith(b"\xd0\xcf\x11\xe0")
            else "it is not a zip package"
        )
        raise ParseError("corrupt", file_type="DOCX", detail=detail)
    # UTF-16 text is full of NULs too, but starts with its byte-order mark.
    is_utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    mostly_nul = head.count(b"\x00") > len(head) // 10
    if file_type in ("txt", "md", "html") and mostly_nul and not is_utf16:
        raise ParseError("corrupt", file_type=file_type.upper(), detail="it holds binary data")


def read_document(path: Path, identity: FileIdentity, settings: ReadSettings) -> Document:
    """Parse the file into the document model; ``ReadError``/``ParseError`` for bad input."""
    try:
        return _read_document(path, identity, settings)
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=identity.source_path) from exc
    except PermissionError as exc:
        raise ReadError("unreadable", detail=exc.strerror or str(exc)) from exc


def _read_document(path: Path, identity: FileIdentity, settings: ReadSettings) -> Document:
    if identity.file_type is None:
        raise ReadError("unsupported", detail=f"'{path.suffix or path.name}'")
    if identity.size == 0:
        raise ReadError("empty")
    limit = settings.max_file_mb * 1024 * 1024
    if identity.size > limit:
        raise ReadError(
            "too_large",
            detail=f"The file is {identity.size / 2**20:.0f} MB, over the "
            f"{settings.max_file_mb:g} MB limit; raise --max-file-mb or split it.",
        )
    _sniff(path, identity.file_type)
    if identity.file_type == "pdf":
        _check_page_count(path, settings.max_pages)
    reader = reader_for(identity.file_type)
    return reader(path, identity.source_path, identity.doc_id)


def _check_page_count(path: Path, max_pages: int) -> None:
    """Refuse an over-long PDF before pdfplumber spends minutes on it (pdfium counts fast)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return  # the reader says what is wrong with it (encrypted, corrupt) in its own words
    try:
        n_pages = len(pdf)
    finally:
        pdf.close()
    if n_pages > max_pages:
        raise ReadError(
            "too_large",
            detail=f"The PDF has {n_pages} pages, over the {max_pages}-page limit; "
            "raise --max-pages or split it.",
        )
