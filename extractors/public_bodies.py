"""The gazetteer of UK public bodies that issue committee papers, and its one loader.

``extractors/data/public_bodies.tsv`` holds one body per line: its official name, its
kind and the other forms papers print (``;``-separated). Every principal council of
England, Wales, Scotland and Northern Ireland is there, with police forces, combined
authorities, inspectorates and a few central bodies. Parish, town and community
councils (about 10,000) are not listed: they are recognised by their general form.

A name's *place* is the name without its kind ("West Sussex" for West Sussex County
Council); a council's *acronym* is the initials of its name ("KCC"). Both let a paper
that prints only an e-mail domain (``@westsussex.gov.uk``) or an acronym be tied to
the full name, but only when exactly one listed body fits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

DATA_FILE = "public_bodies.tsv"
KINDS = frozenset(
    {
        "county",
        "unitary",
        "metropolitan",
        "london",
        "district",
        "wales",
        "scotland",
        "northern_ireland",
        "police",
        "combined_authority",
        "inspectorate",
        "government",
    }
)
COUNCIL_KINDS = KINDS - {"police", "combined_authority", "inspectorate", "government"}

# The kind words a name ends with or starts with, longest first.
_SUFFIXES = (
    " Metropolitan Borough Council",
    " Metropolitan District Council",
    " County Borough Council",
    " City and District Council",
    " County Council",
    " Borough Council",
    " District Council",
    " City Council",
    " Parish Council",
    " Town Council",
    " Community Council",
    " Council",
    " Mayoral Combined Authority",
    " Combined County Authority",
    " Combined Authority",
    " Constabulary",
    " Police Service",
    " Police",
)
_PREFIXES = (
    "London Borough of ",
    "Royal Borough of ",
    "Borough Council of ",
    "Council of the ",
    "City and County of ",
    "City of ",
    "The ",
)
_ACRONYM_SKIP = frozenset({"and", "of", "the", "upon", "on", "under", "with", "nan"})


class GazetteerError(ValueError):
    """The gazetteer file is malformed; the message says ``path:line: what``."""


@dataclass(frozen=True, slots=True)
class PublicBody:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        return place_of(self.name)

    @property
    def acronym(self) -> str | None:
        """Initials of a council's name ("Kent County Council" → "KCC"); None for others."""
        if self.kind not in COUNCIL_KINDS or not self.name.endswith("Council"):
            return None
        words = re.findall(r"[A-Za-z]+", self.name)
        return "".join(w[0].upper() for w in words if w.lower() not in _ACRONYM_SKIP)


def place_of(name: str) -> str:
    """The place a body's name is for: its name without the kind words."""
    place = name
    for suffix in _SUFFIXES:
        if place.endswith(suffix):
            place = place[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if place.startswith(prefix):
            place = place[len(prefix) :]
    return place.strip(" ,")


def squash(text: str) -> str:
    """Lower-case letters only: how a place appears in a web domain ("westsussex")."""
    return re.sub(r"[^a-z]", "", text.lower())


def parse_gazetteer(text: str, path: str = DATA_FILE) -> list[PublicBody]:
    """Parse the TSV text; ``GazetteerError`` with ``path:line:`` on a bad line."""
    bodies: list[PublicBody] = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields[:2] != ["name", "kind"]:
                raise GazetteerError(f"{path}:{number}: expected the header 'name<TAB>kind…'")
            header_seen = True
            continue
        if len(fields) != 3:
            raise GazetteerError(f"{path}:{number}: expected 3 tab-separated fields")
        name, kind, aliases = (f.strip() for f in fields)
        if not name or kind not in KINDS:
            allowed = ", ".join(sorted(KINDS))
            raise GazetteerError(f"{path}:{number}: kind {kind!r} is not one of {allowed}")
        if name in seen:
            raise GazetteerError(f"{path}:{number}: {name!r} is listed twice")
        seen.add(name)
        bodies.append(PublicBody(name, kind, tuple(a for a in aliases.split(";") if a.strip())))
    return bodies


@functools.cache
def public_bodies() -> tuple[PublicBody, ...]:
    """Every body in the gazetteer, in file order (read once)."""
    text = resources.files("extractors").joinpath("data", DATA_FILE).read_text("utf-8")
    return tuple(parse_gazetteer(text))


@functools.cache
def _by_form() -> dict[str, PublicBody]:
    forms: dict[str, PublicBody] = {}
    for body in public_bodies():
        for form in (body.name, *body.aliases):
            forms.setdefault(form.casefold(), body)
    return forms


def lookup(name: str) -> PublicBody | None:
    """The listed body printed as ``name`` (any case, official name or alias)."""
    form = re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()
    return _by_form().get(form) or _by_form().get(form.replace(" and ", " & "))


@functools.cache
def name_pattern() -> re.Pattern[str]:
    """One pattern for every listed name and alias, longest first, any case."""
    forms = sorted(_by_form(), key=len, reverse=True)
    alternatives = "|".join(
        re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]").replace(r"\&", r"(?:&|and)")
        for f in forms
    )
    return re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&-])", re.IGNORECASE)


def by_domain(label: str) -> PublicBody | None:
    """The listed council whose place is the domain label (``westsussex`` → West Sussex …)."""
    matches = {b for b in public_bodies() if b.kind in COUNCIL_KINDS and squash(b.place) == label}
    return matches.pop() if len(matches) == 1 else None


def by_acronym(acronym: str) -> list[PublicBody]:
    """Listed councils whose initials are ``acronym``."""
    return list(_by_acronym().get(acronym, ()))


@functools.cache
def _by_acronym() -> dict[str, tuple[PublicBody, ...]]:
    table: dict[str, list[PublicBody]] = {}
    for body in public_bodies():
        if body.acronym:
            table.setdefault(body.acronym, []).append(body)
    return {acronym: tuple(bodies) for acronym, bodies in table.items()}
