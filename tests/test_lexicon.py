"""The English lexicon behind ``is_known_word``: read without parsing its JSON into a dict."""

from __future__ import annotations

import gzip
import json

import spacy_lookups_data

from extractors.text_utils import _LEXICON_FILE, _LEXICON_WORD, _english_lexicon, is_known_word


def test_the_lexicon_holds_exactly_the_lower_case_word_keys_of_the_table() -> None:
    path = spacy_lookups_data.get_file(_LEXICON_FILE)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        table = json.load(f)
    assert _english_lexicon() == frozenset(w for w in table if _LEXICON_WORD.match(w))


def test_known_words_and_debris() -> None:
    assert is_known_word("Council") and is_known_word("don't")
    assert not is_known_word("tartiany") and not is_known_word("xboxpad")
