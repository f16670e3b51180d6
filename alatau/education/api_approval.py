"""``/enrolments/awaiting``, ``/enrolments/{id}/approve`` and ``…/refuse``: enrolment approval in the API.

The same rules as the approvals page (:mod:`alatau.education.approval`): a club manager decides for the
current members of their clubs where the programme asks for the club's approval, a federation
administrator decides every one.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.common import get_or_404
from alatau.api.errors import WRITE, ApiError, ErrorOut, responses
from alatau.api.schemas import PathId, ReasonIn
from alatau.core.permissions import is_authenticated
from alatau.education import approval
from alatau.education.models import Enrolment

router = Router(tags=["education"])


class AwaitingOut(Schema):
    id: int
    course: int
    programme: str
    person: int
    person_name: str
    approval: str = Field(description="club or region: who approves.")
    status: str
    reason: str


def awaiting_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "course": enrolment.course_id,
        "programme": enrolment.course.programme.code,
        "person": enrolment.person_id,
        "person_name": str(enrolment.person),
        "approval": enrolment.course.programme.approval,
        "status": enrolment.status,
        "reason": enrolment.reason,
    }


def _approver(request: HttpRequest) -> Any:
    user = caller(request)
    if not approval.can_decide_any(user):
        if not is_authenticated(user):
            raise ApiError(401, "not_authenticated", _("Sign in or send an API token."))
        raise ApiError(403, "not_allowed", _("Your role does not allow this."))
    return user


def _enrolment(enrolment_id: int) -> Enrolment:
    found = Enrolment.objects.select_related("person", "course__programme")
    return get_or_404(found, _("No such enrolment."), pk=enrolment_id)


@router.get(
    "/enrolments/awaiting",
    response=responses(list[AwaitingOut], (401, 403, 422)),
    auth=read_auth,
    summary="Enrolments awaiting approval",
)
def list_awaiting(request: HttpRequest) -> list[dict[str, Any]]:
    """The enrolments awaiting the caller's approval, oldest first."""
    return [awaiting_out(e) for e in approval.awaiting_for(_approver(request))]


@router.post(
    "/enrolments/{enrolment_id}/approve",
    response=responses(AwaitingOut, WRITE, conflict=ErrorOut),
    auth=write_auth,
    summary="Approve an enrolment",
)
def approve_enrolment(request: HttpRequest, enrolment_id: PathId) -> dict[str, Any]:
    """The person takes a seat, or a place on the waiting list when the course is full."""
    user = _approver(request)
    return awaiting_out(approval.approve(_enrolment(enrolment_id), user=user))


@router.post(
    "/enrolments/{enrolment_id}/refuse",
    response=responses(AwaitingOut, WRITE, conflict=ErrorOut),
    auth=write_auth,
    summary="Refuse an enrolment",
)
def refuse_enrolment(request: HttpRequest, enrolment_id: PathId, payload: ReasonIn) -> dict[str, Any]:
    """Refused with the reason, which the enrolment keeps."""
    user = _approver(request)
    return awaiting_out(approval.refuse(_enrolment(enrolment_id), payload.reason, user=user))
