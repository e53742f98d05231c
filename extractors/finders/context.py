"""What every finder is given: the document, what the metadata pass found, and the tables
earlier finders already turned into records."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Block, Document
from pipeline.records import DocumentMeta


@dataclass(slots=True)
class FindContext:
    doc: Document
    meta: DocumentMeta
    claimed: list[Block] = field(default_factory=list)
    """Table blocks an earlier finder took; a later finder leaves them alone."""

    @property
    def blocks(self) -> list[Block]:
        return self.doc.blocks

    def is_claimed(self, block: Block) -> bool:
        return any(block is b for b in self.claimed)

    def free_tables(self) -> list[Block]:
        """The document's tables that no earlier finder used, in document order."""
        return [b for b in self.doc.blocks if b.is_table and not self.is_claimed(b)]
