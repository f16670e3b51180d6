"""``/events`` and ``/races``: the race office over the API (Bearer tokens for writes, as the registry).

Thin: every change goes through :mod:`alatau.competitions.services`, which checks the role, refuses
changes to official results (409) and writes the audit log. Numbers are JSON numbers rounded to 2
decimals; errors are the API's ``{"detail", "code"}``.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.errors import CREATE, DETAIL, WRITE, ApiError, ErrorOut, responses
from alatau.api.schemas import InputSchema, PathId
from alatau.competitions import exports, live, scoring, services
from alatau.competitions.models import Event, Race
from alatau.competitions.timingio import text_of
from alatau.fis.report import number

router = Router(tags=["races"])

#: Successful answers and the error bodies each kind of operation may send (409: official, stale version).
CREATED = responses(dict, CREATE, status=201, conflict=ErrorOut)
CREATED_IN_RACE = responses(dict, WRITE, status=201, conflict=ErrorOut)
CHANGED = responses(dict, WRITE, conflict=ErrorOut)
READ_ONE = responses(dict, DETAIL)
#: An XML file: its errors as JSON, its 200 declared as XML (openapi_extra) rather than JSON.
XML_FILE = {status: body for status, body in READ_ONE.items() if status != 200}
XML_200 = {
    "responses": {
        200: {"description": "The XML file", "content": {"application/xml": {"schema": {"type": "string"}}}}
    }
}


class EventIn(InputSchema):
    name: str
    place: str
    nation: str
    start_date: dt.date
    end_date: dt.date
    status: str = Event.Status.DRAFT


class RaceIn(InputSchema):
    event: int
    codex: str
    discipline: str
    gender: str
    category: str
    date: dt.date
    runs: int = 2
    season: str | None = None
    forced_penalty: Decimal | None = None


class EntryIn(InputSchema):
    bib: int | None = None
    fis_code: str | None = None
    name: str | None = None
    nation: str | None = None
    fis_points: Decimal | None = None
    points_reason: str | None = None


class TimeIn(InputSchema):
    bib: int
    time: str | float | None = None
    start_tod: str | None = None
    finish_tod: str | None = None
    system: str | None = None
    status: str | None = None
    gate: str | None = None
    reason: str | None = None
    version: int | None = None


class ReasonIn(InputSchema):
    reason: str


def _race(race_id: int) -> Race:
    return get_object_or_404(Race.objects.select_related("event", "points_list"), pk=race_id)


def event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk, "name": event.name, "place": event.place, "nation": event.nation,
        "start_date": event.start_date, "end_date": event.end_date, "status": event.status,
    }  # fmt: skip


def race_out(race: Race) -> dict[str, Any]:
    return {
        "id": race.pk, "event": race.event_id, "codex": race.codex, "discipline": race.discipline,
        "gender": race.gender, "category": race.category, "season": race.season, "date": race.date,
        "runs": race.runs, "forced_penalty": number(race.forced_penalty), "version": race.version,
        "official": race.official,
    }  # fmt: skip


@router.post("/events", auth=write_auth, response=CREATED, summary="Create an event")
def create_event(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    event = services.create_event(caller(request), **payload.dict())
    return Status(201, event_out(event))


@router.post("/races", auth=write_auth, response=CREATED, summary="Create a race of an event")
def create_race(request: HttpRequest, payload: RaceIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    event = Event.objects.filter(pk=data.pop("event")).first()
    if event is None:
        raise ApiError(422, "invalid", _("No such event."))
    return Status(201, race_out(services.create_race(caller(request), event=event, **data)))


@router.get("/races/{race_id}", auth=read_auth, response=READ_ONE, summary="A race")
def get_race(request: HttpRequest, race_id: PathId) -> dict[str, Any]:
    return race_out(_race(race_id))


@router.post(
    "/races/{race_id}/entries", auth=write_auth, response=CREATED_IN_RACE, summary="Enter competitors"
)
def add_entries(request: HttpRequest, race_id: PathId, payload: list[EntryIn]) -> Status[dict[str, Any]]:
    items = [{k: getattr(item, k) for k in item.model_fields_set} for item in payload]
    made = services.add_entries(caller(request), _race(race_id), items)
    entries = [
        {"id": e.pk, "bib": e.bib, "fis_code": e.fis_code, "name": e.name, "nation": e.nation,
         "fis_points": number(e.fis_points), "guest": e.guest}
        for e in made
    ]  # fmt: skip
    return Status(201, {"entries": entries})


@router.put(
    "/races/{race_id}/runs/{run}/times", auth=write_auth, response=CHANGED, summary="Set times of bibs"
)
def set_times(request: HttpRequest, race_id: PathId, run: PathId, payload: list[TimeIn]) -> dict[str, Any]:
    items = [{k: getattr(item, k) for k in item.model_fields_set} for item in payload]
    rows = services.set_times(caller(request), _race(race_id), run, items)
    updated = [
        {"bib": r.entry.bib, "run": r.run, "net_time": number(r.net_time), "status": r.status or None,
         "system": r.system, "manual": r.manual, "version": r.version}
        for r in rows
    ]  # fmt: skip
    return {"updated": updated}


@router.post(
    "/races/{race_id}/runs/{run}/timing-import",
    auth=write_auth,
    response=CHANGED,
    summary="Import a timing file",
)
def timing_import(
    request: HttpRequest, race_id: int, run: int, file: File[UploadedFile], format: Form[str]
) -> dict[str, Any]:
    text = text_of(file.read())
    return services.import_timing(caller(request), _race(race_id), run, text, format.strip().lower())


@router.get(
    "/races/{race_id}/results", auth=read_auth, response=READ_ONE, summary="Results and penalty working"
)
def results(request: HttpRequest, race_id: PathId) -> dict[str, Any]:
    return scoring.results(_race(race_id))


@router.post("/races/{race_id}/official", auth=write_auth, response=CHANGED, summary="Sign the results off")
def make_official(request: HttpRequest, race_id: PathId) -> dict[str, Any]:
    snapshot = services.make_official(caller(request), _race(race_id))
    return {"version": snapshot.version, "sha256": snapshot.sha256}


@router.post("/races/{race_id}/reopen", auth=write_auth, response=CHANGED, summary="Reopen official results")
def reopen(request: HttpRequest, race_id: PathId, payload: ReasonIn) -> dict[str, Any]:
    race = services.reopen(caller(request), _race(race_id), payload.reason)
    return {"version": race.version, "official": race.official}


@router.get(
    "/races/{race_id}/fis-xml",
    auth=read_auth,
    response=XML_FILE,
    openapi_extra=XML_200,
    summary="The FIS results XML",
)
def fis_xml(request: HttpRequest, race_id: PathId) -> HttpResponse:
    name, data = exports.fis_xml(_race(race_id))
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/races/{race_id}/timing-report-xml",
    auth=read_auth,
    response=XML_FILE,
    openapi_extra=XML_200,
    summary="The FIS Timing Report XML",
)
def timing_report_xml(request: HttpRequest, race_id: PathId) -> HttpResponse:
    race = _race(race_id)
    response = HttpResponse(exports.timing_report_xml(race), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{race.event.nation}{int(race.codex):04d}.xml"'
    return response


@router.get("/races/{race_id}/live", auth=read_auth, response=READ_ONE, summary="Live results (public; ETag)")
def live_results(request: HttpRequest, race_id: PathId) -> HttpResponse:
    return live_response(request, _race(race_id))


def live_response(request: HttpRequest, race: Race) -> HttpResponse:
    """The live JSON, or 304 when the client's ETag is still current."""
    text, etag = live.live_body_reused(race)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(text, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
