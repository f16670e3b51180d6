"""The API keeps to its own schema: parameters range-checked, nulls as declared, bodies are objects,
the schema states the codes the server accepts; tokens expire and may be read-only."""

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from alatau.api.models import ApiToken
from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.registry.models import Club, Person
from alatau.registry.plausible import nation_codes
from tests.web.apiclient import ApiClient

HUGE = [2**63, 2**70, -1, 0]


@pytest.fixture
def spec(client: Client, db: None) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/people", "offset"),
        ("/people", "club"),
        ("/clubs", "offset"),
        ("/licences", "person"),
        ("/licences", "club"),
        ("/certificates", "offset"),
    ],
)
@pytest.mark.parametrize("value", HUGE)
def test_query_numbers_out_of_range_are_422(
    client: Client, alice_admin: User, athlete: Person, path: str, param: str, value: int
) -> None:
    response = ApiClient(client, alice_admin).get(path, **{param: value})
    if value == 0 and param == "offset":
        assert response.status_code == 200
        return
    assert response.status_code == 422, (path, param, value, response.content)
    assert param in response.json()["errors"]


@pytest.mark.parametrize(
    "path",
    ["/people/{}", "/clubs/{}", "/licences/{}", "/races/{}", "/sites/studies/{}", "/races/{}/live"],
)
@pytest.mark.parametrize("value", [2**63, 2**70, -5, 0])
def test_path_ids_out_of_range_are_422(client: Client, alice_admin: User, path: str, value: int) -> None:
    response = ApiClient(client, alice_admin).get(path.format(value))
    assert response.status_code == 422, (path, value, response.content)
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("field", ["email", "phone", "last_name_cyrillic", "first_name_cyrillic"])
def test_nullable_person_fields_store_empty(
    client: Client, alice_admin: User, athlete: Person, field: str
) -> None:
    response = ApiClient(client, alice_admin).patch(f"/people/{athlete.pk}", {field: None})
    assert response.status_code == 200, response.content
    athlete.refresh_from_db()
    assert getattr(athlete, field) == ""


def test_null_fis_code_removes_it(client: Client, alice_admin: User, athlete: Person) -> None:
    assert (
        ApiClient(client, alice_admin).patch(f"/people/{athlete.pk}", {"fis_code": None}).status_code == 200
    )
    athlete.refresh_from_db()
    assert athlete.fis_code is None


@pytest.mark.parametrize("field", ["last_name", "birth_date", "gender", "nationality", "is_athlete"])
def test_non_nullable_person_fields_refuse_null(
    client: Client, alice_admin: User, athlete: Person, field: str, spec: dict[str, Any]
) -> None:
    response = ApiClient(client, alice_admin).patch(f"/people/{athlete.pk}", {field: None})
    assert response.status_code == 422
    declared = spec["components"]["schemas"]["PersonPatch"]["properties"][field]
    assert "null" not in str(declared)


@pytest.mark.parametrize("field", ["email", "phone", "website", "short_name"])
def test_nullable_club_fields_store_empty(
    client: Client, alice_admin: User, club_shymbulak: Club, field: str, spec: dict[str, Any]
) -> None:
    setattr(club_shymbulak, field, "https://x.kz" if field == "website" else "x")
    club_shymbulak.save()
    assert (
        ApiClient(client, alice_admin).patch(f"/clubs/{club_shymbulak.pk}", {field: None}).status_code == 200
    )
    club_shymbulak.refresh_from_db()
    assert getattr(club_shymbulak, field) == ""
    assert "null" in str(spec["components"]["schemas"]["ClubPatch"]["properties"][field])


@pytest.mark.parametrize("body", ["[null, null]", "[]", "3", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_422(
    client: Client, alice_admin: User, athlete: Person, club_shymbulak: Club, body: str
) -> None:
    api = ApiClient(client, alice_admin)
    for method, path in [("patch", f"/people/{athlete.pk}"), ("patch", f"/clubs/{club_shymbulak.pk}")]:
        response = api.raw(method, path, body)
        assert response.status_code in (400, 422), (method, path, body, response.content)
    athlete.refresh_from_db()
    assert athlete.version == 0


def test_the_schema_states_the_codes(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["PersonIn"]["properties"]["nationality"]["enum"] == nation_codes()
    disciplines = schemas["ClubPatch"]["properties"]["disciplines"]["items"]["enum"]
    assert "alpine" in disciplines and "cross-country" in disciplines
    assert "almaty-city" in schemas["ClubIn"]["properties"]["region"]["enum"]
    seasons = schemas["RaceIn"]["properties"]["season"]["anyOf"][0]["enum"]
    assert "2021-22" in seasons
    parameters = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/people"]["get"]["parameters"]}
    assert "9223372036854775807" in str(parameters["club"]) and parameters["offset"]["maximum"] == 10**9


def test_the_schema_links_create_to_update_and_read(spec: dict[str, Any]) -> None:
    links = spec["paths"]["/api/v1/people"]["post"]["responses"]["201"]["links"]
    assert links["UpdatePerson"] == {
        "operationId": "update_person",
        "parameters": {"person_id": "$response.body#/id"},
    }


def test_what_the_schema_allows_is_accepted(client: Client, alice_admin: User, club_shymbulak: Club) -> None:
    api = ApiClient(client, alice_admin)
    for code in ("KOS", "SGP", "AIN" if "AIN" in nation_codes() else "ZIM"):
        body = {"last_name": f"N{code}", "first_name": "A", "birth_date": "2001-01-01", "gender": "W"}
        assert api.post("/people", {**body, "nationality": code}).status_code == 201
    patch = {"disciplines": ["ski-mountaineering"], "region": "ulytau", "email": None}
    assert api.patch(f"/clubs/{club_shymbulak.pk}", patch).status_code == 200


# --- tokens -----------------------------------------------------------------------------------------


def test_a_read_only_token_reads_but_never_writes(client: Client, alice_admin: User, athlete: Person) -> None:
    _, token = ApiToken.issue(alice_admin, "dashboard", read_only=True)
    api = ApiClient(client, token=token)
    assert api.get(f"/people/{athlete.pk}").json()["full"] is True
    assert api.get("/licences").status_code == 200
    response = api.patch(f"/people/{athlete.pk}", {"first_name": "Changed"})
    assert response.status_code == 403 and response.json()["code"] == "read_only_token"
    assert api.post("/clubs", {"name": "X", "region": "almaty", "town": "T"}).status_code == 403
    athlete.refresh_from_db()
    assert athlete.first_name == "Aidar"


def test_an_expired_token_is_refused(client: Client, alice_admin: User, athlete: Person) -> None:
    api_token, token = ApiToken.issue(alice_admin, "old", expires_at=timezone.now() + dt.timedelta(hours=1))
    api = ApiClient(client, token=token)
    assert api.get(f"/people/{athlete.pk}").status_code == 200
    ApiToken.objects.filter(pk=api_token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for response in (
        api.get(f"/people/{athlete.pk}"),
        api.patch(f"/people/{athlete.pk}", {"first_name": "X"}),
    ):
        assert response.status_code == 401 and response.json()["code"] == "expired_token"


def test_the_command_issues_expiring_read_only_tokens(alice_admin: User, client: Client) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "alice", "--expires", "30d", "--read-only", stdout=out, stderr=err)
    api_token = ApiToken.find(out.getvalue().strip())
    assert api_token is not None and api_token.read_only
    assert api_token.expires_at is not None
    left = api_token.expires_at - timezone.now()
    assert dt.timedelta(days=29, hours=23) < left <= dt.timedelta(days=30)
    assert "read-only" in err.getvalue()
    response = ApiClient(client, token=out.getvalue().strip()).post("/clubs", {})
    assert response.status_code == 403


def test_the_command_takes_a_last_day(alice_admin: User) -> None:
    out = io.StringIO()
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    call_command("create_api_token", "alice", "--expires", day, stdout=out, stderr=io.StringIO())
    api_token = ApiToken.find(out.getvalue().strip())
    assert api_token is not None and not api_token.read_only
    assert timezone.localtime(api_token.expires_at).date().isoformat() == day


@pytest.mark.parametrize("bad", ["soon", "0d", "-3d", "99999w", "2001-01-01"])
def test_the_command_refuses_bad_expiries(alice_admin: User, bad: str) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "alice", "--expires", bad, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_decisions_need_a_writing_token(
    client: Client, alice_admin: User, carol_manager: User, athlete: Person, club_shymbulak: Club
) -> None:
    from alatau.licences.services import request_licence, season_of, today

    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    _, token = ApiToken.issue(alice_admin, "viewer", read_only=True)
    assert ApiClient(client, token=token).post(f"/licences/{licence.pk}/approve").status_code == 403
    assert Licence.objects.get(pk=licence.pk).status == "requested"
