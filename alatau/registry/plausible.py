"""Plausible registry data: birth and membership dates in sensible ranges, nationalities that exist.

One set of rules for every face: the model fields carry :func:`validate_birth_date` and
:func:`validate_nationality` (so forms, the services behind the API and the admin refuse the same
values), the services check membership dates with :func:`membership_start_problem`, and the member
import asks the ``*_problem`` functions row by row.

Nationalities are the current IOC codes as FIS lists use them (``data/nations.csv``, see its README).
"""

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

NATIONS_FILE = Path(__file__).with_name("data") / "nations.csv"
#: Nobody in the registry was born before this day.
OLDEST_BIRTH = dt.date(1900, 1, 1)
#: A membership may be recorded this far ahead (a transfer agreed for next season).
MEMBERSHIP_AHEAD = dt.timedelta(days=366)


@cache
def nations() -> dict[str, str]:
    """The current IOC country codes, each with its English name, in code order."""
    with NATIONS_FILE.open(encoding="utf-8", newline="") as file:
        return {row["code"]: row["name"] for row in csv.DictReader(file)}


def nation_codes() -> list[str]:
    return list(nations())


def nationality_problem(code: str) -> str | None:
    """Why ``code`` is not a nationality (it must be a current IOC code, e.g. KAZ), or None."""
    if code in nations():
        return None
    return _("“%(value)s” is not an IOC country code (e.g. KAZ, RUS, GER)") % {"value": code}


def birth_date_problem(born: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``born`` is not a plausible birth date (before 1900 or in the future), or None."""
    today = today or timezone.localdate()
    if OLDEST_BIRTH <= born <= today:
        return None
    return _("birth date %(date)s is not between %(oldest)s and today") % {
        "date": born.isoformat(),
        "oldest": OLDEST_BIRTH.isoformat(),
    }


def membership_start_problem(
    start: dt.date, born: dt.date | None, today: dt.date | None = None
) -> str | None:
    """Why a membership cannot start on ``start`` for someone born on ``born``, or None.

    Not before the birth date, and not more than :data:`MEMBERSHIP_AHEAD` after today.
    """
    today = today or timezone.localdate()
    if born is not None and start < born:
        return _("a membership cannot start (%(start)s) before the birth date (%(born)s)") % {
            "start": start.isoformat(),
            "born": born.isoformat(),
        }
    if not OLDEST_BIRTH <= start <= today + MEMBERSHIP_AHEAD:
        return _("a membership date must lie between %(oldest)s and a year from today") % {
            "oldest": OLDEST_BIRTH.isoformat()
        }
    return None


def validate_birth_date(value: object) -> None:
    """Django validator of :attr:`Person.birth_date`."""
    if isinstance(value, dt.date):
        reason = birth_date_problem(value)
        if reason:
            raise ValidationError(reason, code="implausible_date")


def validate_nationality(value: object) -> None:
    """Django validator of :attr:`Person.nationality`."""
    if isinstance(value, str):
        reason = nationality_problem(value)
        if reason:
            raise ValidationError(reason, code="unknown_nation")


def recorded_date_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``day`` cannot be the date something was recorded (before 1900 or in the future), or None."""
    today = today or timezone.localdate()
    if OLDEST_BIRTH <= day <= today:
        return None
    return _("%(date)s is not between %(oldest)s and today") % {
        "date": day.isoformat(),
        "oldest": OLDEST_BIRTH.isoformat(),
    }


def validate_recorded_date(value: object) -> None:
    """Django validator of dates that record a past event (a consent)."""
    if isinstance(value, dt.date):
        reason = recorded_date_problem(value)
        if reason:
            raise ValidationError(reason, code="implausible_date")
