"""The timing page: impulses arriving, a `?` impulse given its bib by hand, the running order, imports."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alatau.competitions import timingfeed
from alatau.competitions.models import ImpulseAssignment, ImpulseLog, Race, RunTime
from alatau.core.errors import Conflict, NotAllowed
from alatau.core.models import User
from tests.web.conftest import login

LINES = [" 0001 C0  10:15:03.2471 00", " 0002 C0  10:16:10.5100 00", "?0000 C1  10:16:05.9083 00",
         " 0002 C1  10:17:20.7781 00", "c0003 C0  10:17:00.0000 00"]  # fmt: skip


@pytest.fixture
def streamed(entered: Race, tina_timekeeper: User) -> Race:
    for number, raw in enumerate(LINES, start=1):
        timingfeed.receive_line(tina_timekeeper, entered, 1, "alge", number, raw)
    return entered


def test_the_page_shows_impulses_the_unassigned_one_and_the_running_order(
    client: Client, streamed: Race, tina_timekeeper: User
) -> None:
    login(client, tina_timekeeper)
    page = client.get(f"/en/races/{streamed.pk}/office/run/1/timing/")
    text = page.content.decode()
    assert page.status_code == 200 and "Impulses without a bib" in text and "10:16:05.9083" in text
    assert text.count('name="impulse"') == 1  # the cleared start of bib 3 is not offered
    assert "on course" in text and "1:10.26" in text  # bib 1 started; bib 2 finished
    part = client.get(f"/en/races/{streamed.pk}/office/run/1/timing/?part=impulses")
    assert part.status_code == 200 and b"<h1>" not in part.content and b"?0000 C1" in part.content


def test_a_question_mark_impulse_is_given_its_bib_end_to_end(
    client: Client, streamed: Race, tina_timekeeper: User
) -> None:
    login(client, tina_timekeeper)
    impulse = timingfeed.unassigned_impulses(streamed, 1)[0]
    url = f"/en/races/{streamed.pk}/office/run/1/timing/"
    answer = client.post(url, {"action": "assign", "impulse": impulse.pk, "bib": "1"}, follow=True)
    assert answer.status_code == 200 and b"Impulse given to bib 1" in answer.content
    row = RunTime.objects.get(entry__bib=1, run=1)
    assert row.finish_tod == D("36965.9083") and row.net_time == D("62.66") and row.manual
    assert timingfeed.unassigned_impulses(streamed, 1) == []
    impulse.refresh_from_db()
    assert impulse.bib is None and impulse.raw == LINES[2]  # the log stays as read
    assert ImpulseAssignment.objects.get(impulse=impulse).entry.bib == 1
    assert row.audit_entries().filter(action="impulse assigned").exists()
    assert "manual" in client.get(url).content.decode()
    again = client.post(url, {"action": "assign", "impulse": impulse.pk, "bib": "2"}, follow=True)
    assert b"meanwhile" in again.content


def test_assigning_is_for_timekeepers_and_names_a_bad_bib(
    streamed: Race, tina_timekeeper: User, sue_speaker: User
) -> None:
    impulse = ImpulseLog.objects.get(race=streamed, bib=None, channel="finish")
    with pytest.raises(NotAllowed):
        timingfeed.assign_impulse(sue_speaker, streamed, impulse.pk, 1)
    with pytest.raises(Exception, match="bib 42"):
        timingfeed.assign_impulse(tina_timekeeper, streamed, impulse.pk, 42)
    timingfeed.assign_impulse(tina_timekeeper, streamed, impulse.pk, 1)
    with pytest.raises(Conflict):
        timingfeed.assign_impulse(tina_timekeeper, streamed, impulse.pk, 1)


def test_a_timing_file_is_imported_from_the_page(
    client: Client, entered: Race, tina_timekeeper: User
) -> None:
    login(client, tina_timekeeper)
    upload = SimpleUploadedFile("times.csv", b"bib,time\n1,50.10\n?,51.00\n")
    url = f"/en/races/{entered.pk}/office/run/1/timing/"
    answer = client.post(url, {"action": "import", "format": "csv", "file": upload}, follow=True)
    assert b"Times set for 1 competitors from 1 impulses; 1 impulses without a bib" in answer.content
    assert RunTime.objects.get(entry__bib=1, run=1).net_time == D("50.10")


def test_the_timing_pages_as_every_role(
    client: Client, streamed: Race, alice_admin: User, oscar_organiser: User, tina_timekeeper: User,
    rita_referee: User, ted_delegate: User, sue_speaker: User, paul_public: User,
) -> None:  # fmt: skip
    pages = ["timing/", "timing/?part=impulses", "hand/"]
    for user in (alice_admin, oscar_organiser, tina_timekeeper, rita_referee, ted_delegate, sue_speaker,
                 paul_public, None):  # fmt: skip
        client.logout()
        if user is not None:
            login(client, user)
        for page in pages:
            for run in (1, 2):
                status = client.get(f"/en/races/{streamed.pk}/office/run/{run}/{page}").status_code
                assert status in (200, 302, 403), (user, page, status)
        assert client.get(f"/en/races/{streamed.pk}/office/run/3/timing/").status_code in (302, 403, 404)


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", "Импульсы без номера"), ("kk", "Нөмірсіз импульстер"), ("fr", "Impulsions sans dossard")],
)
def test_the_timing_pages_speak_the_language(
    client: Client, streamed: Race, tina_timekeeper: User, language: str, words: str
) -> None:
    login(client, tina_timekeeper)
    assert words in client.get(f"/{language}/races/{streamed.pk}/office/run/1/timing/").content.decode()
    hand = client.get(f"/{language}/races/{streamed.pk}/office/run/1/hand/").content.decode()
    form = client.get(f"/{language}/races/{streamed.pk}/office/timing-form/").content.decode()
    expected = {"ru": ("Ручной финиш", "Хронометрист"), "kk": ("Қол мәресі", "Хронометрист"),
                "fr": ("Arrivée manuelle", "Chronométreur")}[language]  # fmt: skip
    assert expected[0] in hand and expected[1] in form
