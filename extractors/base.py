"""The one interface every document-kind extractor implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from pipeline.model import Document
from pipeline.records import DocumentMeta, Extraction


class Extractor(ABC):
    """Finds the records of one document kind in a ``Document``.

    ``meta`` is what the generic metadata pass already found (title, body, date …);
    an extractor returns its own findings in ``Extraction.meta``, which win.
    Extractors are pure: no I/O, no globals, the same input gives the same output.
    """

    kind: ClassVar[str]

    @abstractmethod
    def extract(self, doc: Document, meta: DocumentMeta) -> Extraction: ...
