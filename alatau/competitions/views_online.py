"""Online entries: the club managers' entry page and the race office's page to confirm, refuse, withdraw."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import entries, services
from alatau.competitions.entry_models import EntryRequest
from alatau.competitions.forms_entries import AthletesForm, EntryChangeForm, EntryRulesForm
from alatau.competitions.models import Event, Race
from alatau.core.web import require
from alatau.errors import AlatauError


def _posted_id(request: HttpRequest) -> int:
    """The entry request a form names; a missing or malformed one is a 404."""
    text = request.POST.get("request", "")
    if not text.isdigit():
        raise Http404
    return int(text)


@login_required
def online_races(request: HttpRequest) -> HttpResponse:
    """The races open to online entries now, for the club managers."""
    require(entries.can_enter(request.user))
    return render(request, "competitions/online_races.html", {"races": entries.open_races()})


def _for_clubs(request: HttpRequest, race_id: int) -> Race:
    require(entries.can_enter(request.user))
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    if race.event.status != Event.Status.PUBLISHED and not services.can_work(request.user, race):
        raise Http404
    return race


@login_required
def race_enter(request: HttpRequest, race_id: int) -> HttpResponse:
    """A club manager enters their athletes and sees each entry pending, confirmed or refused."""
    race = _for_clubs(request, race_id)
    form = AthletesForm(request.POST or None, people=entries.athletes_for(request.user, race))
    if request.method == "POST":
        try:
            if _club_action(request, race, form):
                return redirect("competitions:race-enter", race_id=race.pk)
        except AlatauError as error:
            messages.error(request, str(error))
    context: dict[str, Any] = {"race": race, "rules": entries.rules_of(race), "form": form}
    context |= {"closed": entries.closed_reason(race), "requests": entries.requests_for(request.user, race)}
    return render(request, "competitions/race_enter.html", context, status=400 if form.errors else 200)


def _club_action(request: HttpRequest, race: Race, form: AthletesForm) -> bool:
    action = request.POST.get("action")
    if action in ("take-back", "withdraw"):
        asked = get_object_or_404(entries.requests_for(request.user, race), pk=_posted_id(request))
        if asked.entry is None:
            entries.withdraw_request(request.user, asked)
        else:
            entries.withdraw(request.user, asked.entry, request.POST.get("reason", ""))
        messages.success(request, _("Withdrawn."))
        return True
    if form.is_valid():
        made = entries.request_entries(request.user, race, list(form.cleaned_data["people"]))
        pending = sum(1 for m in made if m.status == EntryRequest.Status.PENDING)
        messages.success(request, _("%(pending)s of %(total)s entries sent to the race office.")
                         % {"pending": pending, "total": len(made)})  # fmt: skip
        return True
    return False


@login_required
def race_requests(request: HttpRequest, race_id: int) -> HttpResponse:
    """The race office: entry rules, the clubs' requests to confirm or refuse, withdrawals and bibs."""
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    require(services.can_work(request.user, race))
    organises = services.organises(request.user, race.event)
    rules = entries.rules_of(race)
    initial = {"online": rules.online, "deadline": rules.deadline, "quota_per_club": rules.quota_per_club,
               "quota_per_nation": rules.quota_per_nation}  # fmt: skip
    posted = request.POST if request.method == "POST" else None
    rules_form = EntryRulesForm(posted if request.POST.get("action") == "rules" else None, initial=initial)
    change_form = EntryChangeForm(posted if request.POST.get("action") in ("withdraw", "bib") else None,
                                  entries=race.entries.filter(withdrawn=False))  # fmt: skip
    if posted is not None:
        require(organises)
        try:
            if _office_action(request, race, rules_form, change_form):
                return redirect("competitions:race-requests", race_id=race.pk)
        except AlatauError as error:
            messages.error(request, str(error))
    context = {"race": race, "rules": rules, "rules_form": rules_form, "change_form": change_form}
    context |= {"requests": entries.requests_for(request.user, race), "organises": organises}
    context |= {"after_draw": entries.changes_after_draw(race), "started": entries.started(race)}
    bad = rules_form.errors or change_form.errors
    return render(request, "competitions/race_requests.html", context, status=400 if bad else 200)


def _office_action(
    request: HttpRequest, race: Race, rules_form: EntryRulesForm, change: EntryChangeForm
) -> bool:
    action = request.POST.get("action")
    if action in ("confirm", "refuse"):
        asked = get_object_or_404(race.entry_requests, pk=_posted_id(request))
        if action == "confirm":
            entries.confirm(request.user, asked)
        else:
            entries.refuse(request.user, asked, request.POST.get("reason", ""))
        messages.success(request, _("Saved."))
        return True
    if action == "rules" and rules_form.is_valid():
        entries.set_rules(request.user, race, **rules_form.cleaned_data)
        messages.success(request, _("Saved."))
        return True
    if action in ("withdraw", "bib") and change.is_valid():
        entry = get_object_or_404(race.entries, pk=change.cleaned_data["entry"])
        if action == "withdraw":
            entries.withdraw(request.user, entry, change.cleaned_data["reason"])
        else:
            entries.set_bib(request.user, entry, change.cleaned_data["bib"], change.cleaned_data["reason"])
        messages.success(request, _("Saved."))
        return True
    return False
