"""What every finder is given: the document, what the metadata pass found, and the tables
earlier finders already turned into records."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.milestone_tables import rag_legend
from extractors.vocab import RagLegend
from pipeline.model import Block, Document
from pipeline.records import DocumentMeta


@dataclass(slots=True)
class FindContext:
    doc: Document
    meta: DocumentMeta
    claimed: list[Block] = field(default_factory=list)
    """Table blocks an earlier finder took; a later finder leaves them alone."""
    legend: RagLegend | None = field(default=None, repr=False)
    """The document's colour key, once ``rag_legend`` has read it."""

    @property
    def blocks(self) -> list[Block]:
        return self.doc.blocks

    def is_claimed(self, block: Block) -> bool:
        return any(block is b for b in self.claimed)

    def free_tables(self) -> list[Block]:
        """The document's tables that no earlier finder used, in document order."""
        return [b for b in self.doc.blocks if b.is_table and not self.is_claimed(b)]

    def rag_legend(self) -> RagLegend:
        """The document's colour key, read once (the table and status-line finders use it)."""
        if self.legend is None:
            self.legend = rag_legend(self.doc.blocks)
        return self.legend
