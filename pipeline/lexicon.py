"""spaCy's English lookup tables (``spacy-lookups-data``, a dependency), read once a process.

The rules' lemmatizer, the milestone–indicator links and the PDF reader's line-end
hyphen check all read the same lemma table: one copy, parsed from the package's gzipped
JSON on first use (a worker forked after the rules engine is built inherits it).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


@cache
def lookup_table(name: str) -> Mapping[str, Any]:
    """The English table ``name`` (``lemma_lookup``, ``lemma_index`` …), read only.

    Raises ``ModuleNotFoundError`` without the package, ``OSError`` or ``ValueError`` for a
    missing or damaged table."""
    data = resources.files("spacy_lookups_data") / "data"
    with (data / f"en_{name}.json.gz").open("rb") as raw, gzip.open(raw) as text:
        return MappingProxyType(json.load(text))


def lemma_lookup() -> Mapping[str, str]:
    """Word form → lemma, as spaCy's lookup lemmatizer reads it (keyed by exact text)."""
    return lookup_table("lemma_lookup")
