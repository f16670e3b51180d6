"""Race pages: the calendar, each race's page, the race office, the live page and the speaker view."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import pdf, scoring, services
from alatau.competitions.entry_search import find as find_people
from alatau.competitions.entry_search import posted_entry
from alatau.competitions.models import Event, Race, RunTime
from alatau.competitions.racesheet import course_data, named_jury
from alatau.core.permissions import is_federation_admin
from alatau.core.web import require
from alatau.errors import AlatauError

PUBLIC = (Event.Status.PUBLISHED, Event.Status.ARCHIVED)


def _visible(request: HttpRequest, race_id: int) -> Race:
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    if race.event.status not in PUBLIC and not services.can_work(request.user, race):
        raise Http404
    return race


def _scored(race: Race) -> dict[str, Any]:
    """The results now, with the engine's penalty working; an engine refusal becomes a message."""
    try:
        result, notes, pending = scoring.score(race)
    except AlatauError as error:
        return {"error": str(error)}
    return {"result": result, "notes": notes, "pending": pending, "penalty": result.penalty}


def calendar(request: HttpRequest) -> HttpResponse:
    races = Race.objects.select_related("event").order_by("date", "pk")
    if not is_federation_admin(request.user):
        races = races.filter(event__status__in=PUBLIC)
    from alatau.competitions.views_raceday import creates_events

    context = {"races": races, "creates_events": creates_events(request.user)}
    return render(request, "competitions/calendar.html", context)


def race_detail(request: HttpRequest, race_id: int) -> HttpResponse:
    race = _visible(request, race_id)
    context = {
        "race": race,
        "start_lists": [(n, _start_list(race, n)) for n in range(1, race.runs + 1)],
        "snapshots": race.official_versions.all(),
        "works": services.can_work(request.user, race),
        **_scored(race),
    }
    context |= {"jury": named_jury(race), "course_runs": course_data(race)}
    return render(request, "competitions/race_detail.html", context)


def _start_list(race: Race, run: int) -> list[dict[str, Any]]:
    try:
        return services.start_list(race, run)
    except AlatauError:
        return []


def live_page(request: HttpRequest, race_id: int) -> HttpResponse:
    return render(request, "competitions/live.html", {"race": _visible(request, race_id), "speaker": False})


def speaker(request: HttpRequest, race_id: int) -> HttpResponse:
    return render(request, "competitions/speaker.html", {"race": _visible(request, race_id)})


def startlist_pdf(request: HttpRequest, race_id: int, run: int) -> HttpResponse:
    race = _visible(request, race_id)
    if not 1 <= run <= race.runs:
        raise Http404
    return _pdf(pdf.start_list_pdf(race, run, _start_list(race, run)), f"startlist-{race.codex}-{run}.pdf")


def results_pdf(request: HttpRequest, race_id: int) -> HttpResponse:
    race = _visible(request, race_id)
    scored = _scored(race)
    if "result" not in scored:
        raise Http404
    snapshot = race.official_versions.filter(version=race.version).first() if race.official else None
    return _pdf(pdf.results_pdf(race, scored["result"], snapshot), f"results-{race.codex}.pdf")


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _office(request: HttpRequest, race_id: int) -> Race:
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    require(services.can_work(request.user, race))
    return race


@login_required
def office_entries(request: HttpRequest, race_id: int) -> HttpResponse:
    race = _office(request, race_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "draw":
                made = services.draw_bibs(request.user, race)
                messages.success(request, _("Bibs drawn with seed %(seed)s.") % {"seed": made.seed})
            else:
                entry = posted_entry(request.POST)
                services.add_entries(request.user, race, [entry], request.POST.get("override", "").strip())
                messages.success(request, _("Entered."))
            return redirect("competitions:race-entries", race_id=race.pk)
        except AlatauError as error:
            messages.error(request, str(error))
    entries = race.entries.select_related("person").order_by("bib", "name")
    context = {"race": race, "entries": entries, "organises": services.organises(request.user, race.event)}
    query = request.GET.get("q", "").strip()[:100]
    context |= {"query": query, "found": find_people(race, query) if context["organises"] else None}
    return render(request, "competitions/office_entries.html", context)


@login_required
def office_run(request: HttpRequest, race_id: int, run: int) -> HttpResponse:
    race = _office(request, race_id)
    if not 1 <= run <= race.runs:
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        errors = _save_times(request, race, run)
        if not errors:
            messages.success(request, _("Saved."))
            return redirect("competitions:race-run-times", race_id=race.pk, run=run)
    rows = {t.entry_id: t for t in RunTime.objects.filter(entry__race=race, run=run)}
    lines = [{"entry": e, "time": rows.get(e.pk)} for e in scoring.race_entries(race)]
    context = {"race": race, "run": run, "lines": lines, "errors": errors, "statuses": services.STATUSES}
    context |= {
        "times": services.can_time(request.user, race),
        "judges": services.can_judge(request.user, race),
    }
    return render(request, "competitions/office_run.html", context)


def _save_times(request: HttpRequest, race: Race, run: int) -> list[str]:
    """Send only the bibs whose values changed, one by one; each refusal is a message naming the bib."""
    errors = []
    for bib_text in request.POST.getlist("bib"):
        if not bib_text.isdigit():
            continue
        item = _changed_item(request, int(bib_text))
        if item is None:
            continue
        try:
            services.set_times(request.user, race, run, [item])
        except AlatauError as error:
            errors.append(str(error))
    return errors


def _changed_item(request: HttpRequest, bib: int) -> dict[str, Any] | None:
    get = request.POST.get
    version = int(get(f"version_{bib}", "0") or 0)
    status, was_status = get(f"status_{bib}", ""), get(f"was_status_{bib}", "")
    if status != was_status:
        gate, reason = get(f"gate_{bib}", ""), get(f"reason_{bib}", "")
        return {"bib": bib, "status": status or "OK", "gate": gate, "reason": reason, "version": version}
    time, was_time = get(f"time_{bib}", "").strip(), get(f"was_time_{bib}", "").strip()
    if time and time != was_time:
        return {"bib": bib, "time": time, "version": version}
    return None


@login_required
def office_results(request: HttpRequest, race_id: int) -> HttpResponse:
    race = _office(request, race_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reopen":
                services.reopen(request.user, race, request.POST.get("reason", ""))
                messages.success(request, _("Reopened."))
            else:
                snapshot = services.make_official(request.user, race)
                messages.success(request, _("Official: SHA-256 %(sha)s") % {"sha": snapshot.sha256})
            return redirect("competitions:race-office-results", race_id=race.pk)
        except AlatauError as error:
            messages.error(request, str(error))
    context = {"race": race, "signs": services.can_sign(request.user, race), **_scored(race)}
    context["snapshots"] = race.official_versions.all()
    return render(request, "competitions/office_results.html", context)
