# ruff: noqa: F811 - fixtures of tests/web and of the other race-office tests are imported by name
"""The entries side of the race office over the API: points lists, the jury, online entries, entry lists."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from alatau.competitions import entries
from alatau.competitions.models import Race
from alatau.core.models import User
from alatau.registry.models import Person
from tests.competitions.test_jury import officials  # noqa: F401 - the officials fixture
from tests.competitions.test_online_entries import skiers  # noqa: F401 - the Shymbulak women
from tests.competitions.test_pointslists import small_list
from tests.web.apiclient import BASE, ApiClient
from tests.web.conftest import edith_educator  # noqa: F401 - certifies the officials


def put(api: ApiClient, path: str, body: object) -> Any:
    return api.client.put(BASE + path, json.dumps(body), content_type="application/json", headers=api.headers)


def test_a_points_list_is_loaded_over_the_api(client: Client, oscar_organiser: User, tmp_path: Path) -> None:
    api = ApiClient(client, oscar_organiser)
    data = {"file": SimpleUploadedFile("list.csv", small_list(tmp_path)), "valid_from": "2022-01-01",
            "valid_until": "2022-01-31"}  # fmt: skip
    answer = client.post(f"{BASE}/points-lists", data, headers=api.headers)
    assert answer.status_code == 201, answer.content
    assert answer.json()["number"] == "331" and answer.json()["entries"] == 3
    bad = client.post(
        f"{BASE}/points-lists", {**data, "file": SimpleUploadedFile("l.txt", b"x")}, headers=api.headers
    )
    assert bad.status_code == 422 and "file" in bad.json()["errors"]
    assert client.post(f"{BASE}/points-lists", data).status_code == 401


def test_the_jury_over_the_api(
    client: Client, race: Race, officials: dict[str, Person], oscar_organiser: User, alice_admin: User
) -> None:
    api = ApiClient(client, oscar_organiser)
    refused = put(api, f"/races/{race.pk}/jury", {"td": officials["expired_td"].pk})
    assert refused.status_code == 422 and "expired on" in refused.json()["errors"]["td"][0]
    forbidden = put(
        api, f"/races/{race.pk}/jury", {"td": officials["expired_td"].pk, "override": "none else"}
    )
    assert forbidden.status_code == 403
    done = put(api, f"/races/{race.pk}/jury", {"td": officials["td"].pk, "referee": officials["referee"].pk})
    assert done.status_code == 200
    td = done.json()["td"]
    assert td["fis_code"] == "TD002" and td["nation"] == "AUT" and td["qualified"] is True
    body = {"chief_of_race": officials["nobody"].pk, "override": "Trainee under supervision"}
    admin = put(ApiClient(client, alice_admin), f"/races/{race.pk}/jury", body)
    assert admin.status_code == 200 and admin.json()["chief_of_race"]["qualified"] is False
    assert ApiClient(client).get(f"/races/{race.pk}/jury").json()["td"]["name"] == "VALID Official"


def test_online_entries_over_the_api(
    client: Client, race: Race, oscar_organiser: User, carol_manager: User, skiers: dict[str, Person]
) -> None:
    entries.set_rules(oscar_organiser, race, online=True, deadline=timezone.now() + dt.timedelta(days=1),
                      quota_per_club=None, quota_per_nation=None)  # fmt: skip
    manager = ApiClient(client, carol_manager)
    sent = manager.post(
        f"/races/{race.pk}/entry-requests", {"people": [skiers["anna"].pk, skiers["nolic"].pk]}
    )
    assert sent.status_code == 201
    anna, nolic = sent.json()["requests"]
    assert anna["status"] == "pending" and nolic["status"] == "refused" and "licence" in nolic["reason"]
    assert manager.post(f"/entry-requests/{anna['id']}/confirm").status_code == 403
    office = ApiClient(client, oscar_organiser)
    confirmed = office.post(f"/entry-requests/{anna['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["entry"] is not None
    assert office.post(f"/entry-requests/{anna['id']}/refuse", {"reason": "x"}).status_code == 409
    mine = manager.get(f"/races/{race.pk}/entry-requests").json()["requests"]
    assert [r["status"] for r in mine] == ["confirmed", "refused"]
    assert manager.post(f"/races/{race.pk}/entry-requests", {"people": [999999]}).status_code == 422


def test_an_entry_list_over_the_api(client: Client, race: Race, oscar_organiser: User) -> None:
    api = ApiClient(client, oscar_organiser)
    bad = SimpleUploadedFile("e.csv", b"bib;name;nation\nx;DOE Jane;USA\n")
    refused = client.post(f"{BASE}/races/{race.pk}/entry-list", {"file": bad}, headers=api.headers)
    assert refused.status_code == 422 and "whole number" in refused.json()["errors"]["2"][0]
    good = SimpleUploadedFile("e.csv", b"bib;name;nation;points\n4;DOE Jane;USA;33.3\n")
    made = client.post(f"{BASE}/races/{race.pk}/entry-list", {"file": good}, headers=api.headers)
    assert made.status_code == 201 and made.json()["entries"][0]["fis_points"] == 33.3
