"""Run the rules over record texts: one spaCy pass and one set of matchers for all rules.

Every rule's patterns (and phrases, turned into ``LOWER`` token patterns) are compiled
once under the rule's id, its exceptions under ``<id>:exception``. Each text is
tokenised once and matched once; then each rule of the record's table is judged
from those matches by the one generic code path of its ``kind`` (presence or
absence). Quoted words, suppression comments and exceptions are applied there.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from pipeline.lexicon import lemma_lookup
from pipeline.records import Flag
from rules.config import RulesConfig
from rules.evidence import vocabulary_by_name, vocabulary_files
from rules.loader import Rule, TokenPattern, load_rules, rule_files

# Bump when the engine's matching behaviour changes, so stored flags are recomputed.
ENGINE_VERSION = "1"
BATCH_SIZE = 256
DOC_CACHE_TOKENS = 100_000  # about 25 MB of docs
EXCEPTION_SUFFIX = ":exception"

Span = tuple[int, int]

# `boardpapers: ignore vague-frequency, undefined-quality` or `boardpapers: ignore all`,
# optionally wrapped as (...), [...], # ... or <!-- ... -->.
SUPPRESSION = re.compile(
    r"(?:<!--\s*|\(\s*|\[\s*|#\s*)?\bboardpapers:\s*ignore\s+"
    r"(?P<ids>all\b|[a-z0-9]+(?:-[a-z0-9]+)*(?:\s*,\s*[a-z0-9]+(?:-[a-z0-9]+)*)*)"
    r"(?:\s*(?:-->|\)|\]))?",
    re.IGNORECASE,
)
SUPPRESS_ALL = "all"

# A quotation: the opening mark follows no letter and the closing mark is followed by
# none, so the apostrophes of "children's" and "childrens'" never pair up.
QUOTATION = re.compile(
    r"""(?<!\w)(?:"(?=\S)[^"\n]*?(?<=\S)"|“[^”\n]*”|‘[^’\n]*?’(?!\w)|'(?=\S)[^'\n]*?(?<=\S)'(?!\w))"""
)
QUOTE_MARKS = frozenset("\"'‘“")


@dataclass(frozen=True, slots=True)
class RecordText:
    """One record's text to check. ``due_date`` lets an absence rule be satisfied by
    the record's own column (see a rule's ``satisfied_by``)."""

    doc_id: str
    table: str  # "milestones" | "statements"
    record_id: str
    text: str
    due_date: str | None = None
    evidence: bool | None = None
    """Whether ``text`` names an evidence source, as the extract stage found it (its
    ``evidence`` column); None when not known, and the engine looks itself."""


LEMMATIZER = "boardpapers_lookup_lemmatizer"


@Language.component(LEMMATIZER)
def _lookup_lemmatizer(doc: Doc) -> Doc:
    """spaCy's lookup lemmatizer (``mode="lookup"``), on the lower-cased text: the table is
    keyed by exact text, so "Good" or "Audits" at the start of a sentence would keep their
    form. Reads the table as a plain mapping (``pipeline.lexicon``): spaCy's own ``Lookups``
    table would hash its 40,000 entries again in every process."""
    table = lemma_lookup()
    for token in doc:
        if token.lemma == 0:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower)
    return doc


def get_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline, built once per process (``get_nlp()`` and ``get_nlp(None)`` are
    the same pipeline, so evidence and the rules share one vocabulary and parse cache).

    Default: ``spacy.blank("en")`` + sentencizer + lookup lemmatizer. The lookup
    table is keyed by exact text, so "Good" or "Audits" at the start of a sentence
    would keep their form; we look up the lower-cased text instead, which also
    makes every lemma lower case (the loader rejects upper-case ``LEMMA`` values).
    ``model`` names an installed trained pipeline to use instead; it is never needed.
    """
    return _build_nlp(model)


@cache
def _build_nlp(model: str | None) -> Language:
    if model is not None:
        trained = spacy.load(model, exclude=["ner", "parser", "textcat"])
        if not {"senter", "sentencizer"} & set(trained.pipe_names):
            trained.add_pipe("sentencizer")
        return trained
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LEMMATIZER, name="lemmatizer")
    lemma_lookup()  # read now: workers forked after this inherit the table
    return nlp


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def rules_version(directory: Path | None = None) -> str:
    """A stable hash of the rule files, the engine version and the tokenizer's versions.

    Changes whenever a re-run could flag differently, so the nightly job knows to
    run the rules again over unchanged papers.
    """
    return _version_of([*rule_files(directory), *vocabulary_files()])


def _version_of(paths: Iterable[Path], *extra: str) -> str:
    digest = hashlib.sha256()
    for part in (ENGINE_VERSION, spacy.__version__, _package_version("spacy-lookups-data")):
        digest.update(part.encode() + b"\0")
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for part in extra:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def _phrase_pattern(nlp: Language, phrase: str) -> TokenPattern:
    return [{"LOWER": token.lower_} for token in nlp.make_doc(phrase) if not token.is_space]


def _uses(patterns: Iterable[TokenPattern], attributes: set[str]) -> bool:
    return any(key.upper() in attributes for pattern in patterns for t in pattern for key in t)


def suppressions(text: str) -> tuple[frozenset[str], list[Span]]:
    """Rule ids excused by inline comments in ``text`` (``"all"`` for all) and the
    comments' own spans, which are never flagged."""
    if "boardpapers" not in text.lower():
        return frozenset(), []
    ids: set[str] = set()
    spans: list[Span] = []
    for found in SUPPRESSION.finditer(text):
        ids.update(part.strip().lower() for part in found.group("ids").split(","))
        spans.append(found.span())
    return frozenset(ids), spans


def quotations(text: str) -> list[Span]:
    """Spans of quoted words, quote marks included: there words are mentioned, not used."""
    if QUOTE_MARKS.isdisjoint(text):
        return []
    return [found.span() for found in QUOTATION.finditer(text)]


def _inside(span: Span, regions: Sequence[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in regions)


def _overlaps(span: Span, regions: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in regions)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def content_span(text: str, comments: Sequence[Span]) -> Span | None:
    """Where an absence flag goes: the first stretch of text outside suppression
    comments, trimmed of white space (normally the whole text). ``None`` if empty."""
    cursor = 0
    for start, end in [*sorted(comments), (len(text), len(text))]:
        piece = text[cursor:start]
        if piece.strip():
            leading = len(piece) - len(piece.lstrip())
            return cursor + leading, cursor + len(piece.rstrip())
        cursor = max(cursor, end)
    return None


# Components of the default pipeline that only set token attributes some patterns read;
# each is skipped when no active pattern reads its attributes.
OPTIONAL_COMPONENTS = {
    "lemmatizer": {"LEMMA"},
    "sentencizer": {"IS_SENT_START", "SENT_START"},
}

# Attributes a PhraseMatcher can match on, and the spelling it wants.
PHRASE_ATTRIBUTES = {"LOWER": "LOWER", "LEMMA": "LEMMA", "ORTH": "ORTH", "TEXT": "ORTH"}


def _word_lists(pattern: TokenPattern) -> tuple[str, list[list[str]]] | None:
    """``(attribute, phrases)`` if every token of ``pattern`` tests only one attribute,
    the same for all, against a word (or, for a one-token pattern, a list of words)
    with no operator: such a pattern is a list of phrases."""
    attributes = set()
    words: list[str] = []
    for token in pattern:
        if len(token) != 1:
            return None
        ((attribute, value),) = token.items()
        phrase_attribute = PHRASE_ATTRIBUTES.get(attribute.upper())
        if phrase_attribute is None:
            return None
        attributes.add(phrase_attribute)
        if isinstance(value, str):
            words.append(value)
        elif len(pattern) == 1 and isinstance(value, dict) and list(value) == ["IN"]:
            return phrase_attribute, [[v] for v in value["IN"]]
        else:
            return None
    if len(attributes) != 1:
        return None
    return attributes.pop(), [words]


_PATTERN_SET_SERIALS = itertools.count()


# Token attributes a pattern can require a word of, and the Token attribute holding it.
REQUIRABLE = {"LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_", "LEMMA": "lemma_"}
Requirement = dict[str, frozenset[str]]
"""For each of ``REQUIRABLE``'s token attributes, words a doc must hold one of (in any
of them): a necessary condition for a pattern to match."""


def _required(token: dict) -> bool:
    """Whether a token pattern must match at least one token (by its ``OP``)."""
    op = token.get("OP")
    if op is None or op == "+":
        return True
    found = re.fullmatch(r"\{(\d+)(?:,\d*)?\}", str(op))
    return found is not None and int(found.group(1)) >= 1


def _requirement(pattern: TokenPattern) -> Requirement | None:
    """Words of which ``pattern`` needs one in the doc to match, from the required token
    with the fewest; None if no required token tests a word (``LIKE_NUM``, ``SHAPE``)."""
    best: Requirement | None = None
    for token in pattern:
        if not _required(token):
            continue
        for attribute, value in token.items():
            name = REQUIRABLE.get(attribute.upper())
            if name is None:
                continue
            if isinstance(value, str):
                words = frozenset([value])
            elif (
                isinstance(value, dict)
                and list(value) == ["IN"]
                and all(isinstance(v, str) for v in value["IN"])
            ):
                words = frozenset(value["IN"])
            else:
                continue
            if best is None or len(words) < sum(map(len, best.values())):
                best = {name: words}
    return best


class PatternSet:
    """All rules' token patterns, run in one pass over a doc.

    Patterns that are plain words or lists of words go to one ``PhraseMatcher`` per
    attribute (a hash lookup per token); the rest go to a ``Matcher`` per key, which runs
    only on docs holding a word every match of one of its patterns needs (a key with a
    pattern that needs no word goes to one ``Matcher`` run on every doc). All give the
    same matches as a single ``Matcher`` would, since no key's matches depend on
    another's (``optimise=False`` uses only that, and a test compares the two).
    """

    def __init__(self, nlp: Language, optimise: bool = True) -> None:
        self.serial = next(_PATTERN_SET_SERIALS)
        self.vocab = nlp.vocab
        self.optimise = optimise
        self.matcher = Matcher(nlp.vocab)
        self.phrase_matchers: dict[str, PhraseMatcher] = {}
        self.keyed: dict[str, tuple[Matcher, dict[str, set[str]]]] = {}
        self.token_patterns: dict[str, list[TokenPattern]] = {}

    def add(self, key: str, patterns: Sequence[TokenPattern], greedy: str | None = None) -> None:
        # Matches a ``DocCache`` kept for this set are stale once it grows: a new serial.
        self.serial = next(_PATTERN_SET_SERIALS)
        token_patterns: list[TokenPattern] = []
        for pattern in patterns:
            words = _word_lists(pattern) if self.optimise else None
            if words is None:
                token_patterns.append(pattern)
                continue
            attribute, phrases = words
            matcher = self.phrase_matchers.get(attribute)
            if matcher is None:
                matcher = self.phrase_matchers[attribute] = PhraseMatcher(
                    self.vocab, attr=attribute
                )
            matcher.add(key, [self._phrase_doc(attribute, phrase) for phrase in phrases])
        if not token_patterns:
            return
        # A key added again keeps its earlier patterns (and takes the new ``greedy``, as
        # ``Matcher.add`` does): it is placed again with all of them.
        if key in self.matcher:
            self.matcher.remove(key)
        self.keyed.pop(key, None)
        all_patterns = self.token_patterns[key] = [
            *self.token_patterns.get(key, ()),
            *token_patterns,
        ]
        requirements = [_requirement(p) for p in all_patterns] if self.optimise else [None]
        if None in requirements:
            self.matcher.add(key, all_patterns, greedy=greedy)  # type: ignore[arg-type]
            return
        matcher = Matcher(self.vocab)
        matcher.add(key, all_patterns, greedy=greedy)  # type: ignore[arg-type]
        needs: dict[str, set[str]] = defaultdict(set)
        for requirement in requirements:
            for name, words in (requirement or {}).items():
                needs[name] |= words
        self.keyed[key] = (matcher, dict(needs))

    def _phrase_doc(self, attribute: str, words: list[str]) -> Doc:
        # Built word by word, so a phrase is exactly the tokens the pattern listed.
        if attribute == "LEMMA":
            return Doc(self.vocab, words=words, lemmas=words)
        return Doc(self.vocab, words=words)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = list(self.matcher(doc)) if len(self.matcher) else []
        if self.keyed:
            held: dict[str, set[str]] = {}
            for matcher, needs in self.keyed.values():
                for name, words in needs.items():
                    have = held.get(name)
                    if have is None:
                        have = held[name] = {getattr(token, name) for token in doc}
                    if not have.isdisjoint(words):
                        matches += matcher(doc)
                        break
        for matcher in self.phrase_matchers.values():
            matches += matcher(doc)
        return matches


class _Parsed:
    __slots__ = ("doc", "matches")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.matches: dict[int, list[tuple[int, int, int]]] = {}


class DocCache:
    """Texts parsed by one spaCy pipeline, so each distinct text is tokenised once.

    The extract stage's evidence and the rules stage read the same texts (a milestone's
    text is matched against the evidence vocabulary, then against the rules), and a
    paper repeats texts (a milestone in every monthly report); both stages ask here.
    Keyed by the text and the components skipped (the same text through other
    components is another doc). The matches of a ``PatternSet`` on a doc from here are
    kept with it. The texts used last are kept, up to ``max_tokens`` tokens in all (a
    paper's texts fit many times over). Docs handed out are shared: nothing may change
    them.
    """

    def __init__(self, nlp: Language, max_tokens: int = DOC_CACHE_TOKENS) -> None:
        self.nlp = nlp
        self.max_tokens = max_tokens
        self.tokens = 0
        self._parsed: OrderedDict[tuple[str, tuple[str, ...]], _Parsed] = OrderedDict()
        self._by_doc: dict[int, _Parsed] = {}

    def docs(self, texts: Iterable[str], disable: Iterable[str] = ()) -> list[Doc]:
        """The docs of ``texts``, in order; texts not parsed yet go through ``nlp.pipe``
        in one batch, each distinct text once."""
        skip = tuple(sorted(set(disable)))
        texts = list(texts)
        parsed = self._parsed
        new = [text for text in dict.fromkeys(texts) if (text, skip) not in parsed]
        if new:
            docs = self.nlp.pipe(new, batch_size=BATCH_SIZE, disable=list(skip))
            for text, doc in zip(new, docs, strict=True):
                entry = parsed[(text, skip)] = _Parsed(doc)
                self._by_doc[id(doc)] = entry
                self.tokens += len(doc)
        found = []
        for text in texts:
            parsed.move_to_end((text, skip))
            found.append(parsed[(text, skip)].doc)
        while self.tokens > self.max_tokens:
            _, entry = parsed.popitem(last=False)
            del self._by_doc[id(entry.doc)]
            self.tokens -= len(entry.doc)
        return found

    def matches(self, patterns: PatternSet, doc: Doc) -> list[tuple[int, int, int]]:
        """``patterns(doc)``, matched once per doc from here (a doc from elsewhere is
        matched every time)."""
        entry = self._by_doc.get(id(doc))
        if entry is None or entry.doc is not doc:
            return patterns(doc)
        found = entry.matches.get(patterns.serial)
        if found is None:
            found = entry.matches[patterns.serial] = patterns(doc)
        return list(found)


@cache
def doc_cache(nlp: Language) -> DocCache:
    """The one ``DocCache`` of ``nlp`` in this process."""
    return DocCache(nlp)


class RuleEngine:
    """Compiled rules, ready to flag record texts. Build with ``RuleEngine.load``."""

    def __init__(
        self,
        rules: Sequence[Rule],
        config: RulesConfig,
        nlp: Language,
        *,
        optimise: bool = True,
    ) -> None:
        config.check_rule_ids(rule.id for rule in rules)
        self.config = config
        self.nlp = nlp
        self.docs = doc_cache(nlp)
        self.all_rules = tuple(rules)
        self.rules = tuple(rule for rule in rules if rule.id not in config.disabled)
        self.severities = {r.id: config.severity_for(r.id, r.severity) for r in self.rules}
        self.rules_by_table = {
            table: tuple(r for r in self.rules if table in r.applies_to)
            for table in {t for r in self.rules for t in r.applies_to}
        }
        # One pattern set per table, of the rules that apply to it: a statement is not
        # matched against the milestone-only rules. Each rule's matches do not depend
        # on the other rules in the set, so they are the same as in one set of all.
        self.patterns_by_table = {
            table: PatternSet(nlp, optimise=optimise) for table in self.rules_by_table
        }
        self.key_to_rule: dict[int, tuple[str, bool]] = {}
        all_patterns: list[TokenPattern] = []
        for rule in self.rules:
            patterns = [*rule.patterns, *(_phrase_pattern(nlp, p) for p in rule.phrases)]
            self._add(rule, patterns, is_exception=False)
            if rule.exceptions:
                self._add(rule, list(rule.exceptions), is_exception=True)
            all_patterns += patterns + list(rule.exceptions)
            for name in rule.vocabulary:
                # Matched only where the record does not say (see ``_names_vocabulary``).
                all_patterns += vocabulary_by_name(name).patterns
        self.rule_by_id = {rule.id: rule for rule in self.rules}
        self.disabled_pipes = [
            name
            for name, attributes in OPTIONAL_COMPONENTS.items()
            if name in nlp.pipe_names and not _uses(all_patterns, attributes)
        ]

    def _add(self, rule: Rule, patterns: list[TokenPattern], is_exception: bool) -> None:
        key = rule.id + EXCEPTION_SUFFIX if is_exception else rule.id
        for table in dict.fromkeys(rule.applies_to):
            # Exceptions may use open-ended operators; only the longest match is needed.
            self.patterns_by_table[table].add(
                key, patterns, greedy="LONGEST" if is_exception else None
            )
        self.key_to_rule[self.nlp.vocab.strings[key]] = (rule.id, is_exception)

    @classmethod
    def load(
        cls,
        config: RulesConfig | None = None,
        *,
        directory: Path | None = None,
        model: str | None = None,
    ) -> RuleEngine:
        """Load, validate and compile the rules in ``directory`` (default ``rules/patterns``)."""
        return cls(load_rules(directory), config or RulesConfig(), get_nlp(model))

    @cached_property
    def version(self) -> str:
        """Like ``rules_version``, for the rule files this engine loaded, plus its
        config: flags stored under another version should be recomputed."""
        config = self.config
        vocabularies = {name for rule in self.all_rules for name in rule.vocabulary}
        return _version_of(
            [
                *(rule.path for rule in self.all_rules),
                *(vocabulary_by_name(name).path for name in sorted(vocabularies)),
            ],
            repr((sorted(config.disabled), config.severity_overrides, config.min_severity)),
        )

    def flag(self, records: Iterable[RecordText]) -> list[Flag]:
        """Flags for ``records``, in record order, then by start offset, then rule id."""
        records = list(records)
        docs = self.docs.docs((record.text for record in records), self.disabled_pipes)
        flags: list[Flag] = []
        for record, doc in zip(records, docs, strict=True):
            flags.extend(self._flag_record(record, doc))
        return flags

    def flag_text(self, text: str, table: str = "milestones") -> list[Flag]:
        """Flags for one text, for tests and quick checks."""
        return self.flag([RecordText(doc_id="", table=table, record_id="", text=text)])

    def _matches(self, table: str, doc: Doc) -> Iterator[tuple[str, bool, Span]]:
        for key, start, end in self.docs.matches(self.patterns_by_table[table], doc):
            rule_id, is_exception = self.key_to_rule[key]
            last = doc[end - 1]
            yield rule_id, is_exception, (doc[start].idx, last.idx + len(last.text))

    def _names_vocabulary(self, rule: Rule, record: RecordText, doc: Doc) -> bool:
        """Whether the record names a source of the rule's vocabulary (``evidence``).

        The extract stage has already matched the vocabulary once per record
        (``RecordText.evidence``); only a text it never saw (a lint paragraph, a quick
        check) is matched here, on the doc the engine already has.
        """
        if not rule.vocabulary:
            return False
        if record.evidence is not None:
            return record.evidence
        from extractors.evidence import evidence_finder  # extractors import this module

        return bool(evidence_finder().sources(doc, text=record.text))

    def _flag_record(self, record: RecordText, doc: Doc) -> list[Flag]:
        rules = self.rules_by_table.get(record.table, ())
        if not rules:
            return []
        text = record.text
        excused, comments = suppressions(text)
        if SUPPRESS_ALL in excused:
            return []
        hits: dict[str, list[Span]] = defaultdict(list)
        exceptions: dict[str, list[Span]] = defaultdict(list)
        for rule_id, is_exception, span in self._matches(record.table, doc):
            (exceptions if is_exception else hits)[rule_id].append(span)
        quoted = quotations(text)
        found: list[tuple[int, str, int]] = []
        for rule in rules:
            if rule.id in excused:
                continue
            spans = [
                span
                for span in hits.get(rule.id, ())
                if not _overlaps(span, exceptions.get(rule.id, ()))
                and not _overlaps(span, comments)
            ]
            if rule.kind == "presence":
                found += [(s, rule.id, e) for s, e in _merge(spans) if not _inside((s, e), quoted)]
            elif (
                not spans
                and not any(getattr(record, f) for f in rule.satisfied_by)
                and not self._names_vocabulary(rule, record, doc)
            ):
                whole = content_span(text, comments)
                if whole is not None:
                    found.append((whole[0], rule.id, whole[1]))
        flags = []
        for start, rule_id, end in sorted(found):
            severity = self.severities[rule_id]
            if not self.config.reports(severity):
                continue
            rule = self.rule_by_id[rule_id]
            flags.append(
                Flag(
                    doc_id=record.doc_id,
                    table=record.table,
                    record_id=record.record_id,
                    rule=rule_id,
                    matched_text=text[start:end],
                    start=start,
                    end=end,
                    severity=severity,
                    message=rule.message,
                    suggestion=rule.suggestion,
                )
            )
        return flags
