"""The read stage: a path in the raw folder → its bytes' identity → a ``Document``.

Checks what can be told from the bytes before any parser sees them (empty, too
large, a binary renamed to ``.pdf``), then hands the file to its format's reader.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extractors.readers import reader_for
from pipeline.errors import ParseError, ReadError, RunError
from pipeline.model import FOLDER_DEPTH, Document
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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A regular file inside the input folder: the only kind of entry that is read."""

    path: Path
    """As listed under the input folder (a link inside the folder keeps its own name)."""
    source_path: str
    size: int
    is_link: bool = False


@dataclass(frozen=True, slots=True)
class Refused:
    """An entry that is not read: a FIFO, a device, a link out of the folder, a bad name...

    ``source_path`` is printable: a name that is not UTF-8 is shown with ``\\x`` escapes.
    A refused folder (one that could not be listed) has ``is_folder`` set.
    """

    source_path: str
    error: ReadError
    is_folder: bool = False


@dataclass
class Scan:
    candidates: list[Candidate] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    @property
    def unlisted_folders(self) -> list[str]:
        """Source paths of the sub-folders that could not be listed (their papers are unknown)."""
        return [r.source_path for r in self.refused if r.is_folder]


_KINDS = {
    stat.S_IFIFO: "a named pipe, FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a link to a folder",
}


def printable_name(name: str) -> str:
    """``name`` as UTF-8 text; bytes that are not UTF-8 shown as ``\\xe9``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes come back from the OS as surrogates
        return False
    return True


def _max_bytes(max_file_mb: float | None) -> float:
    return float("inf") if max_file_mb is None else max_file_mb * 1024 * 1024


def _too_large(size: int, max_file_mb: float | None) -> ReadError:
    return ReadError(
        "too_large",
        detail=f"The file is {size / 2**20:.0f} MB, over the {max_file_mb:g} MB limit; "
        "raise --max-file-mb or split it.",
    )


def scan_folder(raw_dir: Path, max_file_mb: float | None = None) -> Scan:
    """Sort every entry below ``raw_dir`` into candidates and refused entries, stable order.

    Nothing is opened: each entry is looked at with ``lstat``. Only regular files are
    candidates; a link is followed only to a regular file inside ``raw_dir``; a file
    over ``max_file_mb`` is refused by its size, before anyone hashes it. Hidden
    entries and the files a folder of papers always collects are skipped silently.
    A sub-folder that cannot be listed is a refused folder entry (``folder_unreadable``);
    ``raw_dir`` itself that cannot be listed is a ``RunError``.
    """
    root = Path(os.path.realpath(raw_dir))
    scan = Scan()
    pending: list[tuple[Path, str]] = [(raw_dir, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            if not prefix:
                raise RunError(
                    f"The input folder {raw_dir} could not be listed "
                    f"({exc.strerror or exc}); nothing was published."
                ) from exc
            error = ReadError("folder_unreadable", detail=exc.strerror or str(exc))
            scan.refused.append(Refused(prefix.rstrip("/"), error, is_folder=True))
            continue
        folders: list[tuple[Path, str]] = []
        for entry in entries:
            if not is_candidate(Path(entry.name)):
                continue
            source_path = prefix + entry.name
            if not _is_utf8(entry.name):
                scan.refused.append(Refused(printable_name(source_path), ReadError("bad_name")))
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # gone since the listing: as if it had never been there
            except OSError as exc:
                error = ReadError("unreadable", detail=exc.strerror or str(exc))
                scan.refused.append(Refused(source_path, error))
                continue
            if stat.S_ISDIR(info.st_mode):
                folders.append((Path(entry.path), source_path + "/"))
                continue
            is_link = stat.S_ISLNK(info.st_mode)
            if is_link:
                refused, info = _follow_link(Path(entry.path), root)
                if refused is not None:
                    scan.refused.append(Refused(source_path, refused))
                    continue
            if not stat.S_ISREG(info.st_mode):
                kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a file")
                scan.refused.append(Refused(source_path, ReadError("not_a_file", detail=kind)))
            elif info.st_size > _max_bytes(max_file_mb):
                scan.refused.append(Refused(source_path, _too_large(info.st_size, max_file_mb)))
            else:
                candidate = Candidate(Path(entry.path), source_path, info.st_size, is_link)
                scan.candidates.append(candidate)
        pending.extend(reversed(folders))  # depth first, in name order
    return scan


def _follow_link(link: Path, root: Path) -> tuple[ReadError | None, os.stat_result]:
    """Where a link in the input folder leads: a refusal, or the ``stat`` of its target."""
    target = Path(os.path.realpath(link))
    if not target.is_relative_to(root):
        return ReadError("outside_input", detail=printable_name(str(target))), os.lstat(link)
    try:
        info = target.stat()
    except OSError:
        return ReadError("not_a_file", detail="a link to nothing"), os.lstat(link)
    if stat.S_ISDIR(info.st_mode):
        return ReadError("not_a_file", detail="a link to a folder; it is not followed"), info
    return None, info


def list_files(raw_dir: Path) -> list[Path]:
    """Every candidate file below ``raw_dir``, in a stable order; see ``scan_folder``."""
    return [c.path for c in scan_folder(raw_dir).candidates]


def file_type_of(path: Path) -> str | None:
    return FILE_TYPES.get(path.suffix.lower())


def identify(path: Path, raw_dir: Path, max_file_mb: float | None = None) -> FileIdentity:
    """Hash the file and note its size and mtime; raise ``ReadError`` if it cannot be read.

    Opened without blocking and checked with ``fstat`` before a byte is read, so a FIFO
    or a device swapped in since the folder was listed is refused, never waited on, and
    a file over ``max_file_mb`` is refused before it is hashed. A path whose real place
    is outside ``raw_dir`` is refused too.
    """
    source_path = source_path_of(path, raw_dir)
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(raw_dir)):
        raise ReadError("outside_input", detail=printable_name(str(real)))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=source_path) from exc
    except OSError as exc:
        raise ReadError("unreadable", detail=exc.strerror or str(exc)) from exc
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            kind = _KINDS.get(stat.S_IFMT(before.st_mode), "not a file")
            raise ReadError("not_a_file", detail=kind)
        if before.st_size > _max_bytes(max_file_mb):
            raise _too_large(before.st_size, max_file_mb)
        digest = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
        after = os.fstat(fd)
    except OSError as exc:
        raise ReadError("unreadable", detail=exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
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
        doc = _read_document(path, identity, settings)
        # The input folder's own name and the folders below it, never anything above it.
        inner = len(PurePosixPath(identity.source_path).parts) - 1
        doc.folders = tuple(Path(path).absolute().parent.parts[1:][-(inner + 1) :][-FOLDER_DEPTH:])
        return doc
    except FileNotFoundError as exc:
        raise ReadError("not_found", detail=identity.source_path) from exc
    except PermissionError as exc:
        raise ReadError("unreadable", detail=exc.strerror or str(exc)) from exc
    except OSError as exc:
        # The file was opened and hashed a moment ago: an OS error now comes from a parser
        # seeking to offsets the damaged bytes point at (zip members, PDF xref), not the disk.
        file_type = (identity.file_type or "").upper()
        detail = f"it could not be unpacked ({exc.strerror or exc})"
        raise ParseError("corrupt", file_type=file_type, detail=detail) from exc
    except NotImplementedError as exc:
        if identity.file_type != "docx":
            raise
        # zipfile's word for a package it cannot open (a bogus version or compression method).
        detail = f"its zip package cannot be opened ({exc})"
        raise ParseError("corrupt", file_type="DOCX", detail=detail) from exc


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
    if identity.file_type == "pdf":
        return _read_pdf(path, identity, settings)
    doc = reader_for(identity.file_type)(path, identity.source_path, identity.doc_id)
    check_text_layer(doc)
    return doc


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


# --- is the text layer usable? -------------------------------------------------------
# A PDF whose fonts carry no usable Unicode map decodes to glyph codes ("(cid:25)"),
# private-use or control characters, or letters shifted into non-words. Such a paper
# is an error (run OCR), never a success with debris for a title.
_CID = re.compile(r"\(cid:\d+\)")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
MIN_TEXT_CHARS = 40
"""Shorter texts are not judged."""
MAX_DEBRIS_SHARE = 0.5
"""Above this share of glyph codes or unmapped characters the text layer is unusable."""
NOTE_DEBRIS_SHARE = 0.05
"""Above this share (and at most ``MAX_DEBRIS_SHARE``) the paper is read and noted."""
MIN_WORDS_JUDGED = 80
MIN_FUNCTION_WORD_SHARE = 0.02
MIN_KNOWN_WORD_SHARE = 0.3
# The commonest words of English and Welsh prose: any real paper is full of them.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "the and of to in for is be that with on by this are as at will from or an it has have "
        "was were not which we our yr ac yn ar gan am ei eu mae bod ein gyda neu",
    )
)


def _unmapped(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cs", "Cn") or (category == "Cc" and ch not in "\t\n\r")


def text_layer_problem(text: str) -> tuple[float, str | None]:
    """The share of ``text`` that is debris, and why the layer is unusable (None if usable).

    Debris is glyph codes ``(cid:N)`` and unmapped characters (private use, control,
    replacement). A layer of letters can still be unusable: when almost none of its
    words is a common function word and few are English words (shifted glyph maps).
    """
    compact = "".join(text.split())  # without whitespace (``str.isspace``, as ``\s``)
    if len(compact) < MIN_TEXT_CHARS:
        return 0.0, None
    # Counted in glyphs: "(cid:25)" is one glyph the font could not name.
    coded = "(cid:" in compact
    glyph_codes = len(_CID.findall(compact)) if coded else 0
    rest = _CID.sub("", compact) if coded else compact
    # A printable text has no control, private-use, surrogate or unassigned character:
    # only the replacement character can be debris then (one C-level pass, not one call
    # per character).
    unmapped = rest.count("\ufffd") if rest.isprintable() else sum(map(_unmapped, rest))
    debris = (glyph_codes + unmapped) / (glyph_codes + len(rest))
    if debris > MAX_DEBRIS_SHARE:
        return debris, (
            f"{debris:.0%} of its text is glyph codes such as (cid:25) or unmapped characters"
        )
    words = _LETTER_RUN.findall((_CID.sub(" ", text) if coded else text).lower())
    if len(words) >= MIN_WORDS_JUDGED:
        function_share = sum(map(_FUNCTION_WORDS.__contains__, words)) / len(words)
        if function_share < MIN_FUNCTION_WORD_SHARE:
            from extractors.text_utils import is_known_word

            long_words = [w for w in words if len(w) >= 3] or words
            known = sum(map(is_known_word, long_words)) / len(long_words)
            if known < MIN_KNOWN_WORD_SHARE:
                return debris, (
                    f"only {known:.0%} of its words are words: the fonts map glyphs to the "
                    "wrong letters"
                )
    return debris, None


def check_text_layer(
    doc: Document, remedy: str | None = None, judged: tuple[float, str | None] | None = None
) -> None:
    """Raise ``ParseError("bad_text_layer")`` for an unusable text layer; note a damaged one.

    ``remedy`` is what the error message tells the reader to do (default: run OCR);
    ``judged`` is ``text_layer_problem`` of the document's text when already known.
    """
    debris, problem = judged or text_layer_problem(doc.plain_text())
    if problem:
        raise ParseError("bad_text_layer", detail=problem, **({"remedy": remedy} if remedy else {}))
    if debris > NOTE_DEBRIS_SHARE:
        doc.warnings.append(
            f"{debris:.0%} of the text is glyph codes or unmapped characters "
            "(a font without a Unicode map); check the extracted text or run OCR"
        )


# --- OCR for the pages without a usable text layer -----------------------------------
# The PDF reader reads every page's text layer; the pages it found no usable text on are
# then rendered and read by OCR (``extractors.readers.ocr``) through the same layout
# steps, and put in place of the empty ones. Each such page carries ``ocr_confidence``.


def _page_texts(doc: Document) -> dict[int, str]:
    """Each page's text in the model; rows of a table joined across a page break count for
    the page they were printed on."""
    out: dict[int, list[str]] = {page.number: [] for page in doc.pages}
    for page in doc.pages:
        for block in page.blocks:
            if block.is_table:
                for row in block.rows:
                    out.setdefault(row.page or page.number, []).append("\t".join(row.texts))
            else:
                out[page.number].append(block.text)
    return {number: "\n".join(parts) for number, parts in out.items()}


def pages_needing_ocr(
    path: Path, doc: Document, judged: tuple[float, str | None] | None = None
) -> list[int]:
    """Numbers of the pages with no text or an unusable text layer; every page when the
    document's text layer as a whole is unusable (``judged``: ``text_layer_problem`` of
    the document's text, when already known).

    A page empty in the model may still have had text (a paragraph carried onto the page
    before, page furniture only): its own text layer decides, read with pdfium.
    """
    if (judged or text_layer_problem(doc.plain_text()))[1]:
        return [page.number for page in doc.pages]
    texts = _page_texts(doc)
    needing = [n for n, text in texts.items() if text.strip() and text_layer_problem(text)[1]]
    empty = [n for n, text in texts.items() if not text.strip()]
    if empty:
        from extractors.readers.ocr import pages_without_text

        needing.extend(pages_without_text(path, empty))
    return sorted(needing)


def ocr_engine_for(settings: ReadSettings) -> str | None:
    """The OCR engine these settings use: None when OCR is off or none is installed."""
    if not settings.ocr:
        return None
    from extractors.readers.ocr import resolve_engine

    return resolve_engine(settings.ocr_engine)


def _without_ocr_remedy(settings: ReadSettings) -> str | None:
    """What a ``no_text_layer`` message tells the reader to do when OCR did not run."""
    from extractors.readers.ocr import INSTALL_HINT

    if not settings.ocr:
        return (
            "OCR is off (--no-ocr): run without --no-ocr to read its scanned pages, or OCR "
            "it and save a searchable PDF."
        )
    if ocr_engine_for(settings) is None:
        engine = "" if settings.ocr_engine == "auto" else f" ({settings.ocr_engine})"
        return (
            f"no OCR engine{engine} is installed to read its scanned pages: install one with "
            f"{INSTALL_HINT} (where the system has Tesseract, apt-get install tesseract-ocr, "
            "it is used instead) and run again."
        )
    return None


def _read_pdf(path: Path, identity: FileIdentity, settings: ReadSettings) -> Document:
    """The PDF's text layer, with the pages that have none (or an unusable one) read by OCR.

    Raises ``no_text_layer`` when no usable text is left: a scan with OCR off or not
    installed (the message says how to install it), or one OCR could not read either.
    """
    from extractors.readers.pdf import read as read_pdf

    doc: Document | None
    try:
        doc = read_pdf(
            path,
            identity.source_path,
            identity.doc_id,
            engine=settings.pdf_engine,
            max_pages=settings.max_pages,
        )
    except ParseError as exc:
        if exc.error_type != "no_text_layer":
            raise
        doc = None  # not one page has text: a scan
    # the text layer as read, judged once (which pages need OCR, whether it is usable)
    judged = None if doc is None else text_layer_problem(doc.plain_text())
    numbers = None if doc is None else pages_needing_ocr(path, doc, judged)
    if doc is not None and not numbers:
        check_text_layer(doc, judged=judged)
        return doc
    engine = ocr_engine_for(settings)
    if engine is None:
        if doc is None:
            raise ParseError("no_text_layer", remedy=_without_ocr_remedy(settings))
        check_text_layer(doc, remedy=_without_ocr_remedy(settings), judged=judged)
        return doc

    from extractors.readers.ocr import ocr_pages, splice

    problem = None if judged is None else judged[1]
    result = ocr_pages(
        path, numbers, identity.source_path, identity.doc_id, engine, settings.ocr_timeout_s
    )
    if doc is None:
        doc = Document(
            source_path=identity.source_path,
            file_type="pdf",
            doc_id=identity.doc_id,
            pages=result.pages,
            n_pages=result.n_pages,
            properties=result.properties,
            warnings=list(result.problems),
        )
    else:
        splice(doc, result)
    if not doc.plain_text().strip():
        timed_out = any("--ocr-timeout" in p for p in result.problems)
        n_pages = len(numbers) if numbers is not None else result.n_pages
        raise ParseError(
            "bad_text_layer" if problem else "no_text_layer",
            detail=problem
            or "; ".join(result.problems)
            or f"OCR ({engine}) found no readable text on its {n_pages} page(s)",
            remedy="raise --ocr-timeout and run again."
            if timed_out
            else f"OCR ({engine}) found no readable text in it either; check that the scan "
            "is legible, or OCR it and save a searchable PDF.",
        )
    check_text_layer(
        doc,
        remedy=f"OCR ({engine}) could not make usable text of it either; check the scan, "
        "or OCR it and save a searchable PDF.",
    )
    return doc
