"""The race office's entry form: find a person of the registry by name (Latin or Cyrillic) or FIS code.

The registry's folded search name is used (:func:`alatau.registry.services.search_people`), so "жакуп",
"ЖАКУПОВ" and "zhakup" find the same athlete on every database. At most :data:`MATCHES` people of the
race's gender are offered, those already entered left out; the licence is checked, as for every entry,
when the chosen person is entered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.models import PointsListEntry, Race
from alatau.errors import InputError
from alatau.registry.models import Person
from alatau.registry.services import search_people

#: The most people one search offers.
MATCHES = 25


@dataclass(frozen=True)
class Match:
    person: Person
    licensed: bool  # a valid competitor licence for the race's season (foreigners: True, not asked)


@dataclass(frozen=True)
class Found:
    matches: list[Match]
    more: bool  # more than MATCHES matched: refine the search
    limit: int = MATCHES
    listed: list[PointsListEntry] = field(default_factory=list)  # foreigners of the points list in force


def find(race: Race, query: str) -> Found:
    """People of the race's gender matching every word of ``query``, not yet entered, by name."""
    if not query.strip():
        return Found([], False)
    entered = race.entries.filter(withdrawn=False, person__isnull=False).values_list("person_id", flat=True)
    people = search_people(Person.objects.filter(gender=race.gender), query).exclude(pk__in=entered)
    found = list(people.order_by("last_name", "first_name", "pk")[: MATCHES + 1])
    matches = [Match(person, _licensed(person, race)) for person in found[:MATCHES]]
    listed = foreigners_listed(race, query, MATCHES - len(matches))
    return Found(matches, len(found) > MATCHES, listed=listed)


def foreigners_listed(race: Race, query: str, room: int) -> list[PointsListEntry]:
    """Foreign competitors of the race's points list whose names or FIS code hold every word of ``query``.

    Those in the registry (by FIS code) or already entered are left out: they are found above.
    """
    listed = services.points_list_for(race)
    if listed is None or room <= 0:
        return []
    rows = listed.entries.exclude(nation=services.FEDERATION_NATION).filter(gender__in=[race.gender, ""])
    for word in query.split():
        rows = rows.filter(Q(lastname__icontains=word) | Q(firstname__icontains=word) | Q(fis_code=word))
    known = Person.objects.exclude(fis_code=None).values_list("fis_code", flat=True)
    entered = race.entries.exclude(fis_code="").values_list("fis_code", flat=True)
    rows = rows.exclude(fis_code__in=known).exclude(fis_code__in=entered)
    return list(rows.order_by("lastname", "firstname", "fis_code")[:room])


def _licensed(person: Person, race: Race) -> bool:
    return person.nationality != services.FEDERATION_NATION or services._has_licence(person, race)


def posted_entry(data: Mapping[str, Any]) -> dict[str, Any]:
    """The entry the add form sends: a chosen registry person, or FIS code / name / nation typed in."""
    bib = str(data.get("bib", "")).strip()
    entry: dict[str, Any] = {"bib": int(bib) if bib.isdigit() else None}
    chosen = str(data.get("person", "")).strip()
    if chosen:
        person = Person.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if person is None:
            raise InputError(_("No such person in the registry."))
        return entry | {"person": person}
    typed = entry | {k: str(data.get(k, "")).strip() for k in ("fis_code", "name", "nation")}
    points = str(data.get("fis_points", "")).strip().replace(",", ".")
    return typed | {"fis_points": points} if points else typed
