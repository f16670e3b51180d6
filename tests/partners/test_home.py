"""The public home: latest news, today's live races, upcoming races and courses, the latest results, key
figures of practice and the partners, each a block, in four languages."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from alatau.competitions.models import Event, Race
from alatau.core.models import User
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.news.models import Article, ArticleTranslation
from alatau.partners.models import Partner
from alatau.registry.models import Club, Person
from tests.education.factories import make_course, make_programme

BLOCKS = ["home-news", "home-races", "home-courses", "home-figures", "home-partners"]


def make_race(event: Event, day: dt.date, discipline: str) -> Race:
    return Race.objects.create(
        event=event, codex=f"{day:%m%d}", discipline=discipline, gender="W", category="FIS",
        season="2026-27", date=day,
    )  # fmt: skip


@pytest.fixture
def home_world(
    alice_admin: User, carol_manager: User, athlete: Person, club_shymbulak: Club, dianeige: Partner
) -> dict:
    now, day = timezone.now(), timezone.localdate()
    article = Article.objects.create(
        slug="first-snow", status="published", publish_at=now - dt.timedelta(hours=1)
    )
    ArticleTranslation.objects.create(article=article, lang="en", title="First snow", lead="It snowed.")
    ArticleTranslation.objects.create(
        article=article, lang="fr", title="Premières neiges", lead="Il a neigé."
    )
    event = Event.objects.create(
        name="Almaty Cup", place="Shymbulak", start_date=day, end_date=day, status=Event.Status.PUBLISHED
    )
    draft = Event.objects.create(name="Secret Cup", place="X", start_date=day, end_date=day)
    races = {
        "live": make_race(event, day, "SL"),
        "next": make_race(event, day + dt.timedelta(days=3), "GS"),
        "past": make_race(event, day - dt.timedelta(days=3), "SG"),
        "draft": make_race(draft, day + dt.timedelta(days=1), "DH"),
    }
    course = make_course(make_programme("home-coach-1"), day + dt.timedelta(days=10))
    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    approve_licence(licence, user=alice_admin)
    return {"races": races, "course": course}


@pytest.mark.parametrize("lang", ["kk", "ru", "en", "fr"])
def test_every_block_in_every_language(client: Client, home_world: dict, lang: str) -> None:
    response = client.get(f"/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200 and f'<html lang="{lang}">' in html
    for block in BLOCKS:
        assert f'id="{block}"' in html
    assert "Almaty Cup" in html and "Dianeige" in html and "Home Coach 1" in html


def test_blocks_hold_the_right_items(client: Client, home_world: dict) -> None:
    html = client.get("/en/").content.decode()
    races = home_world["races"]
    assert f'href="/en/races/{races["live"].pk}/live/"' in html  # today's race: its live results
    assert "Live today" in html and "Upcoming races" in html and "Latest results" in html
    assert f'href="/en/races/{races["next"].pk}/"' in html
    assert f'href="/en/races/{races["past"].pk}/"' in html
    assert "Secret Cup" not in html  # a draft event stays off the home page
    assert f'href="/en/education/courses/{home_world["course"].pk}/"' in html
    assert "First snow" in html and "It snowed." in html
    figures = html.split('id="home-figures"')[1].split("</section>")[0]
    assert '<span class="figure">1</span>' in figures and "Almaty · 1" in figures


def test_french_home(client: Client, home_world: dict) -> None:
    html = client.get("/fr/").content.decode()
    for words in (
        "Premières neiges",
        "Dernières actualités",
        "Chiffres clés de la pratique",
        "Nos partenaires",
    ):
        assert words in html


def test_empty_home_still_answers(client: Client, db: None) -> None:
    html = client.get("/kk/").content.decode()
    assert 'id="home-races"' in html and 'id="home-figures"' in html
