"""People a paper names with their roles → ``Person`` records, one per person per paper.

Where people are found:

* roster lines — a line that is only an entry: "Cllr Bob Hicks (Chair)", "Kim Brandrick,
  Carer, Warwickshire Fostering Service", "Helen Marsh – Director of Children's
  Services", "Cllr Rachel Penrose, Cllr Gareth Lloyd and Cllr Anne Whitcombe";
* prose — "Clair Pyper, Director of Education and Children's Services, updated …",
  "Phil Sawbridge (Head of Service, Safeguarding) explained …", and councillors named
  in full ("apologies … from Cllr Colin Barraclough");
* an author block — "Author" followed by a name line and a role line;
* action lines — "Propose … – Priya Raman, Assistant Director … – by 11 November 2024".

Decisions: a person needs a full name (a titled surname like "Cllr Denning" is
merged into the full name it abbreviates, or dropped); titles are not part of the
name; a councillor's role starts "Councillor" (", Chair" where printed) and their
organisation is the council that issued the paper, as is the author's; an officer's
organisation is only what is printed after the role ("…, WCC" is spelt out when it is
the issuing council's initials). A role must contain a role word (Director, Manager,
Officer, Chair, Carer …): "Care Quality Commission (CQC)" names no person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.text_utils import clean, per_document
from pipeline.model import Block
from pipeline.records import Person


def _words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


ROLE_WORDS = _words(
    "director manager officer head chair chairman chairperson chairwoman vice-chair member lead",
    "nurse carer executive adviser advisor worker councillor leader principal chief secretary",
    "clerk coordinator co-ordinator consultant inspector commissioner mayor superintendent",
    "assistant deputy partner governor trustee solicitor analyst administrator practitioner",
    "specialist holder representative doctor paediatrician psychologist therapist treasurer",
    "president registrar controller ombudsman headteacher teacher sponsor owner champion",
)
# The last segment of "Name, Role, X" is the organisation when X ends in one of these.
ORG_WORDS = _words(
    "council board service trust cluster partnership police constabulary hospital nhs commission",
    "authority agency university college school academy ccg foundation ofsted department",
)
# Capitalised words that are never part of a person's name.
NOT_NAME_WORDS = (
    _words(
        "the this that these those for from with and but our their his her its in on at by of to",
        "january february march april may june july august september october november december",
        "monday tuesday wednesday thursday friday saturday sunday",
        "council board service services team plan group committee panel partnership strategy",
        "framework report care children social improvement safeguarding assessment quality",
        "hospital university police cluster area areas item agenda appendix section key project",
        "programme ofsted action minutes meeting resolved recommendations present apologies also",
        "officers",
    )
    | ROLE_WORDS
)

TITLES = r"Cllr\.?|Councillor|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Prof\.?|Professor|Sir|Dame|Rev\.?"
_COUNCILLOR_TITLES = frozenset({"cllr", "cllr.", "councillor"})
_NAME_WORD = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = (
    rf"(?:(?P<title>{TITLES})\s+(?P<tname>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    rf"|(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}))"
)
_SEGMENT = r"[A-Z][\w’'&/.-]*(?:\s+(?:[A-Z][\w’'&/.-]*|of|and|for|the|&|to|in|on|with|at))*"
_SEGMENTS = rf"{_SEGMENT}(?:,\s+{_SEGMENT})*"

# "Name, Role[, Org], verb" and "Name (Role[, Org])" in running text.
_PROSE_RE = re.compile(
    rf"(?<![\w’'-]){_NAME}(?:\s+\((?P<paren>{_SEGMENTS})\)|,\s+(?P<appos>{_SEGMENTS}),(?=\s+[a-z]))?"
)
_ENTRY_RE = re.compile(
    rf"^\s*{_NAME}\s*(?:\((?P<paren>{_SEGMENTS})\)|[–—-]\s*(?P<dash>{_SEGMENTS})|,\s*(?P<comma>{_SEGMENTS}))?"
    r"\s*[.;]?\s*$"
)
_ROSTER_LABEL = re.compile(
    r"^\s*(?:also present|present|in attendance|officers(?: in attendance)?|apologies"
    r"(?: for absence)?(?: were received from)?|members|attendees|report author|author|"
    r"contact(?: officer)?|lead officer)\s*:\s*",
    re.IGNORECASE,
)
_AUTHOR_HEADING = re.compile(
    r"^\s*(report\s+)?author(s)?\s*:?\s*$|^\s*contact officer\s*:?\s*$", re.I
)
_CONTACT_DETAILS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:tel(?:ephone)?|e-?mail|phone)\s*:?|[☎✉]|\+?\d[\d ()-]{7,}\d",
    re.IGNORECASE,
)
# "Task Group Chairman: Cllr Jon Hubbard" — a role as the label of a line.
_ROLE_LABEL = re.compile(r"^\s*(?P<role>[A-Z][^:]{2,60}?)\s*:\s*(?P<rest>\S.*)$")
_OWNER_LABEL = re.compile(r"\b(?:owner|lead|responsible|action by|by whom)\s*:\s*", re.IGNORECASE)
_DASH_SPLIT = re.compile(r"\s+[–—-]\s+")
_AND_SPLIT = re.compile(r",\s+|\s+and\s+(?:from\s+)?")


@dataclass(frozen=True, slots=True)
class Mention:
    """A person as one passage names them, before mentions are merged."""

    name: str
    title: str | None
    role: str | None
    organisation: str | None

    @property
    def is_councillor(self) -> bool:
        return (self.title or "").lower() in _COUNCILLOR_TITLES

    @property
    def full(self) -> bool:
        return len(self.name.split()) >= 2


def _has_role_word(text: str) -> bool:
    return any(w.strip(",.()").lower() in ROLE_WORDS for w in re.split(r"[\s/]+", text))


def _is_org(segment: str) -> bool:
    if re.fullmatch(r"[A-Z]{2,6}", segment):
        return True
    words = segment.split()
    return bool(words) and words[-1].lower() in ORG_WORDS and not _has_role_word(segment)


def _is_name(name: str) -> bool:
    return not any(w.lower() in NOT_NAME_WORDS for w in name.split())


def _mention(match: re.Match[str], segments: str | None) -> Mention | None:
    title = match.group("title")
    name = match.group("tname") if title else match.group("name")
    if not name or not _is_name(name):
        return None
    role: str | None = None
    organisation: str | None = None
    if segments:
        parts = [p.strip() for p in re.split(r",\s+", segments) if p.strip()]
        if not parts or not _has_role_word(parts[0]):
            return None
        if len(parts) >= 2 and _is_org(parts[-1]):
            organisation = parts.pop()
        role = ", ".join(parts)
    return Mention(name=name, title=title, role=role, organisation=organisation)


def _keep(mention: Mention) -> bool:
    """A mention worth a record: it has a role, or it is a councillor named in full."""
    return mention.role is not None or (mention.is_councillor and mention.full)


def parse_entry(text: str) -> Mention | None:
    """One roster entry filling the whole of ``text``: "Name", "Name (Role)", "Name, Role, Org"."""
    m = _ENTRY_RE.match(text)
    if not m:
        return None
    return _mention(m, m.group("paren") or m.group("dash") or m.group("comma"))


def roster_line(text: str) -> list[Mention]:
    """The people a line that is only a roster lists; empty for any other line.

    "Task Group Chairman: Cllr Jon Hubbard" names a role in its label.
    """
    body = _ROSTER_LABEL.sub("", text.strip())
    if not body:
        return []
    labelled = _ROLE_LABEL.match(body)
    if labelled and _has_role_word(labelled.group("role")):
        entry = parse_entry(labelled.group("rest"))
        if entry is not None:
            role = entry.role or clean(labelled.group("role"))
            return [Mention(entry.name, entry.title, role, entry.organisation)]
    single = parse_entry(body)
    if single is not None and (single.role or single.title):
        return [single]
    parts = [p for p in _AND_SPLIT.split(body.rstrip(".")) if p.strip()]
    if len(parts) >= 2:
        mentions = [parse_entry(p) for p in parts]
        if all(m is not None and m.title for m in mentions):
            return [m for m in mentions if m is not None]
    return [single] if single is not None and single.title else []


def prose_mentions(text: str) -> list[Mention]:
    """People named with a role (or as councillors in full) inside running text."""
    found: list[Mention] = []
    for m in _PROSE_RE.finditer(text):
        before = text[: m.start()].rstrip()
        previous_word = before.split()[-1] if before.split() else ""
        # "… Services Improvement Board (Independent …": part of a longer capitalised run.
        if (
            previous_word[:1].isupper()
            and previous_word[-1:].isalpha()
            and before == text[: m.start() - 1]
        ):
            continue
        mention = _mention(m, m.group("paren") or m.group("appos"))
        if mention is not None and _keep(mention):
            found.append(mention)
    return found


def split_owner(text: str) -> tuple[str, Mention | None]:
    """``("Propose … by 11 November 2024.", Priya Raman)`` for a dash-separated action line."""
    label = _OWNER_LABEL.search(text)
    if label:
        mention = parse_entry(text[label.end() :].strip(" ()."))
        if mention is not None:
            rest = text[: label.start()].rstrip(" (–—-;,")
            return rest, mention
    segments = _DASH_SPLIT.split(text)
    if len(segments) < 2:
        return text, None
    for i, segment in enumerate(segments[1:], 1):
        mention = parse_entry(segment.strip())
        if mention is not None and (mention.role or mention.title):
            rest = [s.strip() for j, s in enumerate(segments) if j != i]
            return " ".join(rest), mention
    return text, None


def author_block(lines: list[str]) -> list[Mention]:
    """The author named under an "Author" heading: a name line, then a role line."""
    found: list[Mention] = []
    for i, line in enumerate(lines):
        inline = _ROSTER_LABEL.match(line)
        if inline and re.match(r"\s*(report\s+)?author|\s*contact", line, re.IGNORECASE):
            stripped = _CONTACT_DETAILS.sub("", line[inline.end() :])
            parts = [p.strip() for p in stripped.split(",") if p.strip()]
            if parts and (mention := parse_entry(", ".join(parts))) is not None:
                found.append(mention)
            continue
        if not _AUTHOR_HEADING.match(line):
            continue
        following = [ln for ln in lines[i + 1 : i + 5] if not _CONTACT_DETAILS.search(ln)]
        if following and (mention := parse_entry(following[0])) is not None:
            role = mention.role
            if role is None and len(following) > 1 and _has_role_word(following[1]):
                role = clean(following[1])
            found.append(Mention(mention.name, mention.title, role, mention.organisation))
    return found


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def to_people(mentions: Iterable[Mention], organisation: str | None) -> list[Person]:
    """One ``Person`` per name: later mentions fill what earlier ones left unsaid."""
    mentions = list(mentions)
    full_names = [m.name for m in mentions if m.full]
    people: dict[str, Person] = {}
    for mention in mentions:
        name = mention.name
        if not mention.full:
            expansions = [f for f in full_names if f.split()[-1] == name]
            if len(set(expansions)) != 1:
                continue
            name = expansions[0]
        role = mention.role
        org = mention.organisation
        if org and organisation and org == _initials(organisation):
            org = organisation
        if mention.is_councillor:
            role = f"Councillor, {role}" if role else "Councillor"
            org = org or organisation
        key = name.casefold()
        person = people.get(key)
        if person is None:
            people[key] = Person(name=name, role=role, organisation=org)
            continue
        if person.role is None or (person.role == "Councillor" and role and role != "Councillor"):
            person.role = role or person.role
        person.organisation = person.organisation or org
    return list(people.values())


def lines_of(blocks: Iterable[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block.is_table:
            for row in block.rows:
                filled = [c.text for c in row.cells if c.text.strip()]
                if len(filled) == 1:
                    lines.extend(ln.strip() for ln in filled[0].splitlines() if ln.strip())
        else:
            lines.extend(ln.strip() for ln in block.text.splitlines() if ln.strip())
    return lines


def mentions_in(blocks: Iterable[Block]) -> list[Mention]:
    """Every person the blocks name with a role, in document order (not yet merged)."""
    return mentions_in_lines(lines_of(blocks))


def mentions_in_lines(lines: list[str], authors: list[Mention] | None = None) -> list[Mention]:
    """``mentions_in`` for the blocks' ``lines_of``; ``authors`` is their ``author_block``
    when the caller has read it already."""
    found: list[Mention] = list(author_block(lines) if authors is None else authors)
    for line in lines:
        found.extend(_line_mentions(line))
    return found


@per_document
def _line_mentions(line: str) -> tuple[Mention, ...]:
    """The people one line names: as a roster, or as an action's owner and in prose."""
    if listed := roster_line(line):
        return tuple(listed)
    _, owner = split_owner(line)
    return (*(() if owner is None else (owner,)), *prose_mentions(line))


def people_in(blocks: Iterable[Block], organisation: str | None) -> list[Person]:
    return to_people(mentions_in(blocks), organisation)
