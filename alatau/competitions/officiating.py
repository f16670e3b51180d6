"""The days a person served on race juries, by position, as the officials' register counts experience.

Education asks this module (lazily, through :func:`days_served`) for the logged experience of its
prerequisite rules; it imports nothing from education.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from alatau.competitions.models import Race, RaceRun
from alatau.registry.models import Person

#: The officials' register role → the race's jury fields that count as a day in that position.
JURY_FIELDS: dict[str, tuple[str, ...]] = {
    "technical_delegate": ("td",),
    "referee": ("referee",),
    "chief_of_race": ("chief_of_race",),
    "chief_of_timing": ("chief_of_timing",),
}


def service_dates(person: Person, role: str, until: dt.date) -> set[dt.date]:
    """The race dates up to ``until`` on which ``person`` served as ``role`` (course setter: per run)."""
    dates: set[dt.date] = set()
    fields = JURY_FIELDS.get(role, ())
    if fields:
        served = Q()
        for field in fields:
            served |= Q(**{field: person})
        dates |= set(Race.objects.filter(served, date__lte=until).values_list("date", flat=True))
    if role == "course_setter":
        runs = RaceRun.objects.filter(course_setter=person, race__date__lte=until)
        dates |= set(runs.values_list("race__date", flat=True))
    return dates


def days_served(person: Person, role: str, until: dt.date) -> int:
    """How many race days up to ``until`` ``person`` served as ``role`` (one a day, however many races)."""
    return len(service_dates(person, role, until))
