"""The speaker view: public and for the speaker role, big type, fed by the live endpoint (ETag)."""

from django.test import Client

from alatau.competitions import live, services
from alatau.competitions.models import Race
from alatau.core.models import User
from tests.web.conftest import login


def test_the_speaker_view_is_public_and_polls_the_live_endpoint(client: Client, timed: Race) -> None:
    page = client.get(f"/en/races/{timed.pk}/speaker/")
    text = page.content.decode()
    assert page.status_code == 200 and "competitions/speaker.js" in text
    assert f'data-url="/api/v1/races/{timed.pk}/live"' in text
    for part in ("last-who", "last-rank", "last-gap", "next", "on-course", "podium"):
        assert f'data-speaker="{part}"' in text
    assert "Gap to the leader" in text and "competitions/speaker.css" in text
    assert client.get("/static/competitions/speaker.js").status_code in (200, 404)


def test_the_speaker_role_reads_it_and_finds_it_in_the_calendar(
    client: Client, timed: Race, sue_speaker: User
) -> None:
    login(client, sue_speaker)
    assert client.get(f"/en/races/{timed.pk}/speaker/").status_code == 200
    assert f"/en/races/{timed.pk}/speaker/".encode() in client.get("/en/races/").content
    assert client.get(f"/en/races/{timed.pk}/office/run/1/").status_code == 403
    assert f"/en/races/{timed.pk}/speaker/".encode() in client.get(f"/en/races/{timed.pk}/").content


def test_the_speaker_view_in_the_other_languages(client: Client, timed: Race) -> None:
    for language, words in (("kk", "Көшбасшыдан артта қалуы"), ("ru", "Отставание от лидера"),
                            ("fr", "Écart sur le leader")):  # fmt: skip
        answer = client.get(f"/{language}/races/{timed.pk}/speaker/")
        assert answer.status_code == 200 and words in answer.content.decode()


def test_what_the_speaker_reads_after_a_finish(client: Client, entered: Race, tina_timekeeper: User) -> None:
    services.set_times(
        tina_timekeeper, entered, 1, [{"bib": 1, "time": "50.10"}, {"bib": 2, "time": "50.55"}]
    )
    services.set_times(tina_timekeeper, entered, 1, [{"bib": 3, "start_tod": "10:15:03.2471"}])
    first = client.get(f"/api/v1/races/{entered.pk}/live")
    data = first.json()
    assert (
        data["last_finishers"][0] | {"bib": 2, "rank": 2, "shown": "50.55", "behind_shown": "+0.45"}
        == (data["last_finishers"][0])
    )
    assert [c["bib"] for c in data["on_course"]] == [3]
    assert [c["bib"] for c in data["next_starters"]] == [4, 5, 6, 7]
    unchanged = client.get(f"/api/v1/races/{entered.pk}/live", headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    services.set_times(tina_timekeeper, entered, 1, [{"bib": 3, "finish_tod": "10:15:54.0000"}])
    last = live.live_payload(entered)["last_finishers"][0]
    assert (last["bib"], last["rank"], last["run_rank"], last["run_time_shown"]) == (3, 3, 3, "50.75")
    assert "This run" in client.get(f"/en/races/{entered.pk}/speaker/").content.decode()


def test_between_runs_the_next_starters_are_those_of_the_next_run(
    entered: Race, tina_timekeeper: User
) -> None:
    times = {1: "50.10", 2: "50.55", 3: "51.00", 4: "51.30", 5: "51.80", 6: "52.10", 7: "53.00"}
    services.set_times(tina_timekeeper, entered, 1, [{"bib": b, "time": t} for b, t in times.items()])
    data = live.live_payload(entered)
    # Run 2 starts in the reverse of the run-1 result: the slowest first.
    assert data["run"] == 1 and [c["bib"] for c in data["next_starters"]] == [7, 6, 5, 4, 3]
