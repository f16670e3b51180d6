"""The entries side of the race office over the API: points lists, the jury, online entries, entry lists.

Thin, as :mod:`alatau.competitions.api`: each call goes through the services of
:mod:`~alatau.competitions.pointslists`, :mod:`~alatau.competitions.jury`, :mod:`~alatau.competitions.entries`
and :mod:`~alatau.competitions.entry_import`, which check the role and write the audit log.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.schemas import ObjectId, PathId
from alatau.competitions import entries, entry_import, jury, pointslists
from alatau.competitions.api import CHANGED, CREATED, CREATED_IN_RACE, READ_ONE, _race
from alatau.competitions.entry_models import EntryRequest
from alatau.competitions.models import Entry, Race
from alatau.core.errors import InvalidData
from alatau.fis.report import number
from alatau.registry.models import Person

router = Router(tags=["races"])


class JuryIn(Schema):
    td: int | None = None
    referee: int | None = None
    assistant_referee: int | None = None
    chief_of_race: int | None = None
    start_referee: int | None = None
    finish_referee: int | None = None
    chief_of_timing: int | None = None
    override: str = ""


class PeopleIn(Schema):
    people: list[ObjectId]


class ReasonIn(Schema):
    reason: str


def request_out(asked: EntryRequest) -> dict[str, Any]:
    return {
        "id": asked.pk, "person": asked.person_id, "name": str(asked.person), "club": asked.club_id,
        "status": asked.status, "reason": asked.reason, "entry": asked.entry_id,
    }  # fmt: skip


def entry_out(entry: Entry) -> dict[str, Any]:
    return {"id": entry.pk, "bib": entry.bib, "fis_code": entry.fis_code, "name": entry.name,
            "nation": entry.nation, "fis_points": number(entry.fis_points), "guest": entry.guest}  # fmt: skip


@router.post("/points-lists", auth=write_auth, response=CREATED, summary="Load a FIS points list")
def upload_points_list(
    request: HttpRequest, file: File[UploadedFile], valid_from: Form[dt.date], valid_until: Form[dt.date],
    number: Form[str] = "",
) -> Status[dict[str, Any]]:  # fmt: skip
    stored = pointslists.upload(caller(request), file.read(), file.name or "list.csv", number=number,
                                valid_from=valid_from, valid_until=valid_until)  # fmt: skip
    return Status(201, {"id": stored.pk, "number": stored.number, "name": stored.name,
                        "valid_from": stored.valid_from, "valid_until": stored.valid_until,
                        "entries": stored.entries.count()})  # fmt: skip


def _jury_out(race: Race) -> dict[str, Any]:
    return {line["field"]: _official(line) for line in jury.jury_lines(race)}


def _official(line: dict[str, Any]) -> dict[str, Any] | None:
    person, verdict = line["person"], line["verdict"]
    if person is None:
        return None
    out = {"id": person.pk, "name": str(person), "fis_code": person.fis_code, "nation": person.nationality}
    out["qualified"] = None if verdict is None else verdict.ok
    out["reason"] = None if verdict is None else verdict.reason
    return out


@router.put("/races/{race_id}/jury", auth=write_auth, response=CHANGED, summary="Name the jury")
def name_jury(request: HttpRequest, race_id: PathId, payload: JuryIn) -> dict[str, Any]:
    race = _race(race_id)
    chosen: dict[str, Person | None] = {}
    for field in payload.model_fields_set - {"override"}:
        pk = getattr(payload, field)
        chosen[field] = None if pk is None else get_object_or_404(Person, pk=pk)
    jury.name_jury(caller(request), race, chosen, payload.override)
    return _jury_out(race)


@router.get("/races/{race_id}/jury", auth=read_auth, response=READ_ONE, summary="The jury")
def get_jury(request: HttpRequest, race_id: PathId) -> dict[str, Any]:
    return _jury_out(_race(race_id))


@router.get("/races/{race_id}/entry-requests", auth=read_auth, response=READ_ONE, summary="Online entries")
def list_requests(request: HttpRequest, race_id: PathId) -> dict[str, Any]:
    race = _race(race_id)
    return {"requests": [request_out(r) for r in entries.requests_for(caller(request), race)]}


@router.post(
    "/races/{race_id}/entry-requests",
    auth=write_auth,
    response=CREATED_IN_RACE,
    summary="Enter athletes online",
)
def make_requests(request: HttpRequest, race_id: PathId, payload: PeopleIn) -> Status[dict[str, Any]]:
    people = list(Person.objects.filter(pk__in=payload.people))
    if len(people) != len(set(payload.people)):
        raise InvalidData({"people": [_("No such person.")]})
    made = entries.request_entries(caller(request), _race(race_id), people)
    return Status(201, {"requests": [request_out(r) for r in made]})


def _request(request_id: int) -> EntryRequest:
    return get_object_or_404(EntryRequest.objects.select_related("race__event", "person"), pk=request_id)


@router.post("/entry-requests/{request_id}/confirm", auth=write_auth, response=CHANGED, summary="Confirm")
def confirm_entry_request(request: HttpRequest, request_id: PathId) -> dict[str, Any]:
    return request_out(entries.confirm(caller(request), _request(request_id)))


@router.post("/entry-requests/{request_id}/refuse", auth=write_auth, response=CHANGED, summary="Refuse")
def refuse_entry_request(request: HttpRequest, request_id: PathId, payload: ReasonIn) -> dict[str, Any]:
    return request_out(entries.refuse(caller(request), _request(request_id), payload.reason))


@router.post(
    "/races/{race_id}/entry-list", auth=write_auth, response=CREATED_IN_RACE, summary="Import an entry list"
)
def import_entry_list(
    request: HttpRequest, race_id: int, file: File[UploadedFile], override: Form[str] = ""
) -> Status[dict[str, Any]]:
    try:
        made = entry_import.import_entries(
            caller(request), _race(race_id), file.read(), file.name or "", override
        )
    except entry_import.EntriesRejected as rejected:
        by_row = {str(row): [p.message for p in problems] for row, problems in rejected.report.by_row()}
        raise InvalidData(by_row) from None
    return Status(201, {"entries": [entry_out(e) for e in made]})
