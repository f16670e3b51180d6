"""The approvals page: club managers (their members) and federation administrators approve or refuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.web import require
from alatau.education import approval
from alatau.education.forms import ReasonForm
from alatau.education.models import Enrolment


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The enrolments awaiting the user's approval, and the decisions they took last."""
    require(approval.can_decide_any(request.user))
    context = {
        "awaiting": approval.awaiting_for(request.user),
        "decided": approval.decided_by(request.user),
        "form": ReasonForm(),
    }
    return render(request, "education/approvals.html", context)


@login_required
@require_POST
def enrolment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (``action=approve``) or refuse with a reason (``action=refuse``)."""
    found = Enrolment.objects.select_related("person", "course__programme")
    enrolment = get_object_or_404(found, pk=pk)
    require(approval.may_approve(request.user, enrolment.course.programme, enrolment.person))
    try:
        if request.POST.get("action") == "approve":
            approval.approve(enrolment, user=request.user)
        else:
            approval.refuse(enrolment, request.POST.get("reason", ""), user=request.user)
    except InvalidData:
        messages.error(request, _("Give a reason for the refusal."))
    except (Conflict, NotAllowed) as error:
        messages.error(request, str(error))
    else:
        done = {"person": enrolment.person, "status": enrolment.get_status_display()}
        messages.success(request, _("%(person)s: %(status)s.") % done)
    return redirect("education:edu-approvals")
