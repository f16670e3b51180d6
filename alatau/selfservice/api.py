"""``GET /api/v1/me``: the registry records the caller acts for (their own, their wards'), with licences."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from alatau.api.auth import caller, read_auth
from alatau.api.errors import READ, ApiError, responses
from alatau.core.permissions import is_authenticated
from alatau.selfservice.services import represented_people

router = Router(tags=["self-service"], auth=read_auth)


class OwnLicenceOut(Schema):
    number: str
    season: int
    kind: str
    status: str
    valid_from: dt.date
    valid_until: dt.date


class OwnRecordOut(Schema):
    id: int
    name: str
    birth_date: dt.date
    fis_code: str | None
    email: str
    phone: str
    licences: list[OwnLicenceOut]


@router.get("", response=responses(list[OwnRecordOut], READ), summary="My registry records")
def my_records(request: HttpRequest) -> list[dict]:
    """The records the caller acts for: their own (a claimed record) and, as a guardian, their wards'."""
    user = caller(request)
    if not is_authenticated(user):
        raise ApiError(401, "not_authenticated", _("Log in or send an API token to see your records."))
    people = represented_people(user).prefetch_related("licences").order_by("last_name", "first_name")
    return [
        {
            "id": person.pk,
            "name": str(person),
            "birth_date": person.birth_date,
            "fis_code": person.fis_code,
            "email": person.email,
            "phone": person.phone,
            "licences": list(person.licences.order_by("-season", "kind")),
        }
        for person in people
    ]
