"""The race office's new-event, new-race and timing-file pages: who may use them, what they make."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alatau.competitions.models import Event, ImpulseLog, Race, RunTime
from alatau.core.models import User
from tests.competitions.alge import stream
from tests.web.conftest import login


def test_an_organiser_sets_up_an_event_and_a_race(client: Client, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    assert b"/en/races/office/new-event/" in client.get("/en/races/").content
    data = {"name": "Tabagan Cup", "place": "Tabagan", "nation": "KAZ", "start_date": "2022-01-20",
            "end_date": "2022-01-19", "status": "published"}  # fmt: skip
    refused = client.post("/en/races/office/new-event/", data)
    assert refused.status_code == 200 and b"cannot end before it starts" in refused.content
    made = client.post("/en/races/office/new-event/", data | {"end_date": "2022-01-21"})
    event = Event.objects.get()
    assert made["Location"] == f"/en/races/office/event/{event.pk}/new-race/"
    assert list(event.organisers.all()) == [oscar_organiser]
    url = f"/en/races/office/event/{event.pk}/new-race/"
    race = {"codex": "0456", "discipline": "SL", "gender": "M", "category": "FIS", "date": "2022-01-20",
            "runs": "2", "season": ""}  # fmt: skip
    bad = client.post(url, race | {"codex": "abc"})
    assert bad.status_code == 200 and b"The codex is a number" in bad.content
    answer = client.post(url, race)
    made_race = Race.objects.get()
    assert answer["Location"] == f"/en/races/{made_race.pk}/office/entries/"
    assert made_race.season == "2021-22" and made_race.run_set.count() == 2


def test_only_organisers_set_up(client: Client, event: Event, tina_timekeeper: User) -> None:
    assert client.get("/en/races/office/new-event/").status_code == 302
    login(client, tina_timekeeper)
    assert client.get("/en/races/office/new-event/").status_code == 403
    assert client.get(f"/en/races/office/event/{event.pk}/new-race/").status_code == 403


def test_the_timekeeper_imports_an_alge_file(
    client: Client, entered: Race, tina_timekeeper: User, rita_referee: User
) -> None:
    login(client, rita_referee)
    assert client.get(f"/en/races/{entered.pk}/office/run/1/import/").status_code == 403
    login(client, tina_timekeeper)
    assert b"/office/run/1/import/" in client.get(f"/en/races/{entered.pk}/office/run/1/").content
    text = stream({1: "50.10", 2: "50.55", 3: "51.00"})
    upload = SimpleUploadedFile("alge.txt", text.encode("ascii"))
    answer = client.post(f"/en/races/{entered.pk}/office/run/1/import/", {"file": upload, "format": "alge"})
    assert answer.status_code == 200
    # Three competitors timed from six start and finish impulses; the photocell impulse waits for a bib.
    assert (
        b"Times set for 3 competitors from 6 impulses; 1 impulses without a bib; 0 times cleared."
        in answer.content
    )
    assert ImpulseLog.objects.filter(race=entered, run=1).count() == 7
    times = {t.entry.bib: str(t.net_time) for t in RunTime.objects.filter(entry__race=entered, run=1)}
    assert times == {1: "50.1000", 2: "50.5500", 3: "51.0000"}
    assert not RunTime.objects.filter(entry__race=entered, manual=True).exists()
    empty = SimpleUploadedFile("t.csv", b"")
    refused = client.post(f"/en/races/{entered.pk}/office/run/1/import/", {"file": empty, "format": "csv"})
    assert refused.status_code == 200 and b"errorlist" in refused.content
