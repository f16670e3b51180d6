"""Licence workflow: requested → approved → active → expired / revoked (or refused).

A club manager requests licences for the current members of their clubs; a federation
administrator approves (the licence gets its number) or refuses with a reason. An approved
licence becomes active once its season has begun — at once when approved within the season —
and expires after 30 June. Every step is written to the licence's audit log.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, InvalidTransition, NotAllowed
from alatau.core.permissions import (
    can_decide_licences,
    can_manage_club,
    is_club_manager,
    managed_club_ids,
    reads_whole_registry,
)
from alatau.licences.models import Licence
from alatau.registry.models import Club, Discipline, Membership, Person

__all__ = [
    "FEES",
    "Conflict",
    "InvalidData",
    "InvalidTransition",
    "NotAllowed",
    "activate_licence",
    "approve_licence",
    "expire_licences",
    "is_currently_valid",
    "licence_number",
    "new_licence",
    "refresh_statuses",
    "refuse_licence",
    "request_licence",
    "revoke_licence",
    "season_bounds",
    "season_label",
    "season_of",
    "visible_licences",
]

Status = Licence.Status
Kind = Licence.Kind

#: Season fee per licence kind, in tenge.
FEES: dict[str, Decimal] = {
    Kind.COMPETITOR: Decimal("15000.00"),
    Kind.COACH: Decimal("10000.00"),
    Kind.OFFICIAL: Decimal("8000.00"),
    Kind.RECREATIONAL: Decimal("3000.00"),
}

#: Statuses of a licence that no longer counts: the person may be requested for again.
ENDED = (Status.REFUSED, Status.REVOKED, Status.WITHDRAWN)

# Statuses each one may move to; anything else is an InvalidTransition.
TRANSITIONS: dict[str, set[str]] = {
    Status.REQUESTED: {Status.APPROVED, Status.REFUSED, Status.WITHDRAWN},
    Status.APPROVED: {Status.ACTIVE, Status.REVOKED, Status.EXPIRED},
    Status.ACTIVE: {Status.REVOKED, Status.EXPIRED},
}


def season_of(day: dt.date) -> int:
    """The season a day falls in, named by the year it starts (a season runs 1 July – 30 June)."""
    return day.year if day.month >= 7 else day.year - 1


def season_label(season: int) -> str:
    """``2025`` → ``"2025/26"``."""
    return f"{season}/{(season + 1) % 100:02d}"


def season_bounds(season: int) -> tuple[dt.date, dt.date]:
    """First and last day of the season: 1 July and the next 30 June."""
    return dt.date(season, 7, 1), dt.date(season + 1, 6, 30)


def today() -> dt.date:
    return timezone.localdate()


def is_currently_valid(licence: Licence, on: dt.date | None = None) -> bool:
    """Active, and ``on`` (today) within its validity."""
    day = on or today()
    return licence.status == Status.ACTIVE and licence.valid_from <= day <= licence.valid_until


def visible_licences(user: Any) -> QuerySet[Licence]:
    """Licences the user may see: all for federation roles, their clubs' for a club manager."""
    if reads_whole_registry(user):
        return Licence.objects.all()
    if is_club_manager(user):
        return Licence.objects.filter(club__in=managed_club_ids(user))
    return Licence.objects.none()


def _check_request(person: Person, club: Club, kind: str, season: int, user: Any) -> None:
    if not can_manage_club(user, club):
        raise NotAllowed(_("You may not request licences for this club."))
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Unknown licence kind.")]
    if not 2000 <= season <= season_of(today()) + 1:
        errors["season"] = [_("Licences can be requested up to the next season.")]
    if errors:
        raise InvalidData(errors)
    start, end = season_bounds(season)
    member = Membership.objects.filter(person=person, club=club, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if not member.exists():
        raise InvalidData(
            {
                "person": [
                    _("%(person)s is not a member of %(club)s in that season.")
                    % {"person": person, "club": club}
                ]
            }
        )
    live = Licence.objects.filter(person=person, season=season, kind=kind).exclude(status__in=ENDED)
    if live.exists():
        raise Conflict(
            _("%(person)s already has a %(kind)s licence for %(season)s.")
            % {"person": person, "kind": Kind(kind).label, "season": season_label(season)}
        )


def new_licence(person: Person, club: Club, kind: str, season: int, **fields: Any) -> Licence:
    """An unsaved licence, its fee (:data:`FEES`) and validity (the season) filled in; ``fields`` as given."""
    start, end = season_bounds(season)
    return Licence(
        person=person,
        club=club,
        season=season,
        kind=kind,
        fee=FEES[kind],
        valid_from=start,
        valid_until=end,
        **fields,
    )


@transaction.atomic
def request_licence(
    person: Person,
    club: Club,
    kind: str,
    season: int,
    *,
    user: Any,
    discipline: Discipline | None = None,
) -> Licence:
    """Request a licence for a member of ``club``; the fee follows the kind (:data:`FEES`).

    Raises
    ------
    NotAllowed
        The user does not manage the club (and is not a federation administrator).
    InvalidData
        Unknown kind, a season too far ahead, or the person not a member of the club that season.
    Conflict
        The person already holds (or has requested) this kind of licence for the season.
    """
    _check_request(person, club, kind, season, user)
    licence = new_licence(
        person,
        club,
        kind,
        season,
        discipline=discipline,
        status=Status.REQUESTED,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    licence.save(force_insert=True)
    licence.log_action(
        "requested",
        user,
        {
            "status": [None, Status.REQUESTED],
            "kind": [None, kind],
            "season": [None, season_label(season)],
            "club": [None, club.name],
            "fee": [None, str(licence.fee)],
        },
    )
    return licence


def _move(licence: Licence, new: str, user: Any, extra: dict[str, list[Any]] | None = None) -> Licence:
    """Change the status (checked against :data:`TRANSITIONS`), save and log it."""
    old = licence.status
    if new not in TRANSITIONS.get(old, set()):
        raise InvalidTransition(
            _("A licence that is %(old)s cannot become %(new)s.")
            % {"old": Status(old).label, "new": Status(new).label}
        )
    licence.status = new
    licence.save()
    licence.log_action(new, user, {"status": [old, new], **(extra or {})})
    return licence


def _decider(licence: Licence, user: Any) -> None:
    if not can_decide_licences(user):
        raise NotAllowed(_("Only a federation administrator decides on licences."))
    licence.decided_by = user
    licence.decided_at = timezone.now()


def _check_four_eyes(licence: Licence, user: Any) -> None:
    """With ``ALATAU_FOUR_EYES`` on, whoever requested a licence cannot approve it too."""
    if getattr(settings, "ALATAU_FOUR_EYES", False) and licence.requested_by_id == getattr(user, "pk", None):
        raise NotAllowed(_("You requested this licence: another administrator approves it (four-eyes rule)."))


def _next_number(season: int) -> str:
    """The next free number of the season: ``KZ25-00001``, ``KZ25-00002``, …"""
    prefix = _number_prefix(season)
    last = (
        Licence.objects.filter(season=season, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return licence_number(season, int(last[len(prefix) :]) + 1 if last else 1)


def licence_number(season: int, serial: int) -> str:
    """The number of the season's ``serial``-th licence: ``KZ25-00001`` for the first of 2025/26."""
    return f"{_number_prefix(season)}{serial:05d}"


def _number_prefix(season: int) -> str:
    return f"KZ{season % 100:02d}-"


def _assign_number(licence: Licence) -> None:
    # Two approvals at once may pick the same number: the unique constraint refuses the
    # second, which retries with the next one inside its own savepoint.
    for _attempt in range(5):
        licence.number = _next_number(licence.season)
        try:
            with transaction.atomic():
                Licence.objects.filter(pk=licence.pk).update(number=licence.number)
            return
        except IntegrityError:
            continue
    raise Conflict(_("Could not give the licence a number; try again."))


@transaction.atomic
def approve_licence(licence: Licence, *, user: Any, on: dt.date | None = None) -> Licence:
    """Approve a requested licence and give it its number; it is active at once within its season."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    _decider(licence, user)
    if licence.status != Status.REQUESTED:
        _move(licence, Status.APPROVED, user)  # raises the clear transition error
    from alatau.licences.payments import check_approval_rule  # payments build on this module

    check_approval_rule(licence)
    _check_four_eyes(licence, user)
    if not licence.number:
        _assign_number(licence)
    _move(licence, Status.APPROVED, user, {"number": [None, licence.number]})
    if licence.valid_from <= (on or today()) <= licence.valid_until:
        _move(licence, Status.ACTIVE, user)
    return licence


@transaction.atomic
def refuse_licence(licence: Licence, *, user: Any, reason: str) -> Licence:
    """Refuse a requested licence; the reason is required and shown to the club."""
    return _end_with_reason(licence, Status.REFUSED, user, reason, _("Give a reason for refusing."))


@transaction.atomic
def activate_licence(licence: Licence, *, user: Any, on: dt.date | None = None) -> Licence:
    """Put an approved licence in force (its season must have begun)."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    _decider(licence, user)
    if licence.status == Status.APPROVED and (on or today()) < licence.valid_from:
        raise InvalidTransition(_("The licence's season has not begun yet."))
    return _move(licence, Status.ACTIVE, user)


@transaction.atomic
def revoke_licence(licence: Licence, *, user: Any, reason: str) -> Licence:
    """Withdraw an approved or active licence; the reason is required."""
    return _end_with_reason(licence, Status.REVOKED, user, reason, _("Give a reason for revoking."))


def _end_with_reason(licence: Licence, new: str, user: Any, reason: str, missing: str) -> Licence:
    """Refuse or revoke: a decision with a required reason (``missing`` says so when it is blank)."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    _decider(licence, user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData({"reason": [missing]})
    licence.status_reason = reason
    return _move(licence, new, user, {"reason": [None, reason]})


@transaction.atomic
def expire_licences(on: dt.date | None = None) -> int:
    """Expire approved and active licences whose validity ended before ``on``; returns how many."""
    due = Licence.objects.select_for_update().filter(
        status__in=[Status.APPROVED, Status.ACTIVE], valid_until__lt=on or today()
    )
    count = 0
    for licence in due:
        _move(licence, Status.EXPIRED, None)
        count += 1
    return count


@transaction.atomic
def refresh_statuses(on: dt.date | None = None) -> dict[str, int]:
    """Daily housekeeping: activate approved licences whose season has begun, expire the ended ones."""
    day = on or today()
    expired = expire_licences(day)
    starting = Licence.objects.select_for_update().filter(
        status=Status.APPROVED, valid_from__lte=day, valid_until__gte=day
    )
    activated = 0
    for licence in starting:
        _move(licence, Status.ACTIVE, None)
        activated += 1
    return {"expired": expired, "activated": activated}
