"""Naming a race's jury from the registry, checked against the officials' register on the race date.

The technical delegate, the referee and the chief of race must hold a valid qualification for their role
on the race date (:func:`alatau.education.services.qualified`); otherwise the choice is refused with the
register's reason, unless a federation administrator overrides it with a reason (audited).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.competitions import services
from alatau.competitions.models import Race
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.permissions import is_federation_admin
from alatau.education.services import qualified
from alatau.registry.models import Person

#: The jury's positions on the race, in the order FIS prints them.
POSITIONS = {
    "td": gettext_lazy("Technical delegate"),
    "referee": gettext_lazy("Referee"),
    "assistant_referee": gettext_lazy("Assistant referee"),
    "chief_of_race": gettext_lazy("Chief of race"),
    "start_referee": gettext_lazy("Start referee"),
    "finish_referee": gettext_lazy("Finish referee"),
    "chief_of_timing": gettext_lazy("Chief of timing"),
}
#: Positions that need a qualification of the officials' register, and the register's role for each.
CHECKED = {"td": "technical_delegate", "referee": "referee", "chief_of_race": "chief_of_race"}


def candidates(race: Race) -> QuerySet[Person]:
    """Officials of the registry (flagged so, or holding an officials' certificate) and the jury named now."""
    named = [pk for field in POSITIONS if (pk := getattr(race, f"{field}_id")) is not None]
    found = Q(is_official=True) | Q(certificates__programme__official_role__gt="") | Q(pk__in=named)
    return Person.objects.filter(found).distinct().order_by("last_name", "first_name")


def refusals(race: Race, chosen: dict[str, Person | None]) -> dict[str, list[str]]:
    """The register's reason for each checked position whose person is not qualified on the race date."""
    problems: dict[str, list[str]] = {}
    for field, role in CHECKED.items():
        person = chosen.get(field)
        if person is None:
            continue
        answer = qualified(person, role, race.date)
        if not answer:
            problems[field] = [f"{POSITIONS[field]}: {answer.reason}"]
    return problems


def name_jury(user: Any, race: Race, chosen: dict[str, Person | None], override: str = "") -> Race:
    """Set the jury (the positions given in ``chosen``); audited with old → new and any override."""
    services._allow(services.organises(user, race.event))
    services._open(race)
    unknown = set(chosen) - set(POSITIONS)
    if unknown:
        raise InvalidData({name: [_("Not a jury position.")] for name in sorted(unknown)})
    problems = refusals(race, chosen)
    if problems and not override.strip():
        raise InvalidData(problems)
    if problems and not is_federation_admin(user):
        raise NotAllowed(_("Only a federation administrator may name an official who is not qualified."))
    changes = _changes(race, chosen)
    if not changes:
        return race
    if problems:
        changes["override"] = [None, override.strip()]
        changes["not qualified"] = [None, [m for messages in problems.values() for m in messages]]
    with transaction.atomic():
        for field, person in chosen.items():
            setattr(race, field, person)
        race.save(update_fields=list(chosen))
        race.log_action("jury named", user, changes)
    return race


def _changes(race: Race, chosen: dict[str, Person | None]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for field, person in chosen.items():
        old = getattr(race, field)
        if old != person:
            changes[field] = [_label(old), _label(person)]
    return changes


def _label(person: Person | None) -> str | None:
    if person is None:
        return None
    code = f" {person.fis_code}" if person.fis_code else ""
    return f"{person}{code} ({person.nationality})"


def jury_lines(race: Race) -> list[dict[str, Any]]:
    """Each position with its person, FIS code and nation, and the register's verdict where it is checked."""
    lines = []
    for field, label in POSITIONS.items():
        person: Person | None = getattr(race, field)
        line: dict[str, Any] = {"field": field, "label": label, "person": person, "verdict": None}
        if person is not None and field in CHECKED:
            line["verdict"] = qualified(person, CHECKED[field], race.date)
        lines.append(line)
    return lines


def overrides(race: Race) -> list[Any]:
    """The audited overrides of the register for this race's jury, newest first."""
    return [e for e in race.audit_entries().filter(action="jury named") if "override" in e.changes]
