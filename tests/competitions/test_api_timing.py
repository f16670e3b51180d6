# ruff: noqa: F811 - the fixture tods is imported by name and then requested
"""Timing over the API: hand times with the working of their correction, the impulse log, assignment."""

import json
from decimal import Decimal as D

from django.test import Client

from alatau.competitions import timingfeed
from alatau.competitions.models import Race, RunTime
from alatau.core.models import User
from tests.competitions.test_handtime import LAG, hand_finish, tods  # noqa: F401 - the fixture
from tests.web.apiclient import BASE, ApiClient


def put(api: ApiClient, path: str, body: object) -> object:
    return api.client.put(BASE + path, json.dumps(body), content_type="application/json", headers=api.headers)


def test_hand_times_are_corrected_and_the_working_comes_back(
    client: Client,
    tods: Race,
    tina_timekeeper: User,
) -> None:
    api = ApiClient(client, tina_timekeeper)
    body = [{"bib": b, "hand_finish": hand_finish(b)} for b in LAG] + [
        {"bib": 5, "hand_finish": "10:05:51.27"}
    ]
    answer = put(api, f"/races/{tods.pk}/runs/1/hand-times", body)
    assert answer.status_code == 200, answer.content  # type: ignore[attr-defined]
    data = answer.json()  # type: ignore[attr-defined]
    assert data["waiting"] == [] and len(data["corrections"]) == 1
    working = data["corrections"][0]
    assert working["reference_bibs"] == [4, 3, 2, 1, 6, 7] and working["mean_difference"] == 0.05
    assert working["differences"] == [0.05, 0.04, 0.05, 0.04, 0.04, 0.05]
    assert working["hand"] == "10:05:51.27" and working["corrected"] == "10:05:51.22"
    five = next(line for line in data["updated"] if line["bib"] == 5)
    assert five["system"] == "H" and five["corrected"] and five["net_time"] == 51.09
    bad = put(api, f"/races/{tods.pk}/runs/1/hand-times", [{"bib": 99, "hand_finish": "10:00:00.00"}])
    assert bad.status_code == 400 and "bib 99" in bad.json()["detail"]  # type: ignore[attr-defined]


def test_impulses_are_listed_and_a_question_mark_is_assigned(
    client: Client, entered: Race, tina_timekeeper: User, sue_speaker: User
) -> None:
    for number, raw in enumerate([" 0001 C0  10:15:03.2471 00", "?0000 C1  10:16:05.9083 00"], start=1):
        timingfeed.receive_line(tina_timekeeper, entered, 1, "alge", number, raw)
    api = ApiClient(client, tina_timekeeper)
    listed = api.get(f"/races/{entered.pk}/runs/1/impulses").json()["impulses"]
    open_one = next(i for i in listed if i["unassigned"])
    assert client.get(f"{BASE}/races/{entered.pk}/runs/1/impulses").status_code == 403  # not for the public
    assert open_one["time_of_day"] == "10:16:05.9083" and open_one["bib"] is None
    refused = ApiClient(client, sue_speaker).post(
        f"/races/{entered.pk}/impulses/{open_one['id']}/assign", {"bib": 1}
    )
    assert refused.status_code == 403
    done = api.post(f"/races/{entered.pk}/impulses/{open_one['id']}/assign", {"bib": 1})
    assert done.status_code == 200 and done.json()["net_time"] == 62.66 and done.json()["manual"]
    assert RunTime.objects.get(entry__bib=1, run=1).finish_tod == D("36965.9083")
    again = api.post(f"/races/{entered.pk}/impulses/{open_one['id']}/assign", {"bib": 2})
    assert again.status_code == 409
