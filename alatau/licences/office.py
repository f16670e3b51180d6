"""The club secretary's daily work: what to do today, licences requested in bulk, withdrawing a request.

Built on :mod:`alatau.licences.services`: a bulk request is one :func:`request_licence` per member
(each in its own transaction), so one member's problem never stops the others.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_manage_club, is_federation_admin, managed_club_ids
from alatau.licences.models import Licence
from alatau.licences.services import ENDED, _move, request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person

__all__ = [
    "EXPIRING_DAYS",
    "BulkResult",
    "Workspace",
    "coming_season",
    "members_without_licence",
    "request_licences",
    "withdraw_request",
    "workspace",
]

Status = Licence.Status

#: A licence "expires soon" within this many days of its last day.
EXPIRING_DAYS = 60


def coming_season(on: dt.date | None = None) -> int:
    """The season clubs prepare for: the current one, or the next from April (three months before 1 July)."""
    day = on or today()
    return season_of(day) + (1 if 4 <= day.month <= 6 else 0)


def _clubs(user: Any) -> QuerySet[Club]:
    if is_federation_admin(user):
        return Club.objects.all()
    return Club.objects.filter(pk__in=managed_club_ids(user))


def members_without_licence(clubs: QuerySet[Club], season: int) -> QuerySet[Membership]:
    """Current memberships of ``clubs`` whose person holds no live licence of the season (any kind)."""
    licensed = Licence.objects.filter(season=season).exclude(status__in=ENDED).values("person_id")
    return (
        Membership.objects.filter(club__in=clubs, end_date__isnull=True)
        .exclude(person_id__in=licensed)
        .select_related("person", "club")
        .order_by("club__name", "person__last_name", "person__first_name")
    )


@dataclass
class Workspace:
    """What a club manager sees first: their clubs and what waits for them."""

    clubs: list[Club]
    season: int
    without_licence: list[Membership]
    waiting: list[Licence]
    expiring: list[Licence]
    next_steps: list[str] = field(default_factory=list)


def workspace(user: Any, on: dt.date | None = None) -> Workspace:
    """The home of a club manager's work for ``on`` (today): the lists and the next steps, in words."""
    day = on or today()
    clubs = _clubs(user).order_by("name")
    season = coming_season(day)
    mine = Licence.objects.filter(club__in=clubs).select_related("person", "club")
    space = Workspace(
        clubs=list(clubs),
        season=season,
        without_licence=list(members_without_licence(clubs, season)[:200]),
        waiting=list(mine.filter(status=Status.REQUESTED).order_by("requested_at")),
        expiring=list(
            mine.filter(status=Status.ACTIVE, valid_until__lte=day + dt.timedelta(days=EXPIRING_DAYS))
            .exclude(
                person_id__in=mine.filter(season__gt=season_of(day))
                .exclude(status__in=ENDED)
                .values("person_id")
            )
            .order_by("valid_until")
        ),
    )
    space.next_steps = _next_steps(space)
    return space


def _next_steps(space: Workspace) -> list[str]:
    steps = []
    if space.without_licence:
        steps.append(
            _("Request licences for the %(count)d members who have none for the coming season.")
            % {"count": len(space.without_licence)}
        )
    if space.waiting:
        steps.append(
            _("%(count)d requests wait for the federation's decision; withdraw any you no longer need.")
            % {"count": len(space.waiting)}
        )
    if space.expiring:
        steps.append(
            _("%(count)d licences end soon: request the next season's for these members.")
            % {"count": len(space.expiring)}
        )
    if not steps:
        steps.append(_("Nothing waits for you: every member is licensed."))
    return steps


@dataclass
class BulkResult:
    """What a bulk request did: the licences requested, and one message per member that failed."""

    requested: list[Licence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def request_licences(people: list[Person], kind: str, season: int, *, user: Any) -> BulkResult:
    """Request a ``kind`` licence of ``season`` for each person, in the club they are a member of now.

    Each request is checked and saved on its own (:func:`request_licence`); a member who cannot be
    requested for (not one's club, already licensed) is reported by name and the others go ahead.
    """
    result = BulkResult()
    for person in people:
        membership = (
            Membership.objects.filter(person=person, end_date__isnull=True).select_related("club").first()
        )
        try:
            if membership is None:
                raise InvalidData({"person": [_("%(person)s has no current club.") % {"person": person}]})
            result.requested.append(request_licence(person, membership.club, kind, season, user=user))
        except (InvalidData, NotAllowed, Conflict) as error:
            message = (
                " ".join(" ".join(m) for m in error.errors.values())
                if isinstance(error, InvalidData)
                else str(error)
            )
            result.problems.append(message if str(person) in message else f"{person}: {message}")
    return result


@transaction.atomic
def withdraw_request(licence: Licence, *, user: Any) -> Licence:
    """The club takes back a request the federation has not decided yet; it is kept, as withdrawn.

    Raises
    ------
    NotAllowed
        The user does not manage the licence's club.
    InvalidTransition
        The request was already decided.
    """
    licence = Licence.objects.select_for_update().select_related("club").get(pk=licence.pk)
    if not can_manage_club(user, licence.club):
        raise NotAllowed(_("You may not withdraw requests of this club."))
    return _move(licence, Status.WITHDRAWN, user)
