"""What the federation publishes about people (docs/privacy.md): the rule every public face applies.

The public — anonymous visitors, and accounts whose role reads no registry — sees only licensed
competitors who consented to publication: a competitor licence in force today and a consent date
recorded. Even then a minor's birth year stays private. Everyone else in the registry, and every
private field, needs a login (or an API token) whose role reads the registry.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from alatau.core.permissions import can_see_registry
from alatau.registry.models import Person

#: Under this age a person is a minor: their birth year is never public.
ADULT_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    """Full years of someone born on ``born``, on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(born: dt.date, day: dt.date | None = None) -> bool:
    """Whether someone born on ``born`` is under :data:`ADULT_AGE` on ``day`` (today)."""
    return age_on(born, day or timezone.localdate()) < ADULT_AGE


def published_people(day: dt.date | None = None) -> QuerySet[Person]:
    """The people the federation publishes: consent recorded and a competitor licence in force on ``day``."""
    day = day or timezone.localdate()
    licensed = Person.objects.filter(
        licences__kind="competitor",
        licences__status="active",
        licences__valid_from__lte=day,
        licences__valid_until__gte=day,
    )
    return Person.objects.filter(publication_consent__isnull=False, pk__in=licensed.values("pk"))


def people_listed_for(user: Any) -> QuerySet[Person]:
    """The people a list may name to ``user``: everyone for registry roles, the published ones otherwise."""
    return Person.objects.all() if can_see_registry(user) else published_people()


def public_birth_year(person: Person, day: dt.date | None = None) -> int | None:
    """The birth year as the public may see it: an adult's, never a minor's."""
    return None if is_minor(person.birth_date, day) else person.birth_date.year
