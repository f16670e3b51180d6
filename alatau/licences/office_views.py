"""The club manager's pages: the workspace home, licences requested in bulk, withdrawing a request."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from alatau.core.errors import InvalidTransition, NotAllowed
from alatau.core.permissions import is_club_manager, is_federation_admin
from alatau.core.web import require
from alatau.licences import office, services
from alatau.licences.forms import BulkRequestForm
from alatau.registry.models import Person


def _may_work(user: Any) -> bool:
    return is_federation_admin(user) or is_club_manager(user)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """A club manager's home: members without a licence, requests waiting, licences ending, next steps."""
    require(_may_work(request.user))
    return render(request, "licences/workspace.html", {"space": office.workspace(request.user)})


def _members(user: Any) -> QuerySet[Person]:
    clubs = office._clubs(user)
    return (
        Person.objects.filter(memberships__club__in=clubs, memberships__end_date__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulk_request(request: HttpRequest) -> HttpResponse:
    """Tick members, choose a kind and season: one request each; problems are named per member."""
    require(_may_work(request.user))
    season = office.coming_season()
    people = _members(request.user)
    missing = {m.person_id for m in office.members_without_licence(office._clubs(request.user), season)}
    initial = {"people": [pk for pk in request.GET.getlist("person") if pk.isdigit()]}
    form = BulkRequestForm(request.POST or None, people=people, season=season, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = office.request_licences(
            list(data["people"]), data["kind"], data["season"], user=request.user
        )
        if result.requested:
            count = len(result.requested)
            messages.success(
                request,
                ngettext("%(count)d licence requested.", "%(count)d licences requested.", count)
                % {"count": count},
            )
        for problem in result.problems:
            messages.error(request, problem)
        return redirect("licences:workspace")
    rows = [(person, person.pk in missing) for person in people[:500]]
    return render(request, "licences/bulk_request.html", {"form": form, "rows": rows, "season": season})


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The club takes back an undecided request."""
    licence = get_object_or_404(services.visible_licences(request.user), pk=pk)
    try:
        office.withdraw_request(licence, user=request.user)
    except (NotAllowed, InvalidTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Request withdrawn."))
    if request.POST.get("next") == "workspace":
        return redirect("licences:workspace")
    return redirect("licences:licence-detail", pk=pk)
