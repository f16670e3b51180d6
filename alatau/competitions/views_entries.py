"""Entries side of the race office: points lists, points by hand, the jury, online entries, entry imports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import jury, pointslists, services
from alatau.competitions.forms_entries import JuryForm, PointsByHandForm, PointsListForm
from alatau.competitions.models import PointsList, Race
from alatau.core.permissions import is_federation_admin
from alatau.core.web import add_service_errors, require
from alatau.errors import AlatauError


def _office(request: HttpRequest, race_id: int) -> Race:
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    require(services.can_work(request.user, race))
    return race


@login_required
def points_lists(request: HttpRequest) -> HttpResponse:
    """The uploaded FIS points lists and the upload form."""
    require(pointslists.can_upload(request.user))
    form = PointsListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = pointslists.upload(
                request.user, data["file"].read(), data["file"].name, number=data["number"],
                valid_from=data["valid_from"], valid_until=data["valid_until"],
            )  # fmt: skip
            count = stored.entries.count()
            messages.success(request, _("List %(number)s loaded: %(count)s competitors.")
                             % {"number": stored.number, "count": count})  # fmt: skip
            return redirect("competitions:points-lists")
        except AlatauError as error:
            add_service_errors(form, error)
    lists = PointsList.objects.all()
    status = 400 if form.errors else 200
    return render(request, "competitions/points_lists.html", {"form": form, "lists": lists}, status=status)


@login_required
def race_points(request: HttpRequest, race_id: int) -> HttpResponse:
    """Each entry's points and where they come from; the organiser takes them from the list or sets them."""
    race = _office(request, race_id)
    organises = services.organises(request.user, race.event)
    entries = race.entries.order_by("bib", "name")
    form = PointsByHandForm(request.POST or None, entries=entries)
    if request.method == "POST":
        require(organises)
        done = _points_action(request, race, form)
        if done:
            return redirect("competitions:race-points", race_id=race.pk)
    listed = pointslists.list_in_force(race)
    context: dict[str, Any] = {"race": race, "entries": entries, "listed": listed, "form": form}
    sources = pointslists.points_sources(race, listed)
    context |= {"rows": [(e, sources.get(e.pk, "")) for e in entries], "organises": organises}
    return render(request, "competitions/race_points.html", context, status=400 if form.errors else 200)


def _points_action(request: HttpRequest, race: Race, form: PointsByHandForm) -> bool:
    try:
        if request.POST.get("action") == "from-list":
            changed = pointslists.take_list_points(request.user, race)
            messages.success(request, _("Points taken from the list: %(count)s entries changed.")
                             % {"count": changed})  # fmt: skip
            return True
        if form.is_valid():
            entry = get_object_or_404(race.entries, pk=form.cleaned_data["entry"])
            pointslists.set_by_hand(request.user, entry, form.cleaned_data["fis_points"],
                                    form.cleaned_data["reason"])  # fmt: skip
            messages.success(request, _("Points set by hand."))
            return True
    except AlatauError as error:
        add_service_errors(form, error)
    return False


@login_required
def race_jury(request: HttpRequest, race_id: int) -> HttpResponse:
    """The jury: each position from the registry, checked against the officials' register on race day."""
    race = _office(request, race_id)
    organises = services.organises(request.user, race.event)
    initial = {field: getattr(race, f"{field}_id") for field in jury.POSITIONS}
    form = JuryForm(request.POST or None, initial=initial, positions=jury.POSITIONS,
                    people=jury.candidates(race))  # fmt: skip
    if request.method == "POST":
        require(organises)
        if form.is_valid():
            chosen = {field: form.cleaned_data[field] for field in jury.POSITIONS}
            try:
                jury.name_jury(request.user, race, chosen, form.cleaned_data["override"])
                messages.success(request, _("Jury saved."))
                return redirect("competitions:race-jury", race_id=race.pk)
            except AlatauError as error:
                add_service_errors(form, error)
    context = {"race": race, "form": form, "organises": organises, "lines": jury.jury_lines(race)}
    context |= {"overrides": jury.overrides(race), "admin": is_federation_admin(request.user)}
    return render(request, "competitions/race_jury.html", context, status=400 if form.errors else 200)
