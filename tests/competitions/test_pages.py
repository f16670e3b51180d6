"""Race pages: calendar, race page, office pages per role, TD sign-off, live page, speaker view, PDFs."""

from django.test import Client

from alatau.competitions.models import Race, RunTime
from alatau.core.models import User
from tests.web.conftest import login


def test_the_calendar_and_the_race_page_are_public(client: Client, timed: Race) -> None:
    calendar = client.get("/en/races/")
    assert calendar.status_code == 200 and b"Almaty Cup" in calendar.content
    page = client.get(f"/en/races/{timed.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ALPHA Anna" in text and "Applied penalty" in text and "Start list, run 2" in text


def test_a_draft_event_is_hidden_from_the_public(client: Client, timed: Race) -> None:
    timed.event.status = "draft"
    timed.event.save()
    assert client.get(f"/en/races/{timed.pk}/").status_code == 404


def test_the_live_page_and_speaker_view_need_no_login(client: Client, timed: Race) -> None:
    live = client.get(f"/kk/races/{timed.pk}/live/")
    assert live.status_code == 200 and b"competitions/live.js" in live.content
    assert client.get(f"/en/races/{timed.pk}/speaker/").status_code == 200
    assert client.get("/static/competitions/live.js").status_code in (200, 404)


def test_office_pages_are_for_the_race_officials(client: Client, timed: Race, paul_public: User) -> None:
    assert client.get(f"/en/races/{timed.pk}/office/entries/").status_code == 302
    login(client, paul_public)
    assert client.get(f"/en/races/{timed.pk}/office/entries/").status_code == 403


def test_the_timekeeper_form_saves_only_changed_bibs(
    client: Client, timed: Race, tina_timekeeper: User
) -> None:
    login(client, tina_timekeeper)
    url = f"/en/races/{timed.pk}/office/run/1/"
    assert client.get(url).status_code == 200
    row = RunTime.objects.get(entry__bib=2, run=1)
    data = {"bib": ["1", "2"], "time_1": "50.1000", "was_time_1": "50.1000", "version_1": "1",
            "time_2": "50.55", "was_time_2": "50.5000", "version_2": str(row.version)}  # fmt: skip
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert str(row.net_time) == "50.5500" and RunTime.objects.get(entry__bib=1, run=1).version == 1
    stale = client.post(url, data | {"time_2": "49.00"})
    assert stale.status_code == 200 and b"changed meanwhile" in stale.content


def test_the_td_signs_off_on_the_results_page(client: Client, timed: Race, ted_delegate: User) -> None:
    login(client, ted_delegate)
    url = f"/en/races/{timed.pk}/office/results/"
    assert b"Make official" in client.get(url).content
    assert client.post(url, {"action": "official"}).status_code == 302
    timed.refresh_from_db()
    assert timed.official
    assert b"SHA-256" in client.get(f"/en/races/{timed.pk}/").content


def test_the_organiser_enters_and_draws(client: Client, entered: Race, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    url = f"/en/races/{entered.pk}/office/entries/"
    answer = client.post(url, {"action": "add", "name": "NEW Nina", "nation": "CZE", "bib": ""})
    assert answer.status_code == 302 and entered.entries.filter(name="NEW Nina", guest=True).exists()
    assert client.post(url, {"action": "draw"}).status_code == 302
    entered.refresh_from_db()
    assert entered.draw_seed is not None and sorted(entered.entries.values_list("bib", flat=True)) == list(
        range(1, 9)
    )
    refused = client.post(url, {"action": "add", "fis_code": "NOPE"})
    assert refused.status_code == 200 and b"neither in the registry" in refused.content


def test_pdfs(client: Client, timed: Race) -> None:
    for url in (f"/en/races/{timed.pk}/startlist-1.pdf", f"/en/races/{timed.pk}/startlist-2.pdf",
                f"/en/races/{timed.pk}/results.pdf"):  # fmt: skip
        answer = client.get(url)
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), url
    assert client.get(f"/en/races/{timed.pk}/startlist-3.pdf").status_code == 404
