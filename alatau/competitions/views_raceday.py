"""The race office's first and timing steps in the browser: a new event, a new race, a timing file import.

Thin faces over :mod:`alatau.competitions.services` (role checks, validation and the audit log live
there); a refusal becomes a form error naming the field or the line.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.competitions import services
from alatau.competitions.models import Event, Race
from alatau.competitions.timingio import text_of
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.core.web import require
from alatau.errors import AlatauError

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GENDERS = [("M", gettext_lazy("Men")), ("W", gettext_lazy("Women"))]
DEVICES = [("alge", "ALGE"), ("microgate", "Microgate"), ("csv", "CSV")]


def creates_events(user: Any) -> bool:
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.ORGANISER)


class EventForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    place = forms.CharField(label=gettext_lazy("place"), max_length=120)
    nation = forms.CharField(label=gettext_lazy("nation"), max_length=3, initial="KAZ")
    start_date = forms.DateField(label=gettext_lazy("from"), widget=DAY)
    end_date = forms.DateField(label=gettext_lazy("until"), widget=DAY)
    status = forms.ChoiceField(label=gettext_lazy("status"), choices=Event.Status.choices)


class RaceForm(forms.Form):
    codex = forms.CharField(label=gettext_lazy("codex"), max_length=8)
    discipline = forms.ChoiceField(label=gettext_lazy("discipline"), choices=Race.Discipline.choices)
    gender = forms.ChoiceField(label=gettext_lazy("gender"), choices=GENDERS)
    category = forms.CharField(label=gettext_lazy("category"), max_length=8, initial="FIS")
    date = forms.DateField(label=gettext_lazy("date"), widget=DAY)
    runs = forms.IntegerField(label=gettext_lazy("runs"), min_value=1, max_value=3, initial=2)
    season = forms.CharField(label=gettext_lazy("season"), max_length=7, required=False, help_text="2021-22")


class TimingFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Timing file"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=DEVICES)


def _refused(form: forms.Form, error: AlatauError) -> None:
    for field, problems in getattr(error, "errors", {None: [str(error)]}).items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    require(creates_events(request.user))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(request.user, **form.cleaned_data)
        except AlatauError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Event created."))
            return redirect("competitions:race-new", event_id=event.pk)
    return render(request, "competitions/office_new.html", {"form": form, "title": _("New event")})


@login_required
def race_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    require(services.organises(request.user, event))
    form = RaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data | {"season": form.cleaned_data["season"].strip() or None}
        try:
            race = services.create_race(request.user, event=event, **data)
        except AlatauError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Race created."))
            return redirect("competitions:race-entries", race_id=race.pk)
    title = _("New race of %(event)s") % {"event": event.name}
    return render(request, "competitions/office_new.html", {"form": form, "title": title, "event": event})


@login_required
def run_import(request: HttpRequest, race_id: int, run: int) -> HttpResponse:
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    require(services.can_time(request.user, race))
    if not 1 <= run <= race.runs:
        raise Http404
    form = TimingFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = text_of(form.cleaned_data["file"].read())
        try:
            report = services.import_timing(request.user, race, run, text, form.cleaned_data["format"])
        except AlatauError as error:
            _refused(form, error)
    context = {"race": race, "run": run, "form": form, "report": report}
    return render(request, "competitions/office_import.html", context)
