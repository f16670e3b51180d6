"""The federation's queue: licence requests waiting for a decision, decided several at a time.

Each licence is decided on its own (:func:`approve_licence`, :func:`refuse_licence`), so one that
cannot be approved (unpaid under an "approve only when paid" rule, the four-eyes rule) is named
with its reason and the others go ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_decide_licences
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, refuse_licence

#: Sort keys of the queue: oldest request first by default.
ORDER = {
    "oldest": "requested_at",
    "newest": "-requested_at",
    "club": "club__name",
    "person": "person__last_name",
}


def waiting(order: str = "oldest") -> QuerySet[Licence]:
    """Requests waiting for the federation, sorted by ``order`` (a key of :data:`ORDER`)."""
    return (
        Licence.objects.filter(status=Licence.Status.REQUESTED)
        .select_related("person", "club", "discipline", "payment")
        .order_by(ORDER.get(order, ORDER["oldest"]), "pk")
    )


@dataclass
class Decided:
    """What a bulk decision did: the licences decided, and one message per licence that was not."""

    done: list[Licence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def decide(licences: Iterable[Licence], action: str, *, user: Any, reason: str = "") -> Decided:
    """Approve (``action`` "approve") or refuse ("refuse", with ``reason``) each licence on its own."""
    if not can_decide_licences(user):
        raise NotAllowed(_("Only a federation administrator decides on licences."))
    if action == "refuse" and not reason.strip():
        raise InvalidData({"reason": [_("Give a reason for refusing.")]})
    result = Decided()
    for licence in licences:
        try:
            if action == "approve":
                result.done.append(approve_licence(licence, user=user))
            else:
                result.done.append(refuse_licence(licence, user=user, reason=reason))
        except (InvalidData, NotAllowed, Conflict) as error:
            message = str(error)
            result.problems.append(
                message if str(licence.person) in message else f"{licence.person}: {message}"
            )
    return result
