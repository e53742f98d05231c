"""The organisation search skips the gazetteer pattern only where it cannot match."""

from __future__ import annotations

import re

import pytest

from extractors import public_bodies as gazetteer
from extractors.metadata import (
    _DOMAIN_RE,
    _ORG_SLOGAN_RE,
    _SHORT_CC_RE,
    _bodies_by_domain,
    _forms_pattern,
    _forms_that_may_match,
    _listed_forms,
    _listed_names_in,
    _may_match,
    _may_name_a_listed_body,
    organisations_in,
)


def _variants(form: str) -> list[str]:
    """How papers print a listed name: any case, spacing, quote, ``&`` for ``and``, inside
    punctuation, with a possessive."""
    out = [form, form.upper(), form.lower(), form.title()]
    out += [form.replace(" ", "  "), form.replace(" ", "\t"), form.replace(" ", " \n ")]
    out += [form.replace("'", "’"), form.replace(" and ", " & "), form.replace("&", "and")]
    out += [f"({form})", f"The {form}'s report.", f"{form}’s", f"-{form}-"]
    return out


def test_every_listed_name_as_printed_passes_the_filter() -> None:
    pattern = gazetteer.name_pattern()
    checked = 0
    for body in gazetteer.public_bodies():
        for form in (body.name, *body.aliases):
            for text in _variants(form):
                if pattern.search(text):
                    assert _may_name_a_listed_body(text), text
                    checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    "line",
    [
        "The committee noted the report and agreed the recommendations.",
        "Item 7: Budget monitoring 2024-25 (Quarter 3)",
        "Contact: jane.smith@example.org, tel 01234 567890",
    ],
)
def test_a_line_naming_no_listed_body_skips_the_pattern(line: str) -> None:
    assert not _may_name_a_listed_body(line)
    assert not gazetteer.name_pattern().search(line)


def test_text_with_non_ascii_letters_is_searched_where_they_may_be_ascii_ones() -> None:
    """Case-insensitive matching folds some letters to ASCII (the Kelvin sign to k)."""
    assert _may_name_a_listed_body("\u212aent County Council")
    assert not _may_name_a_listed_body("The comité’s report – noted.")


def test_a_listed_name_is_still_found_through_the_filter() -> None:
    mentions, _ = organisations_in("Report of Kent County Council's Cabinet")
    assert [m.name for m in mentions] == ["Kent County Council"]


def test_the_narrowed_pattern_is_built_as_the_gazetteer_builds_its_own() -> None:
    assert _forms_pattern(_listed_forms()).pattern == gazetteer.name_pattern().pattern


def test_the_narrowed_pattern_finds_what_the_whole_pattern_finds() -> None:
    pattern = gazetteer.name_pattern()
    checked = 0
    for body in gazetteer.public_bodies()[::7]:
        for form in (body.name, *body.aliases):
            for text in [*_variants(form), f"{form} and Kent County Council", f"\u212a{form}"]:
                whole = [(m.start(), m.end()) for m in pattern.finditer(text)]
                assert [(m.start(), m.end()) for m in _listed_names_in(text)] == whole, text
                checked += bool(whole)
    assert checked > 100


def test_letters_matched_as_ascii_are_read_as_ascii_by_the_filter() -> None:
    """Case-insensitive matching takes the Kelvin sign for k and the dotted İ for i."""
    assert "kent county council" in _forms_that_may_match("\u212aent County Council")
    assert [m.group() for m in _listed_names_in("\u212aent County Council")] == [
        "\u212aent County Council"
    ]


def test_the_domain_index_gives_what_the_gazetteer_gives_for_every_label() -> None:
    labels = {gazetteer.squash(b.place) for b in gazetteer.public_bodies()} | {"nowhere", ""}
    councils = _bodies_by_domain("council")
    for label in labels:
        found = set(councils.get(label, []))
        assert (found.pop() if len(found) == 1 else None) == gazetteer.by_domain(label), label
    police = _bodies_by_domain("police")
    for label in labels:
        expected = [
            b
            for b in gazetteer.public_bodies()
            if b.kind == "police" and gazetteer.squash(b.place) == label
        ]
        assert police.get(label, []) == expected


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (_DOMAIN_RE, "Contact: jane.smith@KENT.GOV.UK"),
        (_DOMAIN_RE, "see www.westsussex.gov.uk/budget or //devon-cornwall.police.uk"),
        (_DOMAIN_RE, "help@\u212aent.gov.wales"),
        (_SHORT_CC_RE, "agreed with West Sussex CC officers"),
        (_ORG_SLOGAN_RE, "Kent County Council: Working for Kent"),
    ],
)
def test_a_whole_paper_search_is_never_skipped_where_it_matches(
    pattern: re.Pattern[str], text: str
) -> None:
    assert pattern.search(text)
    assert _may_match(pattern, text)


def test_a_paper_without_their_words_skips_the_whole_paper_searches() -> None:
    text = "The committee noted the report. Contact: jane@example.org"
    assert not any(_may_match(p, text) for p in (_DOMAIN_RE, _SHORT_CC_RE, _ORG_SLOGAN_RE))
