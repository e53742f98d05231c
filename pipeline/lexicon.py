"""spaCy's English lookup tables (``spacy-lookups-data``, a dependency).

The default spaCy pipeline's lemmatizer (``rules.engine``), the milestone–indicator
links and the PDF reader's line-end hyphen check all read the lemma lookup table: one
copy a process, parsed from the package's gzipped JSON on first use (a worker forked
after the rules engine is built inherits it). Other tables are read on demand and not
kept (``read_table``).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


def read_table(name: str) -> dict[str, Any]:
    """The English table ``name`` (``lemma_lookup``, ``lemma_index`` …), read afresh.

    Raises ``ModuleNotFoundError`` without the package, ``OSError`` or ``ValueError`` for a
    missing or damaged table."""
    data = resources.files("spacy_lookups_data") / "data"
    with (data / f"en_{name}.json.gz").open("rb") as raw, gzip.open(raw) as text:
        table: dict[str, Any] = json.load(text)
    return table


@cache
def lemma_lookup() -> Mapping[str, str]:
    """Word form → lemma, as spaCy's lookup lemmatizer reads it (keyed by exact text):
    read once a process, read only."""
    return MappingProxyType(read_table("lemma_lookup"))
