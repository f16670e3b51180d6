"""Officiating experience by position: days logged by hand plus the days served on the race office's juries.

The race office is asked through :func:`alatau.competitions.officiating.days_served`, imported when called
(the competitions app imports education's register at module level, so education must not import it back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Sum
from django.utils import timezone

from alatau.education.models import ExperienceLog, OfficialRole
from alatau.registry.models import Person


@dataclass(frozen=True)
class Experience:
    """Days in a position: ``logged`` by hand, ``served`` on race juries (races already held)."""

    logged: int
    served: int

    @property
    def days(self) -> int:
        return self.logged + self.served


def logged_days(person: Person, position: str, on_date: dt.date) -> int:
    logged = ExperienceLog.objects.filter(person=person, position=position, date__lte=on_date)
    return int(logged.aggregate(total=Sum("days"))["total"] or 0)


def jury_days(person: Person, position: str, on_date: dt.date) -> int:
    """Days on race juries up to ``on_date`` among races whose date is past (0 without the race office)."""
    if not apps.is_installed("alatau.competitions"):
        return 0
    from alatau.competitions.officiating import days_served

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return days_served(person, position, min(on_date, yesterday))


def experience(person: Person, position: str, on_date: dt.date) -> Experience:
    """``person``'s experience as ``position`` (an official role) counted on ``on_date``."""
    return Experience(logged_days(person, position, on_date), jury_days(person, position, on_date))


def summary(person: Person, on_date: dt.date) -> list[tuple[str, Experience]]:
    """Each official position in which ``person`` has any experience on ``on_date``, with its days."""
    found = [(str(role.label), experience(person, role.value, on_date)) for role in OfficialRole]
    return [(label, days) for label, days in found if days.days]
