"""The shared parse: one doc per distinct text, and matchers that skip docs they cannot match."""

from __future__ import annotations

from extractors.evidence import evidence_finder
from pipeline.apply_rules import engine_for
from rules.engine import DocCache, PatternSet, _requirement, doc_cache, get_nlp
from rules.evidence import evidence_vocabulary
from rules.loader import load_rules


def _texts() -> list[str]:
    vocabulary = evidence_vocabulary()
    texts = [text for text, _ in vocabulary.examples_find]
    texts += list(vocabulary.examples_ignore)
    texts += [example.text for example in vocabulary.examples_status]
    for rule in load_rules():
        texts += [*rule.examples_flag, *rule.examples_pass]
    return texts


def test_each_distinct_text_is_parsed_once_and_shared() -> None:
    nlp = get_nlp()
    cache = DocCache(nlp, max_tokens=4)
    first = cache.docs(["a b", "c d", "a b"], ["sentencizer"])
    assert first[0] is first[2] and first[0] is not first[1]
    assert [doc.text for doc in first] == ["a b", "c d", "a b"]
    assert cache.docs(["a b"], ("sentencizer",))[0] is first[0]
    # Another set of components is another doc.
    assert cache.docs(["a b"])[0] is not first[0]
    # Beyond ``max_tokens`` the texts used longest ago are parsed again.
    cache.docs(["e", "f", "g"], ["sentencizer"])
    assert cache.tokens <= 4
    assert cache.docs(["a b"], ["sentencizer"])[0] is not first[0]
    # Evidence and the rules read the same cache, of one pipeline however it is asked for.
    assert evidence_finder().cache is doc_cache(nlp)
    assert engine_for(None).docs is doc_cache(nlp)
    assert get_nlp(None) is nlp


def test_matches_are_kept_with_a_cached_doc_and_equal_a_fresh_match() -> None:
    nlp = get_nlp()
    finder = evidence_finder()
    (doc,) = finder.docs(["Monthly case file audits and the staff survey were presented."])
    fresh = finder.patterns(doc)
    assert finder.matches(doc) == fresh
    assert finder.matches(doc) == fresh
    assert finder.cache.matches(finder.patterns, nlp("an audit")) == finder.patterns(
        nlp("an audit")
    )


def test_word_filtered_matchers_give_the_same_matches_as_one_plain_matcher() -> None:
    nlp = get_nlp()
    vocabulary = evidence_vocabulary()
    groups = {
        "sources": [(f"evidence:{s.kind}", list(s.patterns)) for s in vocabulary.sources],
        "status": [("seen", list(vocabulary.seen)), ("missing", list(vocabulary.missing))],
    }
    groups["rules"] = [(rule.id, list(rule.patterns)) for rule in load_rules() if rule.patterns]
    groups["rules"] += [
        (rule.id + ":exception", list(rule.exceptions)) for rule in load_rules() if rule.exceptions
    ]
    docs = list(nlp.pipe(_texts()))
    for name, keyed in groups.items():
        fast, plain = PatternSet(nlp), PatternSet(nlp, optimise=False)
        for key, patterns in keyed:
            greedy = "LONGEST" if key.endswith(":exception") else None
            # Added in two halves: a key added again keeps its first patterns.
            half = len(patterns) // 2
            for part in (patterns[:half], patterns[half:]):
                if part:
                    fast.add(key, part, greedy=greedy)
                    plain.add(key, part, greedy=greedy)
        assert fast.keyed, name
        for doc in docs:
            assert sorted(fast(doc)) == sorted(plain(doc)), (name, doc.text)


def test_a_pattern_needs_a_word_only_from_a_token_that_must_match() -> None:
    assert _requirement([{"LOWER": "a", "OP": "?"}, {"LEMMA": {"IN": ["b", "c"]}}]) == {
        "lemma_": frozenset({"b", "c"})
    }
    assert _requirement([{"LOWER": {"IN": ["x", "y"]}, "OP": "+"}, {"LIKE_NUM": True}]) == {
        "lower_": frozenset({"x", "y"})
    }
    assert _requirement([{"ORTH": "-", "OP": "{1,2}"}]) == {"orth_": frozenset({"-"})}
    assert _requirement([{"LOWER": "a", "OP": "*"}, {"LIKE_NUM": True}]) is None
    assert _requirement([{"LOWER": "a", "OP": "{,2}"}, {"LOWER": "b", "OP": "!"}]) is None
    assert _requirement([{"LOWER": {"REGEX": "^a"}}]) is None
