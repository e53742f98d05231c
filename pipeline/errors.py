"""The one place where error kinds and their messages live.

A ``FileError`` is bad input: it becomes an ``errors`` row and the run goes on.
Anything else raised while processing a file is our bug; it is still recorded
(``error_type = "internal"``) so one file never takes the run down, but its
message says so, so nobody mistakes it for a problem with their paper.

Stages, in order, with the same names as the ``errors.stage`` column:
``read`` (getting the bytes), ``parse`` (bytes → document model),
``extract`` (detecting the kind and finding records), ``rules`` (flagging wording).
"""

from __future__ import annotations

from typing import Literal

Stage = Literal["read", "parse", "extract", "rules"]

# error_type → (message template, transient). A transient error is tried again on
# the next run even when the file has not changed; a terminal one waits for a new file.
ERROR_TYPES: dict[str, tuple[str, bool]] = {
    "not_found": ("The file disappeared before it could be read: {detail}", True),
    "unreadable": ("The file could not be opened for reading: {detail}", True),
    "changed_while_reading": (
        "The file changed while it was being read (still being copied?); "
        "it will be tried again on the next run.",
        True,
    ),
    "empty": ("The file is empty (0 bytes); replace it with the full paper.", False),
    "too_large": ("{detail}", False),
    "unsupported": (
        "Files of this type are not read: {detail}. Save the paper as PDF, DOCX, HTML, TXT or MD.",
        False,
    ),
    "encrypted": (
        "The PDF is password-protected; save an unprotected copy and put it in the folder.",
        False,
    ),
    "corrupt": ("The file is damaged or is not really a {file_type} file: {detail}", False),
    "no_text_layer": (
        "The PDF has no usable text layer ({detail}); {remedy}",
        False,
    ),
    "bad_text_layer": (
        "The PDF's text layer cannot be used ({detail}); {remedy}",
        False,
    ),
    "no_text": ("No text was found in the file.", False),
    "timeout": (
        "Reading the file took longer than the {detail}s limit; it was stopped. "
        "Raise --timeout or split the file.",
        False,
    ),
    "duplicate": (
        "The file has the same content as {detail}; its rows are published once, under that path.",
        False,
    ),
    "partial": ("Part of the file could not be read: {detail}", False),
    "not_a_file": (
        "This is not a regular file ({detail}); only regular files in the input folder are "
        "read. Remove it, or put the paper itself there.",
        False,
    ),
    "outside_input": (
        "This is a link to {detail}, outside the input folder; links are never followed out "
        "of it. Copy the paper into the folder instead.",
        False,
    ),
    "bad_name": (
        "The file name is not valid UTF-8 (shown here with \\x escapes); rename the file so "
        "its name is plain UTF-8 text (e.g. with convmv) and it will be read.",
        False,
    ),
    "folder_unreadable": (
        "The folder could not be listed ({detail}); the last published rows of the papers in "
        "it are kept, and it will be tried again on the next run.",
        True,
    ),
    "worker_killed": (
        "The worker reading the file was killed from outside ({detail}) on both tries, as the "
        "out-of-memory killer does; the paper's last published rows are kept and it will be "
        "tried again on the next run.",
        True,
    ),
    "internal": (
        "boardpapers failed on this file ({detail}). This is a bug in boardpapers, not "
        "a problem with the paper; please report it with the file.",
        False,
    ),
}

# What a message says when the raiser gives no detail (or no remedy).
_DEFAULT_DETAIL = {
    "no_text_layer": "it looks like a scan",
    "bad_text_layer": "its fonts map glyphs to no letters",
}
_DEFAULT_REMEDY = {
    "no_text_layer": "run OCR on it and save a searchable PDF.",
    "bad_text_layer": "run OCR on it and save a searchable PDF.",
}


class BoardpapersError(Exception):
    """Base of every error this project raises on purpose."""


class FileError(BoardpapersError):
    """A file that could not be processed, or only in part; becomes one ``errors`` row."""

    stage: Stage = "read"

    def __init__(self, error_type: str, **details: object) -> None:
        if error_type not in ERROR_TYPES:
            raise ValueError(f"unknown error_type {error_type!r}; add it to ERROR_TYPES")
        template, self.transient = ERROR_TYPES[error_type]
        self.error_type = error_type
        details.setdefault("detail", _DEFAULT_DETAIL.get(error_type, ""))
        details.setdefault("remedy", _DEFAULT_REMEDY.get(error_type, ""))
        details.setdefault("file_type", "")
        self.message = template.format(**details).replace(": .", ".").strip()
        super().__init__(self.message)


class ReadError(FileError):
    stage: Stage = "read"


class ParseError(FileError):
    stage: Stage = "parse"


class RuleFileError(BoardpapersError):
    """A rule pattern file is malformed; reported like a compiler, ``path:line: message``."""


class RunError(BoardpapersError):
    """The run itself cannot go on (bad arguments, output folder locked or unwritable)."""
