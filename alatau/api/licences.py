"""``/licences``: read by the federation's staff and by club managers (their clubs), requested by
club managers, decided by federation administrators; ``/verify/{token}`` is public.

Every change goes through :mod:`alatau.licences.services`, which checks the role, moves the
status along the allowed transitions and writes the audit log.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.common import get_or_404, get_or_422, ordered, page_of
from alatau.api.errors import CREATE, WRITE, ApiError, ErrorOut, not_found, responses
from alatau.api.schemas import (
    LicenceFilter,
    LicenceOut,
    LicencePage,
    LicenceRequestIn,
    PageIn,
    PathId,
    ReasonIn,
    VerificationOut,
)
from alatau.core.permissions import can_see_registry, is_authenticated
from alatau.licences import services
from alatau.licences.models import Licence
from alatau.registry.models import Club, Discipline, Person

router = Router(tags=["licences"])

ORDERING = {
    "season": ("season", "person__last_name", "person__first_name"),
    "name": ("person__last_name", "person__first_name", "season"),
    "valid_until": ("valid_until",),
}
LIST_ERRORS = (401, 403, 422)
DETAIL_ERRORS = (401, 403, 404, 422)


def licences(user: Any) -> QuerySet[Licence]:
    """The licences ``user`` may read; 401 for anonymous callers, 403 for roles that read none."""
    if not can_see_registry(user):
        if not is_authenticated(user):
            raise ApiError(401, "not_authenticated", _("Sign in or send an API token to read licences."))
        raise ApiError(403, "not_allowed", _("Your role does not give access to licences."))
    related = ("person", "club", "discipline", "requested_by", "decided_by")
    return services.visible_licences(user).select_related(*related)


def licence_out(licence: Licence) -> dict[str, Any]:
    return {
        "id": licence.pk,
        "person": {"id": licence.person.pk, "name": str(licence.person)},
        "club": {"id": licence.club.pk, "name": licence.club.name},
        "season": licence.season,
        "season_label": services.season_label(licence.season),
        "discipline": licence.discipline.code if licence.discipline else None,
        "requested_by": _username(licence.requested_by),
        "decided_by": _username(licence.decided_by),
        "verification_token": str(licence.verification_token),
        **{name: getattr(licence, name) for name in _PLAIN_FIELDS},
    }


_PLAIN_FIELDS = (
    "kind",
    "status",
    "valid_from",
    "valid_until",
    "number",
    "fee",
    "requested_at",
    "decided_at",
    "status_reason",
)


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def filter_licences(queryset: QuerySet[Licence], filters: LicenceFilter) -> QuerySet[Licence]:
    lookups = {
        "season": filters.season,
        "status": filters.status,
        "kind": filters.kind,
        "club_id": filters.club,
        "person_id": filters.person,
    }
    queryset = queryset.filter(**{key: value for key, value in lookups.items() if value is not None})
    return ordered(queryset, filters.ordering, ORDERING)


@router.get(
    "/licences", response=responses(LicencePage, LIST_ERRORS), auth=read_auth, summary="List licences"
)
def list_licences(request: HttpRequest, filters: Query[LicenceFilter], page: Query[PageIn]) -> dict[str, Any]:
    """All licences for federation staff; a club manager's own clubs' licences."""
    return page_of(filter_licences(licences(caller(request)), filters), page, licence_out)


@router.get(
    "/licences/{licence_id}",
    response=responses(LicenceOut, DETAIL_ERRORS),
    auth=read_auth,
    summary="One licence",
)
def get_licence(request: HttpRequest, licence_id: PathId) -> dict[str, Any]:
    return licence_out(get_or_404(licences(caller(request)), _("No such licence."), pk=licence_id))


@router.post(
    "/licences",
    response=responses(LicenceOut, CREATE, status=201, conflict=ErrorOut),
    auth=write_auth,
    summary="Request a licence",
)
def request_licence(request: HttpRequest, payload: LicenceRequestIn) -> Status[dict[str, Any]]:
    """A club manager (or administrator) requests a licence for a member of the club."""
    user = caller(request)
    person = get_or_422(Person.objects.all(), "person_id", pk=payload.person_id)
    club = get_or_422(Club.objects.all(), "club_id", pk=payload.club_id)
    discipline = (
        get_or_422(Discipline.objects.all(), "discipline", code=payload.discipline)
        if payload.discipline
        else None
    )
    season = payload.season if payload.season is not None else services.season_of(services.today())
    licence = services.request_licence(person, club, payload.kind, season, user=user, discipline=discipline)
    return Status(201, _reloaded(licence.pk))


def _reloaded(licence_id: int) -> dict[str, Any]:
    related = ("person", "club", "discipline", "requested_by", "decided_by")
    return licence_out(Licence.objects.select_related(*related).get(pk=licence_id))


def _decide(request: HttpRequest, licence_id: int, action: Callable[..., Licence], **kwargs: Any) -> Any:
    licence = get_or_404(Licence.objects.all(), _("No such licence."), pk=licence_id)
    action(licence, user=caller(request), **kwargs)
    return _reloaded(licence_id)


DECISION = responses(LicenceOut, WRITE, conflict=ErrorOut)


@router.post(
    "/licences/{licence_id}/approve", response=DECISION, auth=write_auth, summary="Approve a licence"
)
def approve_licence(request: HttpRequest, licence_id: PathId) -> Any:
    """Federation administrators: the licence gets its number, and is active at once within its season."""
    return _decide(request, licence_id, services.approve_licence)


@router.post("/licences/{licence_id}/refuse", response=DECISION, auth=write_auth, summary="Refuse a licence")
def refuse_licence(request: HttpRequest, licence_id: PathId, payload: ReasonIn) -> Any:
    """Federation administrators, with a reason the club will see."""
    return _decide(request, licence_id, services.refuse_licence, reason=payload.reason)


@router.post(
    "/licences/{licence_id}/activate", response=DECISION, auth=write_auth, summary="Activate a licence"
)
def activate_licence(request: HttpRequest, licence_id: PathId) -> Any:
    """Federation administrators: put an approved licence in force once its season has begun."""
    return _decide(request, licence_id, services.activate_licence)


@router.post("/licences/{licence_id}/revoke", response=DECISION, auth=write_auth, summary="Revoke a licence")
def revoke_licence(request: HttpRequest, licence_id: PathId, payload: ReasonIn) -> Any:
    """Federation administrators, with a reason."""
    return _decide(request, licence_id, services.revoke_licence, reason=payload.reason)


#: Statuses a card can carry: a requested or refused licence was never issued, so it does not verify.
ISSUED = (Licence.Status.APPROVED, Licence.Status.ACTIVE, Licence.Status.EXPIRED, Licence.Status.REVOKED)


@router.get(
    "/verify/{token}",
    response=responses(VerificationOut, (404, 422)),
    auth=None,
    summary="Verify a licence card",
)
def verify_licence(request: HttpRequest, token: uuid.UUID) -> dict[str, Any]:
    """Public: what the QR code on a licence card shows (name, club, kind, season, validity)."""
    licence = (
        Licence.objects.select_related("person", "club")
        .filter(verification_token=token, status__in=ISSUED)
        .first()
    )
    if licence is None:
        raise not_found(_("No such licence."))
    return {
        "name": str(licence.person),
        "club": licence.club.name,
        "kind": licence.kind,
        "kind_label": str(Licence.Kind(licence.kind).label),
        "season": licence.season,
        "season_label": services.season_label(licence.season),
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "status": licence.status,
        "valid": services.is_currently_valid(licence),
    }
