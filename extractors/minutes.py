"""Minutes: resolutions and actions under their agenda items, and the people present.

Each "Resolved:" item is a ``resolution`` statement whose ``heading`` is the agenda
item it was resolved under ("Safeguarding Improvement Plan"; a numbered agenda
heading "23. Children's … update" loses its number). Items listed under "Actions:"
are ``planned`` statements — work the meeting agreed to do next — with the person
named after a dash as ``owner`` (the owner's segment leaves the text; the due date
stays in it). Roles come from the attendance lists and from officers introduced in
the text ("Clair Pyper, Director of …, updated the Panel").
"""

from __future__ import annotations

from dataclasses import replace

from extractors.people import split_owner
from extractors.text_utils import clean
from pipeline.records import Statement


def with_owners(statements: list[Statement]) -> list[Statement]:
    """Actions with the owner named in them moved to ``owner``."""
    out: list[Statement] = []
    for statement in statements:
        if statement.section == "planned" and statement.owner is None:
            text, owner = split_owner(statement.text)
            if owner is not None:
                statement = replace(statement, text=clean(text) or statement.text, owner=owner.name)
        out.append(statement)
    return out
