"""The race-office API exactly as issue 9 specifies it, with roles and the concurrent-entry case."""

import json

from django.test import Client

from alatau.competitions.models import Entry, Race, RunTime
from alatau.core.models import User
from tests.competitions.conftest import FIELD, RACE_DAY
from tests.web.apiclient import BASE, ApiClient


def put(api: ApiClient, path: str, body: object) -> object:
    return api.client.put(BASE + path, json.dumps(body), content_type="application/json", headers=api.headers)


def test_an_organiser_creates_an_event_and_a_race(client: Client, oscar_organiser: User) -> None:
    api = ApiClient(client, oscar_organiser)
    event = {
        "name": "Cup",
        "place": "Shymbulak",
        "nation": "KAZ",
        "start_date": "2022-01-15",
        "end_date": "2022-01-16",
    }
    created = api.post("/events", event)
    assert created.status_code == 201, created.content
    body = {"event": created.json()["id"], "codex": "0456", "discipline": "SL", "gender": "M",
            "category": "FIS", "date": "2022-01-15", "runs": 2, "forced_penalty": 15.5}  # fmt: skip
    race = api.post("/races", body)
    assert race.status_code == 201, race.content
    assert race.json()["season"] == "2021-22" and race.json()["forced_penalty"] == 15.5


def test_writes_need_a_token_and_the_right_role(client: Client, event, tina_timekeeper: User) -> None:
    body = {
        "event": event.pk,
        "codex": "1",
        "discipline": "SL",
        "gender": "M",
        "category": "FIS",
        "date": "2022-01-15",
    }
    assert ApiClient(client).post("/races", body).status_code == 401
    refused = ApiClient(client, tina_timekeeper).post("/races", body)
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"


def test_a_bad_season_is_a_field_error(client: Client, event, oscar_organiser: User) -> None:
    body = {"event": event.pk, "codex": "1", "discipline": "SL", "gender": "M", "category": "FIS",
            "date": "2022-01-15", "season": "1990-91"}  # fmt: skip
    answer = ApiClient(client, oscar_organiser).post("/races", body)
    assert answer.status_code == 422 and "season" in answer.json()["errors"]


def test_entries_with_points_given_or_none_and_a_guest(
    client: Client, race: Race, oscar_organiser: User
) -> None:
    items = [{"bib": 1, "fis_code": "F1", "name": "ONE Olga", "nation": "AUT", "fis_points": 12.3},
             {"bib": 2, "fis_code": "F2", "name": "TWO Tia", "nation": "SUI", "fis_points": None},
             {"bib": 3, "name": "THREE Tom", "nation": "ITA"}]  # fmt: skip
    answer = ApiClient(client, oscar_organiser).post(f"/races/{race.pk}/entries", items)
    assert answer.status_code == 201, answer.content
    assert [e["fis_points"] for e in answer.json()["entries"]] == [12.3, None, None]
    assert Entry.objects.get(bib=1).points_set_by_hand and not Entry.objects.get(bib=3).points_set_by_hand


def test_an_unknown_competitor_without_name_names_the_bib(
    client: Client, race: Race, oscar_organiser: User
) -> None:
    answer = ApiClient(client, oscar_organiser).post(
        f"/races/{race.pk}/entries", [{"bib": 9, "fis_code": "404"}]
    )
    assert answer.status_code == 400 and "bib 9" in answer.json()["detail"]


def test_times_in_each_form_and_errors_name_the_bib(
    client: Client, entered: Race, tina_timekeeper: User
) -> None:
    api = ApiClient(client, tina_timekeeper)
    items = [{"bib": 1, "time": 54.82}, {"bib": 2, "time": "1:02.66"},
             {"bib": 3, "start_tod": "10:15:03.2471", "finish_tod": "10:16:00.0000"}]  # fmt: skip
    answer = put(api, f"/races/{entered.pk}/runs/1/times", items)
    assert answer.status_code == 200, answer.content
    assert [u["net_time"] for u in answer.json()["updated"]] == [54.82, 62.66, 56.75]
    bad = put(api, f"/races/{entered.pk}/runs/1/times", [{"bib": 4, "time": "5x"}])
    assert bad.status_code == 400 and "bib 4" in bad.json()["detail"]
    unknown = put(api, f"/races/{entered.pk}/runs/1/times", [{"bib": 99, "time": "50.00"}])
    assert unknown.status_code == 400 and "bib 99" in unknown.json()["detail"]
    assert put(api, f"/races/{entered.pk}/runs/3/times", [{"bib": 1, "time": "50"}]).status_code == 400


def test_two_timekeepers_at_once_lose_nothing(client: Client, entered: Race, tina_timekeeper: User) -> None:
    first, second = ApiClient(client, tina_timekeeper), ApiClient(Client(), tina_timekeeper)
    path = f"/races/{entered.pk}/runs/1/times"
    # Both read version 0 of bibs 1 and 2; each sends its own bib: both are kept.
    assert put(first, path, [{"bib": 1, "time": "50.10", "version": 0}]).status_code == 200
    assert put(second, path, [{"bib": 2, "time": "50.50", "version": 0}]).status_code == 200
    # The second then corrects bib 1 from its stale copy: refused, nothing overwritten silently.
    clash = put(second, path, [{"bib": 1, "time": "49.99", "version": 0}])
    assert (
        clash.status_code == 409 and clash.json()["code"] == "conflict" and "bib 1" in clash.json()["detail"]
    )
    times = dict(RunTime.objects.filter(run=1).values_list("entry__bib", "net_time"))
    assert {bib: str(t) for bib, t in times.items()} == {1: "50.1000", 2: "50.5000"}


def test_the_referee_sets_statuses_the_timekeeper_may_not(
    client: Client, entered: Race, tina_timekeeper: User, rita_referee: User
) -> None:
    body = [{"bib": 5, "status": "DSQ", "gate": "17", "reason": "missed gate"}]
    assert (
        put(ApiClient(client, tina_timekeeper), f"/races/{entered.pk}/runs/1/times", body).status_code == 403
    )
    assert put(ApiClient(client, rita_referee), f"/races/{entered.pk}/runs/1/times", body).status_code == 200


def test_timing_import(client: Client, entered: Race, tina_timekeeper: User) -> None:
    api = ApiClient(client, tina_timekeeper)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("times.csv", b"bib,time\n1,50.00\n?,51.00\n2,x\n")
    answer = client.post(
        f"{BASE}/races/{entered.pk}/runs/1/timing-import",
        {"file": upload, "format": "csv"},
        headers=api.headers,
    )
    assert answer.status_code == 200, answer.content
    assert (
        answer.json()["imported"] == 1
        and answer.json()["unassigned"] == 1
        and len(answer.json()["errors"]) == 1
    )


def test_results_in_the_score_json_shape(client: Client, timed: Race) -> None:
    body = ApiClient(client).get(f"/races/{timed.pk}/results").json()
    assert {"official", "version", "sha256", "penalty", "results"} <= set(body)
    assert set(body["results"][0]) == {"bib", "rank", "status", "total_time", "race_points", "fis_points"}
    assert body["results"][0] == {"bib": 1, "rank": 1, "status": "QLF", "total_time": 101.1,
                                  "race_points": 0.0, "fis_points": body["penalty"]["applied"]}  # fmt: skip


def test_official_reopen_and_409_after(
    client: Client, timed: Race, ted_delegate: User, tina_timekeeper: User, oscar_organiser: User
) -> None:
    assert ApiClient(client, tina_timekeeper).post(f"/races/{timed.pk}/official").status_code == 403
    td = ApiClient(client, ted_delegate)
    signed = td.post(f"/races/{timed.pk}/official")
    assert signed.status_code == 200 and signed.json()["version"] == 1 and len(signed.json()["sha256"]) == 64
    assert td.get(f"/races/{timed.pk}/results").json()["official"] is True
    late = put(
        ApiClient(client, tina_timekeeper), f"/races/{timed.pk}/runs/1/times", [{"bib": 1, "time": "1"}]
    )
    assert late.status_code == 409
    assert (
        ApiClient(client, oscar_organiser)
        .post(f"/races/{timed.pk}/entries", [{"name": "X Y", "nation": "AUT"}])
        .status_code
        == 409
    )
    assert td.post(f"/races/{timed.pk}/reopen", {"reason": ""}).status_code == 422
    reopened = td.post(f"/races/{timed.pk}/reopen", {"reason": "bib 3 timing"})
    assert reopened.status_code == 200 and reopened.json()["version"] == 2


def test_fis_xml_and_timing_report(client: Client, timed: Race) -> None:
    api = ApiClient(client)
    xml = api.get(f"/races/{timed.pk}/fis-xml")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    assert b"<Codex>0123</Codex>" in xml.content or b"0123" in xml.content
    assert "KAZ0123.xml" in xml["Content-Disposition"]
    report = api.get(f"/races/{timed.pk}/timing-report-xml")  # no TD, no timing form yet: 422
    assert report.status_code == 422 and "technical delegate" in report.content.decode()


def test_live_is_public_and_answers_304_while_unchanged(
    client: Client, entered: Race, tina_timekeeper: User
) -> None:
    first = client.get(f"{BASE}/races/{entered.pk}/live")
    assert first.status_code == 200 and first.json()["leader"] is None
    assert [s["bib"] for s in first.json()["next_starters"]] == [1, 2, 3, 4, 5]
    again = client.get(f"{BASE}/races/{entered.pk}/live", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    put(
        ApiClient(client, tina_timekeeper),
        f"/races/{entered.pk}/runs/1/times",
        [{"bib": 2, "time": "50.00"}, {"bib": 1, "time": "50.40"}],
    )
    changed = client.get(f"{BASE}/races/{entered.pk}/live", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["leader"]["bib"] == 2
    assert changed.json()["standings"][1]["behind"] == 0.4
    assert RACE_DAY.year == 2022 and len(FIELD) == 7
