"""What a paper says about itself: title, issuing organisation, the body it is for, its date.

Decisions, per field (the same for every kind unless a kind's extractor says more):

* ``organisation``: the body that issued the paper, from evidence weighed together:
  a name in the masthead (strongest at the start of a line), names in the text, e-mail
  and web domains (``@westsussex.gov.uk``), council acronyms ("KCC") that fit one
  listed council, "the County Council" with the one county the paper names, a slogan
  ("Working for Warwickshire"), the file's author property. Names are checked against
  the gazetteer of UK public bodies (``extractors/public_bodies.py``) or must have the
  general form of one ("X Parish Council", "X Police", "X NHS Foundation Trust"):
  a person's name or a room ("Council Chamber") never makes a council. Inspectorates
  and ministries count only as the letterhead (papers about them name them often),
  police forces and NHS bodies named in the text weigh half (a council's partners),
  and an inspection report ("Inspection of …") is issued by the inspectorate, not the
  council it inspected.
* ``body``: a "TO:" / "Decision to be taken by:" line; "Minutes of the …" / "Report to
  the …"; else the board, panel or committee the masthead names. Never with a date
  glued on ("Cabinet – 4 March 2025" → "Cabinet"). Null when the paper names none.
* ``doc_date``: a labelled date ("DATE:", "Meeting held on …", a "Date of update
  report" column); a "TO: Cabinet – 4 March 2025" line; a masthead line that is a date
  with a few words around it. A date inside a sentence, of minutes being approved
  ("Minutes of the meeting held on 30 July 2024" as an agenda item) or of an item is
  not the paper's date: then null, unless a kind's extractor knows better.
* ``title``: the first line of the masthead that names the paper, skipping labels
  ("Agenda item", "BRIEFING NOTE"), banners ("DRAFT", "CONTAINS PROVISIONAL DATA"),
  breadcrumbs ("Home > Council and Democracy > …"), the organisation's name, a line
  that only names the body (with or without a date) and a slogan; a "RE:" / "Subject:"
  line wins (a briefing note's title is its subject); a title wrapped over two lines is
  joined; an "Item 7 –" prefix is dropped. When the paper prints no title: the file's
  own metadata title if the paper prints it, else a file name that is words, else the
  metadata title, else null.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from extractors import public_bodies as gazetteer
from extractors.dates import MONTHS, find_date_spans, find_dates
from extractors.rag_grid import rag_grid_in
from extractors.text_utils import clean, folded, needs, per_document
from pipeline.model import Block, Document
from pipeline.records import DocumentMeta

# How far into a paper its masthead can reach (blocks); later text is body matter.
_MASTHEAD_BLOCKS = 25
# Lines of page 1 that count as its letterhead for the organisation.
_LETTERHEAD_LINES = 12
_MAX_TITLE_WORDS = 25
_MAX_MINUTES_TITLE_WORDS = 40
_DATELINE_MAX_WORDS = 12

# ---------------------------------------------------------------------------
# lines
# ---------------------------------------------------------------------------

_LABEL_ONLY = re.compile(r"^[A-Za-z][A-Za-z /&()'’-]{1,40}:\s*$")


def _cell_lines(text: str) -> list[str]:
    """A cell's lines, a label alone on its line joined to the value below it."""
    out: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if out and _LABEL_ONLY.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _block_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if b.is_table:
            for row in b.rows[:8]:
                filled = [c for c in row.texts if c.strip()]
                if len(filled) == 1 or any("\n" in c or ":" in c for c in filled):
                    lines.extend(ln for c in filled for ln in _cell_lines(c))
                else:
                    lines.append(" ".join(filled))
        else:
            lines.extend(b.text.splitlines())
    return [ln.strip() for ln in lines if ln.strip()]


def _text_lines(blocks: list[Block]) -> list[tuple[str, bool]]:
    """Non-table lines of ``blocks`` as ``(text, is_heading)``."""
    out: list[tuple[str, bool]] = []
    for b in blocks:
        if not b.is_table:
            out.extend(
                (ln.strip(), b.kind == "heading") for ln in b.text.splitlines() if ln.strip()
            )
    return out


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "on", "upon", "at", "by", "with"})


def _smart_title(text: str) -> str:
    """ "KENT COUNTY COUNCIL" → "Kent County Council"; mixed-case text is left alone."""
    if re.search(r"[a-z]", text):
        return text
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in _SMALL_WORDS:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


@per_document
def _undated(text: str) -> str:
    """``text`` without its dates, times and the dashes that held them on."""
    for start, end in reversed(_date_spans(text)):
        text = text[:start] + text[end:]
    text = re.sub(r"\b(?:at\s+)?\d{1,2}[.:]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?", "", text, flags=re.I)
    text = re.sub(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b,?", "", text)
    return re.sub(r"\s+", " ", text).strip(" –—-,:|;(")


def _date_spans(line: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _ in find_date_spans(line)]


# ---------------------------------------------------------------------------
# organisation
# ---------------------------------------------------------------------------

_TYPE_WORDS = frozenset(
    {"County", "Borough", "District", "City", "Town", "Parish", "Community", "Village"}
    | {"Metropolitan", "Neighbourhood"}
)
# Words after "Council" that make it a place, not a body: "Council Chamber".
_ROOM_WORDS = frozenset(
    {"Chamber", "Chambers", "Offices", "Office", "Building", "Buildings", "House", "Hall"}
    | {"Room", "Rooms", "Tax", "Depot", "Car", "Tenants"}
)
_CONNECTORS = frozenset({"and", "upon", "on", "under", "in", "by", "le", "next", "cum", "&"})
_MEETING_ADJECTIVES = frozenset({"Annual", "Extraordinary", "Special", "Ordinary"})


def _words(text: str) -> list[str]:
    return text.split()


_MONTH_NAMES = _words(
    "January February March April May June July August September October November December"
)
# Capitalised words that are never (part of) a place in "X Council".
_NOT_PLACE = frozenset(
    _words(
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
        "The This That These Those A An Our Your Their Its His Her Which What Whose "
        "For If When As At By To From With And But So Also Both All Each Every Any No "
        "Whilst While Where Whether Because Since Unlike Including Between Across Within "
        "Into Of In On Under Upon Via Per Than Then Once Only Other Another New Former "
        "Full Whole Unitary Local Cabinet Executive Council Councils Shadow Elected "
        "Budget Health Grant Care Youth Young Children People Member Members Annual "
        "Special Ordinary Extraordinary Meeting Chamber Social Services Service Mayoral "
        "Schools School Neighbouring Partner Partners Constituent Lead Host Relevant "
        "European Privy Research Arts Sports Medical Security Economic Design Planning "
        "Democratic Corporate Labour Conservative Liberal Green Independent Reform "
        "Group Party Leader Chair Chairman Vice Item Agenda Minutes Report Appendix "
        "Government National British English Welsh Scottish UK Mr Mrs Ms Miss Dr "
        "Cllr Councillor Sir Lady Lord Dear Yours Ask Contact Tel Email Phone "
        "Scrutiny Committee Panel Board Partnership Forum Trust Authority Ward "
        "Adult Adults Families Family Education Housing Environment Transport "
        "Agreed Approved Refused Deferred Noted Supported Objected Recommended Granted "
        "Rejected Withdrawn Permitted Decided Resolved"
    )
    + _MONTH_NAMES
    + list(_TYPE_WORDS)
)
_NAME_TOKEN = re.compile(r"[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*|&")
# Bodies that are not councils, by their general form (names in the gazetteer are found
# by name; these find the rest).
_W = r"[A-Z][\w'’.]*(?:-[A-Z][\w'’.]*)*"
_PLACE_WORDS = rf"{_W}(?: (?:and|&|upon|on|of|the) {_W}| {_W}){{0,4}}"
_OTHER_BODY_RES = [
    re.compile(
        rf"\bOffice of the Police,? (?:Fire )?and Crime Commissioner for (?:the )?{_PLACE_WORDS}"
    ),
    re.compile(rf"\bPolice,? (?:Fire )?and Crime Commissioner for (?:the )?{_PLACE_WORDS}"),
    re.compile(rf"\b{_PLACE_WORDS} Police,? (?:Fire )?and Crime Commissioner\b"),
    re.compile(rf"\b{_PLACE_WORDS} (?:Police|Constabulary)\b(?! and Crime)(?!,? Fire)"),
    # the joint committee that scrutinises a commissioner publishes its own papers
    re.compile(rf"\b{_PLACE_WORDS} Police,? (?:Fire )?and Crime Panel\b"),
    re.compile(rf"\b{_PLACE_WORDS} Fire and Rescue (?:Authority|Service)\b"),
    re.compile(rf"\b{_PLACE_WORDS} NHS (?:Foundation )?Trust\b"),
    re.compile(
        rf"\bNHS {_PLACE_WORDS} (?:Integrated Care Board|Clinical Commissioning Group|ICB|CCG)\b"
    ),
    re.compile(rf"\b{_PLACE_WORDS} Integrated Care Board\b"),
    re.compile(rf"\bNHS {_PLACE_WORDS}"),
    re.compile(rf"\bHealthwatch {_W}(?: (?:and|&) {_W}| {_W}){{0,3}}"),
    re.compile(rf"\b{_PLACE_WORDS} Safeguarding (?:Children|Adults) (?:Partnership|Board)\b"),
    # A charitable trust that runs a public service ("Southshire Libraries Trust"); a
    # bank or fund manager called "… Trust" is not one.
    re.compile(
        rf"\b{_PLACE_WORDS} (?:Libraries|Library|Leisure|Housing|Community|Care|Health|"
        r"Education|Learning|Academies|Academy|Museums?|Arts|Culture|Cultural|Sports?|Parks?|"
        r"Heritage|Wildlife|Schools?|Children’s|Children's|Youth) Trust\b"
    ),
    re.compile(rf"\b{_PLACE_WORDS} (?:Mayoral )?Combined (?:County )?Authority\b"),
    re.compile(
        rf"\bMinist(?:ry|er) (?:of State )?(?:for|of) {_W}(?:,? (?:and |of |for |the |& )*{_W})*"
    ),
    re.compile(rf"\bDepartment (?:for|of) {_W}(?:,? (?:and |of |for |the |& )*{_W})*"),
]
_OTHER_BODY_KEYS = (
    "Crime Commissioner",
    "Crime Commissioner",
    "Crime Commissioner",
    ("Police", "Constabulary"),
    "Crime Panel",
    "Fire and Rescue",
    "NHS",
    "NHS",
    "Integrated Care Board",
    "NHS",
    "Healthwatch",
    "Safeguarding",
    "Trust",
    "Combined",
    "Minist",
    "Department",
)
"""A literal each of ``_OTHER_BODY_RES`` needs (one of, for a tuple): a line without it
is not searched with that pattern (most lines name no body; the patterns are slow)."""
_OTHER_BODIES = list(zip(_OTHER_BODY_RES, _OTHER_BODY_KEYS, strict=True))
_THIRD_PARTY_KINDS = frozenset({"inspectorate", "government"})
_PARTNER_KINDS = frozenset({"police", "nhs"})
_INSPECTION_RE = re.compile(r"^(?:[\w’'-]+\s+){0,3}inspection\b", re.IGNORECASE)
_DOMAIN_RE = re.compile(
    r"(?:@|\bwww\.|//)(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.(gov\.uk|gov\.wales|gov\.scot|police\.uk)\b",
    re.IGNORECASE,
)
# A charity names itself with its registration: "Eastmoor Village Hall (Registered Charity
# No. 274033)".
_CHARITY_RE = re.compile(
    r"^\s*(?P<name>[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|and|for|the|&)){0,7})\s*[(,–—-]\s*"
    r"(?:a\s+)?registered\s+charity\b",
    re.IGNORECASE,
)
_ORG_SLOGAN_RE = re.compile(r"\bWorking\s+(?:for|with)\s+([A-Z][a-z]+)\b")
_ACRONYM_TOKEN = re.compile(r"\b([A-Z]{3,6})\b")
_SHORT_CC_RE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) CC\b")
_WHOLE_TEXT_NEEDS = {p: needs(p) for p in (_DOMAIN_RE, _ORG_SLOGAN_RE, _SHORT_CC_RE)}
"""The words these whole-paper searches need: most papers hold none of them."""


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only where ``pattern`` cannot match ``text`` (it lacks the pattern's words)."""
    need = _WHOLE_TEXT_NEEDS[pattern]
    return need is None or need.met(text, folded(text) if need.ignore_case else text)


# Council acronyms of councils not in the gazetteer, spelt out with the one place the
# text names that starts with the same letter (XCC is County or City: not used).
_COUNCIL_ACRONYMS = {
    "BC": "Borough Council",
    "MBC": "Metropolitan Borough Council",
    "DC": "District Council",
}
_ACRONYM_RE = re.compile(r"\b([A-Z])(MBC|BC|DC)\b")
# A place the text names after a preposition: "to Slough.", "in Walsall to be".
_PLACE_AFTER_PREPOSITION = re.compile(
    r"\b(?:to|in|at|across|within|from|throughout)\s+([A-Z][a-z]{2,})\b(?!\s+[A-Z])"
)
_LEAD_LABEL = re.compile(r"^(?:from|by|issued by|published by|produced by)\s*:?\s*", re.I)
_GENERIC_TYPES = ("County", "City", "Borough", "District")

# Weights of the evidence for an organisation.
_W_LETTERHEAD_START = 6.0
_W_LETTERHEAD = 1.5
_W_MENTION = 1.0
_MAX_MENTIONS = 8
_W_DOMAIN = 3.0
_MAX_DOMAIN = 9.0
_W_PROPERTY = 3.0
_W_ACRONYM = 1.0
_MAX_ACRONYM = 4.0
_W_GENERIC_PLACE = 2.0
_W_SLOGAN = 2.0


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    start: int
    end: int
    listed: bool
    """True when the gazetteer lists it (or its general form is unambiguous)."""
    kind: str | None = None


def _canonical(name: str) -> tuple[str, bool, str | None]:
    body = gazetteer.lookup(name)
    if body:
        return body.name, True, body.kind
    return name, False, None


def _council_mentions(line: str, taken: list[tuple[int, int]]) -> tuple[list[_Mention], list[str]]:
    """Unlisted "X Borough Council"-form names in one line, and generic types named
    without a place ("the County Council" → "County")."""
    mentions: list[_Mention] = []
    generic: list[str] = []
    if "Council" not in line:  # every name found here ends in a "Council" token
        return mentions, generic
    tokens = list(_NAME_TOKEN.finditer(line))
    for i, tok in enumerate(tokens):
        if tok.group() not in ("Council", "Council’s", "Council's"):
            continue
        if any(s <= tok.start() < e for s, e in taken):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and line[tok.end() : nxt.start()] == " " and nxt.group() in _ROOM_WORDS:
            continue
        j = i - 1
        types: list[str] = []
        while j >= 0 and tokens[j].group() in _TYPE_WORDS and _adjacent(line, tokens, j):
            types.insert(0, tokens[j].group())
            j -= 1
        # "West Dereham Annual Parish Council Meeting": the meeting's word, not the name.
        if (
            types
            and j >= 0
            and tokens[j].group() in _MEETING_ADJECTIVES
            and _adjacent(line, tokens, j)
        ):
            j -= 1
        place: list[str] = []
        while j >= 0 and _adjacent(line, tokens, j) and len(place) < 5:
            word = tokens[j].group()
            if word in _CONNECTORS or (word[0].isupper() and word not in _NOT_PLACE):
                place.insert(0, word)
            else:
                break
            j -= 1
        while place and place[0] in _CONNECTORS:
            place = place[1:]
        if not place:
            if types:
                generic.append(types[-1])
            continue
        start = tokens[i - len(types) - len(place)].start()
        name = " ".join([*place, *types, "Council"])
        canonical, listed, kind = _canonical(name)
        if listed or types:
            mentions.append(_Mention(canonical, start, tok.end(), listed, kind))
        else:
            # "Couty Council", "Health Grant Council": an unlisted "X Council" counts only
            # where it stands alone as a letterhead line (checked by the caller).
            mentions.append(_Mention(canonical, start, tok.end(), False, "typeless"))
    return mentions, generic


def _adjacent(line: str, tokens: list[re.Match[str]], j: int) -> bool:
    """Whether token ``j`` is joined to the next by a single space (same name)."""
    return line[tokens[j].end() : tokens[j + 1].start()] == " "


def _strip_lead(name: str) -> str:
    words = name.split()
    while words and words[0] in _NOT_PLACE and words[0] not in ("Office", "Ministry"):
        words = words[1:]
    return " ".join(words)


# A council's name in capitals inside a line that is not all capitals: "STOKE FERRY
# PARISH COUNCIL Draft minutes …".
_CAPS_COUNCIL_RUN = re.compile(r"\b(?:[A-Z][A-Z’'&-]*\s+){1,6}COUNCIL\b")


def _title_caps_council(m: re.Match[str]) -> str:
    return " ".join(
        w.lower() if w.lower() in ("and", "of", "the", "with", "upon", "on") else w.capitalize()
        for w in m.group(0).split(" ")
    )


def organisations_in(line: str) -> tuple[list[_Mention], list[str]]:
    """Every organisation named in one line (in order), and generic council types."""
    mentions, generic = _organisations_in(line)
    return list(mentions), list(generic)


@functools.lru_cache(maxsize=8192)
def _organisations_in(line: str) -> tuple[tuple[_Mention, ...], tuple[str, ...]]:
    """``organisations_in``, remembered: the organisation, body, title and subject
    searches walk the same lines (a mention is immutable; callers get fresh lists)."""
    text = _smart_title(line)
    if "COUNCIL" in text:  # the run ends in it
        text = _CAPS_COUNCIL_RUN.sub(_title_caps_council, text)
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _listed_names_in(text):
        nxt = text[m.end() : m.end() + 12].split()
        if m.group().endswith("Council") and nxt and nxt[0] in _ROOM_WORDS:
            continue
        name, listed, kind = _canonical(m.group())
        mentions.append(_Mention(name, m.start(), m.end(), listed, kind))
        taken.append((m.start(), m.end()))
    for pattern, key in _OTHER_BODIES:
        if not (key in text if isinstance(key, str) else any(k in text for k in key)):
            continue
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            name = _strip_lead(m.group().strip(" ,").removesuffix("."))
            if len(name.split()) >= 2 or name.startswith("Healthwatch"):
                start = m.end() - len(name)
                listed_name, listed, kind = _canonical(name)
                if kind is None and name.startswith(("Minist", "Department")):
                    kind = "government"
                elif kind is None and ("NHS" in name or "Integrated Care" in name):
                    kind = "nhs"
                elif kind is None and ("Police" in name or "Constabulary" in name):
                    kind = "police"
                mentions.append(_Mention(listed_name, start, m.end(), True, kind or "other"))
                taken.append((start, m.end()))
    councils, generic = _council_mentions(text, taken)
    mentions.extend(councils)
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions), tuple(generic)


_ALNUM_RUN = re.compile(r"[a-z0-9]+")


def _alnum_runs(text: str) -> list[str]:
    """The letter-and-digit runs of ASCII ``text``, lower case, with ``&`` read as ``and``
    (as the gazetteer pattern reads it) and the quote ``’`` as ``'``."""
    return _ALNUM_RUN.findall(text.replace("’", "'").lower().replace("&", "and"))


@functools.cache
def _listed_forms() -> tuple[str, ...]:
    """Every listed name and alias in the gazetteer pattern's order: case-folded, once
    each, longest first."""
    forms = dict.fromkeys(
        form.casefold() for body in gazetteer.public_bodies() for form in (body.name, *body.aliases)
    )
    return tuple(sorted(forms, key=len, reverse=True))


def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """The gazetteer's name pattern for ``forms`` only, built as ``name_pattern`` builds it
    (a test compares the two for every form)."""
    alternatives = "|".join(
        re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]").replace(r"\&", r"(?:&|and)")
        for f in forms
    )
    return re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&-])", re.IGNORECASE)


_narrow_pattern = functools.lru_cache(maxsize=1024)(_forms_pattern)


@functools.cache
def _listed_name_runs() -> dict[str, tuple[tuple[frozenset[str], int], ...]]:
    """Each listed form as the set of its letter-and-digit runs (and its place in
    ``_listed_forms``), indexed by its first run (every form in the gazetteer is ASCII,
    ``’`` aside)."""
    index: dict[str, list[tuple[frozenset[str], int]]] = {}
    for rank, form in enumerate(_listed_forms()):
        runs = _alnum_runs(form)
        index.setdefault(runs[0], []).append((frozenset(runs), rank))
    return {first: tuple(sets) for first, sets in index.items()}


def _forms_that_may_match(text: str) -> tuple[str, ...]:
    """The listed forms the gazetteer pattern may find in ``text``, in its order; every
    other form cannot match: a match spells every letter-and-digit run of its form, each a
    whole run of the text (the pattern's spaces, quotes and ``&`` fall between runs, and it
    matches at word boundaries). The letters case-insensitive matching takes for ASCII ones
    (the Kelvin sign for k) are read as those first (``folded``); any other non-ASCII
    character is no letter of a listed form and never lower-cases to one, so it stands
    between runs."""
    runs = set(_alnum_runs(folded(text)))
    index = _listed_name_runs()
    ranks = {rank for run in runs for needed, rank in index.get(run, ()) if needed <= runs}
    forms = _listed_forms()
    return tuple(forms[rank] for rank in sorted(ranks))


def _may_name_a_listed_body(text: str) -> bool:
    """False only when the gazetteer pattern cannot match ``text``."""
    return bool(_forms_that_may_match(text))


def _listed_names_in(text: str) -> Iterator[re.Match[str]]:
    """What the gazetteer pattern finds in ``text``. The pattern is slow (one alternative
    per form, thousands) and most lines name no listed body: it is narrowed to the forms
    that may match, which finds the same (the others fail wherever they are tried)."""
    forms = _forms_that_may_match(text)
    return _narrow_pattern(forms).finditer(text) if forms else iter(())


def _letterhead_lines(doc_lines: list[str]) -> list[str]:
    return doc_lines[:_LETTERHEAD_LINES]


_LETTERHEAD_TAIL = re.compile(r"^\s*(?:[–—|:,(~•]|-\s|\d)")
_MINUTES_LEAD = re.compile(
    r"\s*(?:(?:draft|confirmed|approved|unconfirmed|signed)\s+)?(?:minutes\s+(?:of|for)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,3}?(?:meeting\s+of\s+(?:the\s+)?)?)?",
    re.IGNORECASE,
)
_MINUTES_TAIL = re.compile(
    r"\s*(?:(?:draft|confirmed|approved|unconfirmed|annual|ordinary|extraordinary|special|"
    r"virtual|full|council)\s+)*(?:meeting|minutes|draft)\b|\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Evidence:
    scores: Counter[str]
    first_seen: dict[str, int]

    def add(self, name: str, weight: float, order: int) -> None:
        self.scores[name] += weight
        self.first_seen.setdefault(name, order)


def _add_mentions(
    evidence: _Evidence, lines: list[str], letterhead: list[str], starts: set[str]
) -> tuple[Counter[str], Counter[str]]:
    """Letterhead and running-text mentions; returns mention counts and generic types."""
    counts: Counter[str] = Counter()
    generic: Counter[str] = Counter()
    order = 0
    seen: set[str] = set()
    for index, line in enumerate(letterhead):
        stripped = _LEAD_LABEL.sub("", line)
        mentions, _ = organisations_in(stripped)
        for m in mentions:
            if m.name in seen:
                continue
            # The name opens the line and ends it, or a separator or an address follows:
            # "KENT COUNTY COUNCIL – RECORD OF DECISION", not "X Council has agreed …".
            after = stripped[m.end :]
            alone = stripped[: m.start].strip(" –—-|:") == "" and (
                after.strip(" .") == "" or bool(_LETTERHEAD_TAIL.match(after))
            )
            # A minutes title names the body whose minutes they are: "Minutes of the
            # Wretton Parish Council meeting held …", "X PARISH COUNCIL DRAFT MINUTES …".
            alone = alone or (
                m.kind is None
                and bool(_MINUTES_LEAD.fullmatch(stripped[: m.start]))
                and bool(_MINUTES_TAIL.match(after))
            )
            if m.kind == "typeless" and not (alone and stripped[m.end :].strip(" .") == ""):
                continue
            # A sentence is no letterhead; a third party counts only as the letterhead.
            if not alone and (m.kind in _THIRD_PARTY_KINDS or len(line.split()) > 15):
                continue
            weight = _W_LETTERHEAD_START if alone else _W_LETTERHEAD
            if alone:
                starts.add(m.name)
            evidence.add(m.name, weight - index * 0.1, order)
            seen.add(m.name)
            order += 1
    for line in lines:
        mentions, types = organisations_in(line)
        generic.update(types)
        for m in mentions:
            if m.kind == "typeless":
                continue
            counts[m.name] += 1
            # Inspectorates and ministries are named in papers about them, by their
            # readers: they issued a paper only when its letterhead names them.
            if m.kind in _THIRD_PARTY_KINDS:
                continue
            # Police forces and NHS bodies are a council's partners, named in its papers
            # often: their mentions weigh half.
            weight = _W_MENTION / 2 if m.kind in _PARTNER_KINDS else _W_MENTION
            if counts[m.name] <= _MAX_MENTIONS:
                evidence.add(m.name, weight, 1000 + order)
            order += 1
    return counts, generic


@functools.cache
def _bodies_by_domain(kind: str) -> dict[str, list[gazetteer.PublicBody]]:
    """Listed police forces (``kind`` "police") or councils ("council") by the domain label
    their place gives (``westsussex``), in gazetteer order: ``gazetteer.by_domain`` for
    every label at once (a test compares them)."""
    index: dict[str, list[gazetteer.PublicBody]] = {}
    for body in gazetteer.public_bodies():
        if body.kind == kind or (kind == "council" and body.kind in gazetteer.COUNCIL_KINDS):
            index.setdefault(gazetteer.squash(body.place), []).append(body)
    return index


def _add_domains(evidence: _Evidence, text: str) -> str | None:
    """E-mail and web domains; returns an unlisted gov.uk label's council as a fallback."""
    fallback = None
    added: Counter[str] = Counter()
    for m in _DOMAIN_RE.finditer(text) if _may_match(_DOMAIN_RE, text) else ():
        label, suffix = m.group(1).lower(), m.group(2).lower()
        if label in ("www", "gov", "mail", "email"):
            continue
        if suffix == "police.uk":
            matches = _bodies_by_domain("police").get(label, [])
            body = matches[0] if len(matches) == 1 else None
        else:
            councils = set(_bodies_by_domain("council").get(label, []))
            body = councils.pop() if len(councils) == 1 else None
        if body is None:
            # An unlisted body named in the paper whose place or name is the label gets
            # the vote ("@eastmoor-pc.gov.uk", "@littlesnoringparishcouncil.gov.uk").
            squashed = gazetteer.squash(label)
            named = [
                n
                for n in evidence.scores
                if squashed
                in {
                    gazetteer.squash(n),
                    gazetteer.squash(gazetteer.place_of(n)),
                    gazetteer.squash(gazetteer.place_of(n)) + "pc",
                    gazetteer.squash(gazetteer.place_of(n)) + "tc",
                }
            ]
            if len(named) == 1:
                name = named[0]
            else:
                plain = re.fullmatch(r"[a-z]+(?:-[a-z]+)*", label) and "council" not in label
                if suffix != "gov.uk" or not plain:
                    continue
                # An unlisted council's own domain: "X Council" is the best name it gives.
                name = f"{label.replace('-', ' ').title()} Council"
                fallback = fallback or name
        else:
            name = body.name
        if added[name] < _MAX_DOMAIN:
            evidence.add(name, _W_DOMAIN, 2000 + m.start())
            added[name] += _W_DOMAIN
    return fallback


def _named_places(text: str) -> set[str]:
    """Places of listed councils the text names ("West Sussex"), as whole words."""
    # "Securing Kent’s Future" names Kent: a possessive ending is not part of the place.
    words = [w[:-2] if w.endswith(_POSSESSIVE_ENDINGS) else w for w in _PLACE_WORD.findall(text)]
    places, first_words = _council_places()
    # only the n-grams that start with a place's first word can be a place
    grams = {
        " ".join(words[i : i + n])
        for i, word in enumerate(words)
        if word in first_words
        for n in range(1, 6)
        if i + n <= len(words)
    }
    return set(places & grams)


_POSSESSIVE_ENDINGS = ("’s", "'s")
_PLACE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@functools.cache
def _council_places() -> tuple[frozenset[str], frozenset[str]]:
    """The places of listed councils, and the words they start with."""
    places = frozenset(
        b.place for b in gazetteer.public_bodies() if b.kind in gazetteer.COUNCIL_KINDS
    )
    return places, frozenset(place.split(" ")[0] for place in places)


_ACRONYM_REPEATS = 3


def _add_acronyms(evidence: _Evidence, text: str, places: set[str]) -> None:
    counts = Counter(_ACRONYM_TOKEN.findall(text))
    for acronym, n in counts.items():
        candidates = gazetteer.by_acronym(acronym)
        if len(candidates) > 1:
            candidates = [b for b in candidates if b.place in places]
        # Without its place named, an acronym must be used as a name is, again and again:
        # one "ACC" is an Assistant Chief Constable more often than Aberdeen City Council.
        named = len(candidates) == 1 and candidates[0].place in places
        repeated = n >= _ACRONYM_REPEATS or (len(acronym) >= 4 and n >= 2)
        if len(candidates) == 1 and (named or repeated):
            evidence.add(candidates[0].name, min(n * _W_ACRONYM, _MAX_ACRONYM), 3000)
    for m in _SHORT_CC_RE.finditer(text) if _may_match(_SHORT_CC_RE, text) else ():
        body = gazetteer.lookup(f"{m.group(1)} County Council")
        if body:
            evidence.add(body.name, _W_ACRONYM, 3000 + m.start())


def _add_generic(evidence: _Evidence, generic: Counter[str], places: set[str]) -> None:
    """ "the County Council" and the one county the paper names → that county's council."""
    for kind in _GENERIC_TYPES:
        if not generic[kind]:
            continue
        fitting = {
            b.name
            for b in gazetteer.public_bodies()
            if b.kind in gazetteer.COUNCIL_KINDS
            and f" {kind} Council" in f" {b.name}"
            and b.place in places
        }
        if len(fitting) == 1:
            evidence.add(fitting.pop(), _W_GENERIC_PLACE, 4000)


def _council_from_acronym(text: str) -> str | None:
    """ "SBC" spelt out with the one place the text names that starts with "S"."""
    places = {m.group(1) for m in _PLACE_AFTER_PREPOSITION.finditer(text)}
    for m in _ACRONYM_RE.finditer(text):
        initial, kind = m.groups()
        matching = sorted(p for p in places if p.startswith(initial))
        if len(matching) == 1:
            return f"{matching[0]} {_COUNCIL_ACRONYMS[kind]}"
    return None


def find_organisation(
    text: str,
    masthead: str = "",
    author: str | None = None,
    properties: dict[str, str] | None = None,
) -> str | None:
    """The body that issued the paper, from all the evidence the paper gives (see module)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    letterhead = _letterhead_lines([ln.strip() for ln in masthead.splitlines() if ln.strip()])
    evidence = _Evidence(Counter(), {})
    starts: set[str] = set()
    counts, generic = _add_mentions(evidence, lines, letterhead, starts)
    fallback_domain = _add_domains(evidence, text)
    places = _named_places(text)
    _add_acronyms(evidence, text, places)
    _add_generic(evidence, generic, places)
    if _may_match(_ORG_SLOGAN_RE, text) and (m := _ORG_SLOGAN_RE.search(text)):
        evidence.add(f"{m.group(1)} County Council", _W_SLOGAN, 5000)
    for index, line in enumerate(letterhead):
        if m := _CHARITY_RE.match(line):
            # "Stoke Ferry Village Hall (Registered Charity No. 274033) Minutes of …"
            evidence.add(clean(m.group("name")) or m.group("name"), _W_LETTERHEAD_START, index)
    sources = [author or "", *(properties or {}).values()]
    for value in sources:
        for mention in organisations_in(value)[0]:
            if mention.kind != "typeless":
                evidence.add(mention.name, _W_PROPERTY, 6000)
    inspection = any(_INSPECTION_RE.match(line) for line in letterhead[:4])
    # An inspection report is issued by the inspectorate, whoever it inspected; a council's
    # paper about an inspection has the council in its letterhead.
    if inspection and not any(
        (body := gazetteer.lookup(name)) is None or body.kind != "inspectorate" for name in starts
    ):
        inspectorates = [
            name
            for name in counts
            if (body := gazetteer.lookup(name)) and body.kind == "inspectorate"
        ]
        if inspectorates:
            return max(inspectorates, key=lambda n: counts[n])
    if not evidence.scores:
        return fallback_domain or _council_from_acronym(text)
    return max(evidence.scores, key=lambda n: (evidence.scores[n], -evidence.first_seen[n]))


# ---------------------------------------------------------------------------
# body
# ---------------------------------------------------------------------------

_BODY_KINDS = (
    r"Board of Directors|Board of Governors|Board of Trustees|Council of Governors|"
    r"Board|Panel|Committee|Sub-Committee|Task Group|Task & Finish Group|"
    r"Task and Finish Group|Cabinet|Subgroup|Sub-group|Forum|Partnership|Council|"
    r"Working Group|Working Party|Steering Group|Commission|Assembly|"
    r"(?:Annual )?(?:Parish|Town) Meeting"
)
_BODY_WORD = r"[A-Z][A-Za-z’'-]*"
_BODY_RE = re.compile(
    rf"((?:{_BODY_WORD} (?:(?:and|of|&|for) )*){{1,9}}?(?i:{_BODY_KINDS}))\b(?!’s|'s)"
)
_BODY_ALONE_RE = re.compile(
    rf"(?:{_BODY_WORD} (?:(?:and|of|&|for) )*){{0,9}}(?i:{_BODY_KINDS})"
    rf"|(?:{_BODY_WORD} )?(?i:board|council|court) of (?i:directors|governors|trustees)"
)
_BODY_CUE_RE = re.compile(
    rf"\b(?i:minutes of (?:the |a )?(?:(?:extraordinary |special |annual |ordinary )?"
    rf"meeting of (?:the )?)?|minutes? (?:excerpt |extract |except )?from (?:the )?|"
    rf"report(?:ed)? to (?:the )?|"
    rf"take a report to (?:the )?|meeting of (?:the )?)"
    rf"((?:{_BODY_WORD} (?:(?:and|of|&|for) )*){{0,10}}?(?i:{_BODY_KINDS}))\b"
)
_MASTHEAD_CUE_RE = re.compile(
    rf"\b(?i:for (?:the )?|to (?:the )?)((?:{_BODY_WORD} (?:(?:and|of|&|for) )*){{1,10}}?"
    rf"(?:{_BODY_KINDS}))\b"
)
_LABEL_RE = re.compile(
    r"^\s*(TO|DATE|RE|SUBJECT|MEETING|REPORT TO|DATE OF MEETING|MEETING DATE|DATE OF REPORT|"
    r"REPORT DATE|COMMITTEE|DECISION (?:TO BE )?(?:TAKEN|MADE) BY|DECISION[ -]?(?:TAKER|MAKER)|"
    r"TITLE|TITLE OF REPORT|REPORT TITLE)"
    r"\s*:\s*(.+)$",
    re.IGNORECASE,
)
_BODY_LABEL_RE = re.compile(r"^(?:TO|REPORT TO|MEETING|COMMITTEE|DECISION\b.*)$", re.IGNORECASE)
"""Labels whose value names the body: "To:", "Committee:", who takes or made a decision."""
_ADDRESSEES = re.compile(r"^(?:all\s+)?(?:members|councillors)\s+of\s+(?:the\s+)?", re.I)
_PERSON_LEAD = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir)\.?\s[^,]+,\s*")
_ACRONYM_DATELINE = re.compile(r"^([A-Z]{2,6})\s+(?:meeting\s+|board\s+)?(.+)$")


def _clean_body(value: str) -> str | None:
    """A body's name as printed: no date, time, addressee phrase or person before it."""
    text = _undated(clean(value) or "")
    text = _ADDRESSEES.sub("", text)
    text = _PERSON_LEAD.sub("", text)
    text = re.sub(r"^(?:the|a)\s+", "", text, flags=re.I).strip(" ,.;:–—-")
    return _smart_title(text) or None


def _body_name(candidate: str, allow_council: bool = False) -> str | None:
    words = candidate.strip(" ,").split()
    while words and words[0] in ("The", "the", "A", "This", "THE"):
        words = words[1:]
    name = _smart_title(" ".join(words))
    # A bare kind ("Panel") names no particular body; a council's Cabinet is one body.
    if name == "Cabinet":
        return name
    if len(words) < 2:
        return None
    if name.endswith("Council") and not (allow_council and _is_meeting_of_council(name)):
        return None
    return name


def _is_meeting_of_council(name: str) -> bool:
    """ "County Council", "Full Council", "Parish Council": the council meeting as a body,
    not another council's name."""
    mentions, _ = organisations_in(name)
    return not any(m.kind != "typeless" and m.name == name for m in mentions) or name in (
        "County Council",
        "City Council",
        "Borough Council",
        "District Council",
        "Town Council",
        "Parish Council",
    )


_COUNCIL_KIND_RE = re.compile(
    r"\b((?:Parish|Town|Community|City|County|Borough|District) Council)$"
)


def _whole_council(candidate: str, organisation: str | None) -> str | None:
    """ "Minutes of the Wretton Parish Council meeting" in Wretton Parish Council's own
    minutes: the meeting of the whole council, whose body is its kind ("Parish Council"),
    as a county's full council meeting is the "County Council"."""
    name = _smart_title(re.sub(r"^(?:the|a)\s+", "", candidate.strip(" ,"), flags=re.I))
    name = " ".join(w for w in name.split() if w not in _MEETING_ADJECTIVES)
    if not organisation or name.casefold() != organisation.casefold():
        return None
    m = _COUNCIL_KIND_RE.search(name)
    return m.group(1) if m else None


def _body_lines(lines: list[str]) -> list[str]:
    """Lines that are a body's name and perhaps a date, nothing more."""
    return [undated for text in lines if (undated := _body_line(text))]


@per_document
def _body_line(text: str) -> str | None:
    undated = _RECORD_TAIL.sub("", _MEETING_TAIL.sub("", _undated(text)))
    undated = _TRACKER_HEAD.sub("", _UPDATED_TAIL.sub("", undated))
    return undated if undated and _BODY_ALONE_RE.fullmatch(undated) else None


# "Action log – Audit Committee", "Audit Committee – Action Tracker", "…, updated 3 March
# 2025": a committee's running record named with its body.
_TRACKER = (
    r"(?:action\s+(?:log|tracker|list|sheet)|actions?\s+arising|work\s+programme|"
    r"forward\s+plan)"
)
_TRACKER_HEAD = re.compile(rf"^{_TRACKER}\s*[–—:-]\s*", re.IGNORECASE)
_UPDATED_TAIL = re.compile(
    rf"(?:\s*[–—-]\s*{_TRACKER}\b.*|,?\s*\(?(?:updated|as\s+at|as\s+of)\)?)$", re.IGNORECASE
)


_MEETING_BODY_NAME = re.compile(r"\b(?:Panel|Committee|Sub-Committee|Board|Forum)$")
"""An organisation that is itself the body that meets ("… Police and Crime Panel")."""


def find_body(masthead: list[Block], text: str = "", organisation: str | None = None) -> str | None:
    """The body the paper is for: labelled, cued ("Minutes of the …"), or named in the masthead.

    Order: a "TO:" line; a cue in the masthead; a masthead line that is little more
    than a body's name; a cue anywhere ("take a report to the … Committee"); a body
    the masthead mentions in a sentence.
    """
    lines = _block_lines(masthead)
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and _BODY_LABEL_RE.match(label.group(1)) and (name := _clean_body(label.group(2))):
            return name
    for line in lines[:3]:
        m = _ACRONYM_DATELINE.match(line)
        if (
            m
            and find_dates(m.group(2))
            and not _undated(m.group(2))
            and not find_dates(line[: m.end(1) + 12])
            and m.group(1).title() not in _NOT_PLACE
        ):
            return m.group(1)
    running = [_smart_title(t) for t, _ in _text_lines(masthead)]
    front = running[: _front_end(running)]
    for source in front:
        for m in _BODY_CUE_RE.finditer(source):
            if name := _whole_council(m.group(1), organisation) or _body_name(
                m.group(1), allow_council=True
            ):
                return name
    cells = [
        ln
        for b in masthead
        if b.is_table
        for r in b.rows
        for c in r.cells
        for ln in _cell_lines(c.text)
    ]
    letterhead: str | None = None
    for candidate in _body_lines([*(front or running), *cells]):
        name = _smart_title(candidate)
        if organisation and name.casefold() == organisation.casefold():
            # the letterhead; the body only when the organisation is itself a meeting's
            # body ("… Police and Crime Panel") and no committee of it is named
            if _MEETING_BODY_NAME.search(name):
                letterhead = letterhead or _body_name(name, allow_council=True)
            continue
        if result := _body_name(name, allow_council=True):
            return result
    sources: list[tuple[re.Pattern[str], list[str], bool]] = [
        (_BODY_CUE_RE, running, False),
        (_MASTHEAD_CUE_RE, running, False),
        (_BODY_CUE_RE, [text], False),
    ]
    for pattern, texts, allow in sources:
        for source in texts:
            for m in pattern.finditer(source):
                if name := _body_name(m.group(1), allow):
                    return name
    return letterhead or _local_council_meeting(running[:_LOCAL_COUNCIL_LINES], organisation)


_LOCAL_COUNCIL_RE = re.compile(r"\b(?:Parish|Town|Community|Village) Council$")
_MEETING_WORD_RE = re.compile(r"\b(?:minutes|meeting)\b", re.IGNORECASE)
_LOCAL_COUNCIL_LINES = 6


def _local_council_meeting(lines: list[str], organisation: str | None) -> str | None:
    """A parish or town council's minutes that name no committee record the whole
    council's meeting ("Minutes of the meeting held on …"): its body is the council."""
    if not organisation or not (m := _LOCAL_COUNCIL_RE.search(organisation)):
        return None
    if organisation.endswith("Rural Community Council"):
        return None  # a county's rural community charity, not a local council
    if not any(_MEETING_WORD_RE.search(line) for line in lines):
        return None
    return m.group(0)


# ---------------------------------------------------------------------------
# date
# ---------------------------------------------------------------------------

_HELD_ON_RE = re.compile(
    r"\b(?:held on|meeting on|meeting of|date of meeting)\b|^\s*minutes of\b|\bheld (?:at|in)\b|"
    # "Held via Zoom (as permitted by …) on Monday 20th April 2020"
    r"^\W*held\b[^.]{0,80}?\bon\s+(?=\S)|"
    r"\bmeeting,?\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)",
    re.IGNORECASE,
)
# A line about earlier minutes being approved, not about this meeting.
_APPROVAL_RE = re.compile(
    r"\b(?:approv\w*|(?:correct|true|accurate) record|confirm\w*|signed|previous|last meeting|"
    r"matters arising)\b",
    re.IGNORECASE,
)
# A line about a later meeting: "the next meeting being held on Tuesday, July 5th 2016".
_NEXT_MEETING_RE = re.compile(
    r"\b(?:next|future|following|forthcoming)\s+meetings?\b|\b(?:will|to)\s+be\s+(?:held|moved)\b",
    re.IGNORECASE,
)
# A draft's own status, not another meeting's minutes: "(until approved at the next meeting)".
_PENDING_APPROVAL_RE = re.compile(
    r"\b(?:subject\s+to|until|pending)\b[^.()]{0,40}?\bapprov\w*(?:\s+at\s+the\s+next\s+meeting)?",
    re.IGNORECASE,
)
_FRONT_END_RE = re.compile(
    r"^(?:present\b|(?:members|councillors) present|also present|in attendance|attendance\b|"
    r"those (?:attending|present)\b|apologies|"
    r"\(?item\s*\d+\)?$|\d{1,3}\.?\s+apologies|agenda$|a g e n d a$|summary\b|"
    r"(?:\d+(?:\.\d+)*\.?\s+)?(?:purpose|background|introduction|executive summary|"
    r"recommendations?)\b)",
    re.IGNORECASE,
)


def _front_end(lines: list[str]) -> int:
    """Index of the first line after a paper's front matter (attendance, first item)."""
    for i, line in enumerate(lines):
        if _FRONT_END_RE.match(line):
            return i
    return len(lines)


_MINUTE_REF_RE = re.compile(r"(?<![\d/.])(\d{1,2}/\d{1,2})/\d{1,3}(?:\.\d{1,2})?(?![\d/])")


def _minute_numbers(line: str) -> bool:
    """ "16/01/9 i) 16/01/10 i) 16/01/11": a column of minute numbers (year/month/item) that
    look like dates one by one."""
    prefixes = Counter(m.group(1) for m in _MINUTE_REF_RE.finditer(line))
    return any(n >= 2 for n in prefixes.values())


def _is_dateline(line: str) -> bool:
    """A line that is a date with a few words around it, not a sentence mentioning one."""
    if _minute_numbers(line):
        return False
    rest = line
    for start, end in reversed(_date_spans(line)):
        rest = rest[:start] + rest[end:]
    return len(rest.split()) <= _DATELINE_MAX_WORDS and not re.search(
        r"\b(start|end|due|deadline|by|until|from|since|approved|signed|printed|"
        r"published|issued|dispatched|despatched)\b",
        rest,
        re.IGNORECASE,
    )


def _without_minute_numbers(lines: list[str]) -> list[str]:
    """Lines with minute numbers blanked: a prefix that numbers three or more items
    ("16/01/9", "16/01/10", "16/01/11") is a meeting's reference, not a date."""
    prefixes = Counter(m.group(1) for line in lines for m in _MINUTE_REF_RE.finditer(line))
    refs = {prefix for prefix, n in prefixes.items() if n >= _MINUTE_NUMBERS}
    if not refs:
        return lines
    return [
        _MINUTE_REF_RE.sub(lambda m: "#" if m.group(1) in refs else m.group(0), line)
        for line in lines
    ]


_MINUTE_NUMBERS = 3
_SUMMONS_LINES = 15
_SUMMONS_RE = re.compile(
    r"\b(?:summoned|summons|you are (?:hereby )?(?:invited|requested))\b"
    r"[^.]{0,120}?\b(?:attend|meeting)\b",
    re.IGNORECASE,
)


def find_doc_date(lines: list[str], report_date: dt.date | None = None) -> dt.date | None:
    lines = _without_minute_numbers(lines)
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and "DATE" in label.group(1).upper() and (dates := find_dates(label.group(2))):
            return dates[0][1]
    if report_date is not None:
        return report_date
    for line in lines:
        label = _LABEL_RE.match(line)
        if label and _BODY_LABEL_RE.match(label.group(1)) and (dates := find_dates(line)):
            return dates[0][1]
    front = lines[: _front_end(lines)]
    for line in lines[:_SUMMONS_LINES]:
        # an agenda's summons: "… summoned to attend the meeting … to be held on Tuesday
        # 10 June 2025" is the paper's own meeting, though "to be held" looks ahead
        if _SUMMONS_RE.search(line) and (dates := find_dates(line)):
            return dates[0][1]
    for candidates in (front, lines):
        for line in candidates:
            # Before the attendance, only the words up to the date can make the line about
            # other minutes: "… Meeting Tuesday 2nd April 2019 *Draft minutes subject to
            # approval at the next meeting*" is this meeting's title.
            spans = find_date_spans(line) if candidates is front else []
            checked = line[: spans[0][1]] if spans else line
            if spans:  # "Draft minutes subject to approval at the next meeting"
                checked = _PENDING_APPROVAL_RE.sub("", checked)
            if _APPROVAL_RE.search(checked) or _NEXT_MEETING_RE.search(checked):
                continue
            if _HELD_ON_RE.search(line) and (dates := find_dates(line)):
                return dates[0][1]
            if candidates is front and (dates := find_dates(line)) and _is_dateline(line):
                return dates[0][1]
    for line in lines:
        if (dates := find_dates(line)) and _is_dateline(line):
            return dates[0][1]
    return None


_PUBLISHED_RE = re.compile(
    r"^\W*(?:(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+of\s+publication|"
    r"date\s+published|issued(?:\s+on)?|date\s+of\s+issue|issue\s+date)\b\s*[:–—-]?\s*(?=\S)",
    re.IGNORECASE,
)
_PUBLISHED_LINES = 60


def published_date(lines: list[str]) -> dt.date | None:
    """The date a paper says it was published or issued ("Published: 14 March 2024"), near
    its start: how an inspectorate's report or a briefing dates itself. A meeting's paper
    states its meeting's date, which comes first (``find_doc_date``)."""
    for line in lines[:_PUBLISHED_LINES]:
        m = _PUBLISHED_RE.match(line)
        if m and (dates := find_dates(line[m.end() :])):
            return dates[0][1]
    return None


_SIGNED_RE = re.compile(r"\bsigned\b", re.IGNORECASE)
_SIGNATURE_BLOCKS = 15


def signed_date(blocks: list[Block]) -> dt.date | None:
    """The date written by a signature at the end of a form ("signed … date", "17/1/2025")."""
    tail = [b for b in blocks[-_SIGNATURE_BLOCKS:] if not b.is_table]
    for i, block in enumerate(tail):
        if not (_SIGNED_RE.search(block.text) and "date" in block.text.lower()):
            continue
        for near in tail[max(0, i - 2) : i + 3]:
            dates = find_dates(near.text)
            if dates and not _undated(near.text.replace(".", " ")).strip(" .…"):
                return dates[0][1]
            # "Signed: … Date: 12 March 2025" on one line: the date its label gives
            labelled = _SIGNATURE_DATE_LABEL.search(near.text)
            if (
                labelled
                and not _NEXT_MEETING_RE.search(near.text[: labelled.start()])
                and (dates := find_dates(near.text[labelled.end() :]))
                and not dates[0][0]
            ):
                return dates[0][1]
    return None


_SIGNATURE_DATE_LABEL = re.compile(r"\bdated?\s*[:.–—-]\s*", re.IGNORECASE)


# ---------------------------------------------------------------------------
# title
# ---------------------------------------------------------------------------

_TITLE_LABELS = re.compile(
    r"^\s*(agenda(\s+item)?(\s+no\.?)?\s*[\w.]*|item\s+[\w.]+|briefing note|minutes|report|"
    r"contents|public|official(\s*-\s*sensitive)?|not protective(ly)? marked|part [a-z0-9]+|"
    r"appendix\s*[\w.]*|annex\s*[\w.]*|module\s*[\w.]*|page \d+|wards? affected.*|"
    r"for (decision|information|noting)|exempt|confidential|draft)\s*:?\s*$",
    re.IGNORECASE,
)
# Banner words: a line made of these only is a marking, never a title.
_BANNER_WORDS = frozenset(
    _words(
        "draft provisional data contains containing version final official sensitive "
        "restricted confidential protect protected protective protectively marked not for "
        "publication exempt embargoed embargo until public private and unrestricted "
        "classification commercial in confidence secret only internal use v issue copy "
        "subject to change unverified unaudited figures information document pack"
    )
)
_BREADCRUMB_RE = re.compile(r"\s(?:>|›|»|/|\|)\s.*\s(?:>|›|»|/|\|)\s")
_TITLE_PREFIX = re.compile(
    r"^\s*(?:agenda\s+)?item\s+[\w.]+\s*[–—:-]\s*|^\s*briefing note\s*[–—:-]\s*", re.IGNORECASE
)
_SECTION_START = re.compile(
    r"^\s*(\d+(\.\d+)*\.?\s+)?(purpose|background|introduction|summary|executive summary|"
    r"recommendations?|key activities|contents)\b",
    re.IGNORECASE,
)
_MINUTES_TITLE = re.compile(r"^\s*minutes\s+of\b", re.IGNORECASE)
_DANGLING_END = re.compile(
    r"(?:\b(?:and|or|of|the|for|to|on|in|at|with|a|an|from|into|by)|[&,–—-])\s*$", re.IGNORECASE
)
_ANY_LABEL = re.compile(r"^[A-Z][A-Za-z /&()'’-]{1,40}:")
# "Time: 6.00 pm", "Report of: Director of Housing": front-sheet fields, never a title.
_FIELD_LABEL = re.compile(
    r"^\s*(?:time|venue|place|location|contact(?: officer)?|tel(?:ephone)?|e-?mail|phone|"
    r"ask for|enquiries(?: to)?|report of|report author|authors?|lead officer|officer|from|by|"
    r"wards?(?: affected)?|classification|status|key decision|decision no|decision number|"
    r"reference|ref|our ref|your ref|cc|copy|portfolio(?: holder)?|cabinet member|lead member|"
    r"directors?|exempt|published|date published|page|purpose|summary|recommendations?|"
    r"inspection dates?|lead inspector|present|apologies|clerk|chair(?:man)?)\s*:",
    re.IGNORECASE,
)
_MEETING_TAIL = re.compile(
    r"\s*[–—-]\s*(?:public|private|extraordinary|special|annual|ordinary)?\s*"
    r"(?:meeting|session|part\s+(?:[12]|i{1,2}))\s*$",
    re.IGNORECASE,
)
# "Board of Trustees – Minutes of the meeting held on …": the body, then what the paper is.
_RECORD_TAIL = re.compile(r"\s*[–—-]\s*(?:minutes|agenda|notes|summary|record)\b.*$", re.IGNORECASE)
_GENERIC_FILE_TITLES = re.compile(
    r"^(?:the report|report|agenda template|template|item \d+|minutes|document\d*|untitled|"
    r"microsoft word.*|executive decision|record of decision|paper|draft)$",
    re.IGNORECASE,
)


def _is_banner(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text.lower())
    return bool(words) and all(w in _BANNER_WORDS for w in words)


def _is_breadcrumb(text: str) -> bool:
    return bool(_BREADCRUMB_RE.search(f" {text} ")) or text.lower().startswith(("home >", "home ›"))


def _is_title_candidate(text: str, organisation: str | None, body: str | None = None) -> bool:
    if _TITLE_LABELS.match(text) or _LABEL_RE.match(text) or len(text) <= 3:
        return False
    if _FIELD_LABEL.match(text) or "(cid:" in text or "\ufffd" in text:
        return False
    if body and _MEETING_TAIL.sub("", _undated(text)).casefold() == body.casefold():
        return False  # "Audit Committee – 12 June 2025": the body's line, not a title
    if text.rstrip().endswith(":"):
        return False  # a label or a lead-in ("Resolved:"), never a title
    if _is_banner(text) or _is_breadcrumb(text):
        return False
    if organisation and text.strip(" .").casefold() == organisation.casefold():
        return False
    mentions, _ = organisations_in(text)
    if any(m.start == 0 and m.end >= len(_smart_title(text).rstrip(" .")) for m in mentions):
        return False  # a council's (or another body's) name alone
    if _ORG_SLOGAN_RE.fullmatch(text.strip(" *")):
        return False
    undated = _undated(text)
    if not [w for w in re.findall(r"[A-Za-z]+", undated) if w.lower() not in _DATE_WORDS]:
        return False  # "Date 10 March 2025", "Thursday, 13th"
    if not re.search(r"\b(?![ivxlc]+\b)[A-Za-z]{3}", undated, re.IGNORECASE):
        return False  # "16/01/2 i) ii)": a column of minute numbers
    # "Safeguarding Improvement Board – 20th February 2013", "CABINET": a body, no title.
    if _BODY_ALONE_RE.fullmatch(_smart_title(undated)) and (
        undated != text.strip() or text.isupper() or len(undated.split()) <= 2
    ):
        return False
    if _MINUTES_TITLE.match(text):
        return len(text.split()) <= _MAX_MINUTES_TITLE_WORDS
    return len(text.split()) <= _MAX_TITLE_WORDS and not text.rstrip().endswith(".")


def _title_text(text: str) -> str | None:
    title = clean(_TITLE_PREFIX.sub("", text))
    return title.rstrip(" .") if title and _MINUTES_TITLE.match(title) else title


def _continued(lines: list[tuple[str, bool]], i: int, title: str, joined_heading: bool) -> str:
    """The title at line ``i`` with the lines it wraps onto."""
    for k in range(i + 1, min(i + 3, len(lines))):
        nxt, is_heading = lines[k]
        if _ANY_LABEL.match(nxt) or _SECTION_START.match(nxt) or _is_banner(nxt):
            break
        if not (_DANGLING_END.search(title) or (joined_heading and is_heading)):
            break
        if len(nxt.split()) > 12 or _TITLE_LABELS.match(nxt):
            break
        title = f"{title} {nxt}"
        joined_heading = False
    return title


def _file_name_title(doc: Document) -> str | None:
    stem = PurePosixPath(doc.source_path).stem
    if " " not in stem.strip():
        return None  # "highlight_report_rag", "CMIS12345": an identifier, not a title
    words = stem.split()
    if sum(1 for w in words if re.fullmatch(r"[A-Za-z][A-Za-z'’&-]+", w)) < 2:
        return None
    return clean(" ".join(words))


_DATE_WORDS = frozenset({"date", "dated", "meeting", "held", "on", "at", "time", "the", "of"})
_TITLE_FIELDS = ("RE", "SUBJECT", "TITLE", "TITLE OF REPORT", "REPORT TITLE")


def find_title(
    doc: Document, organisation: str | None = None, body: str | None = None
) -> str | None:
    masthead = doc.blocks[:_MASTHEAD_BLOCKS]
    # A title is on the paper's first pages: a heading on page 11 is a key or a chart.
    first_page = next((b.page for b in masthead if not b.is_table), None)
    if first_page is not None:
        masthead = [b for b in masthead if b.page is None or b.page <= first_page + 1]
        if masthead and masthead[0].page is not None and first_page > masthead[0].page + 1:
            masthead = [b for b in masthead if b.is_table]
    text_lines = _text_lines(masthead)
    all_lines = [(ln, False) for ln in _block_lines(masthead)]
    for lines in (text_lines, all_lines):
        for i, (text, _) in enumerate(lines):
            label = _LABEL_RE.match(text)
            if label and label.group(1).upper() in _TITLE_FIELDS:
                value = _continued(lines, i, label.group(2), joined_heading=True)
                return clean(value)
    for block_index, block in enumerate(masthead):
        if block.is_table:
            # A layout table holding the first section ends the masthead too.
            if any(_SECTION_START.match(c.text) for row in block.rows for c in row.cells):
                break
            first = [c for c in block.rows[0].texts if c.strip()] if block.rows else []
            if (
                block_index == 0
                and len(set(first)) == 1
                and len(first[0].split()) <= 12
                and _is_title_candidate(first[0], None)
            ):
                return _title_text(first[0])
            continue
        block_lines = _text_lines([block])
        start = next(i for i, ln in enumerate(text_lines) if ln[0] == block_lines[0][0])
        for offset, (text, is_heading) in enumerate(block_lines):
            if _SECTION_START.match(text) or _FRONT_END_RE.match(text):
                break
            too_long = len(text.split()) > _MAX_TITLE_WORDS
            if not is_heading and too_long and not _MINUTES_TITLE.match(text):
                continue
            if _is_title_candidate(text, organisation, body):
                full = _continued(text_lines, start + offset, text, joined_heading=False)
                return _title_text(full)
        else:
            continue
        break
    return _fallback_title(doc)


def _fallback_title(doc: Document) -> str | None:
    prop = doc.properties.get("title") or doc.properties.get("Title")
    prop = clean(prop) if prop and prop.strip() else None
    if prop and not _GENERIC_FILE_TITLES.match(prop):
        head = " ".join(b.text for b in doc.blocks[:_MASTHEAD_BLOCKS] if not b.is_table)
        if prop.casefold() in head.casefold():
            return prop
    if name := _file_name_title(doc):
        return name
    return prop


def running_text(doc: Document) -> str:
    """The paper's text outside tables."""
    return "\n".join(b.text for b in doc.blocks if not b.is_table)


_SUBJECT_PLACE_RE = re.compile(
    r"\b(?i:inspection\s+of\s+(?:the\s+)?)(?P<place>(?:[A-Z][\w’'-]*\s+){1,3}?)"
    r"(?i:local\s+authority|council|county|borough|city|children|adult|police|fire)",
)


def find_subject(text: str, organisation: str | None, title: str | None = None) -> str | None:
    """The council an inspectorate's report is about; None for any other issuer.

    An Ofsted report is issued by Ofsted about a council: the council the report names
    most, else the listed council of the place its title inspects ("Inspection of
    Northvale local authority children's services" → the council of Northvale).
    """
    issuer = gazetteer.lookup(organisation) if organisation else None
    if issuer is None or issuer.kind != "inspectorate":
        return None
    named: Counter[str] = Counter()
    for line in text.splitlines():
        for mention in organisations_in(line)[0]:
            body = gazetteer.lookup(mention.name)
            if body is not None and body.kind in gazetteer.COUNCIL_KINDS:
                named[body.name] += 1
    if named:
        return named.most_common(1)[0][0]
    for source in (title or "", text[:2000]):
        if m := _SUBJECT_PLACE_RE.search(source):
            body = gazetteer.by_domain(gazetteer.squash(m.group("place")))
            if body is not None:
                return body.name
    return None


def organisation_from_folders(source_path: str, folders: tuple[str, ...] = ()) -> str | None:
    """The council a paper was filed under, when the paper itself names none.

    Papers are often kept one folder per council ("kent/…", "west-sussex/2025/…"); a
    folder whose name is exactly one listed council's place stands in for a letterhead
    printed only as a logo image. ``folders`` are ``Document.folders`` (the input folder's
    own name and those below it); without them, the folders of ``source_path``. The
    innermost such folder wins, and the file's own name never counts.
    """
    for folder in reversed(folders or PurePosixPath(source_path).parts[:-1]):
        label = gazetteer.squash(folder)
        if label and (body := gazetteer.by_domain(label)) is not None:
            return body.name
    return None


_PROPERTY_DATE_RE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def property_date(doc: Document) -> dt.date | None:
    """The date a file's own properties give (a Markdown page's front matter "date:"):
    when it was posted, which is the paper's date only when the paper states none."""
    value = doc.properties.get("date") or ""
    m = _PROPERTY_DATE_RE.match(value)
    dates = find_dates(m.group(1) if m else value)
    return dates[0][1] if dates else None


def organisation_from_file_name(source_path: str) -> str | None:
    """The council a file's own name gives ("wretton-parish-council-minutes-may.md"), when
    the paper names none: the words of its name, as a council's name."""
    stem = re.sub(r"[-_.]+", " ", PurePosixPath(source_path).stem)
    words = " ".join(
        w if w.isupper() else w.capitalize()
        for w in stem.split()
        if w.isalpha() and w.lower() not in MONTHS
    )
    for mention in organisations_in(words)[0]:
        if mention.kind != "typeless":
            return mention.name
    return None


def extract_metadata(doc: Document) -> DocumentMeta:
    masthead = doc.blocks[:_MASTHEAD_BLOCKS]
    lines = _block_lines(masthead)
    first_page = doc.blocks[0].page if doc.blocks else None
    letterhead = _block_lines([b for b in masthead if b.page == first_page])
    if doc.file_type == "md" and (page_title := doc.properties.get("title")):
        # A Markdown page's front-matter title is printed above it when it is rendered.
        letterhead = [page_title, *letterhead]
    if doc.file_type == "docx" and (header := doc.properties.get("header")):
        # A Word document's first-page header is printed above its first page.
        letterhead = [*header.splitlines(), *letterhead]
    text = doc.plain_text()
    author = doc.properties.get("author") or doc.properties.get("Author")
    properties = {
        k: v
        for k, v in doc.properties.items()
        if k.lower() in ("company", "subject", "title", "publisher")
    }
    organisation = find_organisation(
        text, "\n".join(letterhead), author, properties
    ) or organisation_from_folders(doc.source_path, doc.folders)
    organisation = organisation or organisation_from_file_name(doc.source_path)
    grid = rag_grid_in(masthead)
    body = find_body(masthead, running_text(doc), organisation)
    title = find_title(doc, organisation, body)
    return DocumentMeta(
        title=title,
        organisation=organisation,
        subject_organisation=find_subject(text, organisation, title),
        body=body,
        doc_date=find_doc_date(lines, grid.report_date if grid else None)
        or signed_date(doc.blocks)
        or published_date(lines)
        or property_date(doc),
    )
