"""Item 1 and 8 of issue 13: the switcher always switches; the QR address opens in the visitor's
language; the verification page shows number and birth year; the public checks a licence by number."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.language import with_language
from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Person
from tests.web.conftest import login


@pytest.fixture
def active(athlete: Person, club_shymbulak: Club, carol_manager: User, alice_admin: User) -> Licence:
    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    return approve_licence(licence, user=alice_admin)


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/fr/registry/clubs/?q=a", "ru", "/ru/registry/clubs/?q=a"),
        ("/en/", "kk", "/kk/"),
        ("/fr", "en", "/en/"),
        ("/", "ru", "/ru/"),
        ("/registry/clubs/", "fr", "/fr/registry/clubs/"),
        ("/api/v1/clubs", "fr", "/api/v1/clubs"),
        ("/verify/0b2f0d4c/", "ru", "/verify/0b2f0d4c/"),
        ("/french/", "ru", "/ru/french/"),
    ],
)
def test_with_language_swaps_the_prefix(path: str, language: str, expected: str) -> None:
    assert with_language(path, language) == expected


def test_switcher_switches_against_the_browser_and_cookie(client: Client, db: None) -> None:
    # The bug: on /fr/ with a Russian browser and an English cookie, Django's view kept /fr/.
    client.cookies["django_language"] = "en"
    response = client.post(
        "/i18n/setlang/",
        {"language": "kk", "next": "/fr/registry/clubs/?page=2"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 302 and response["Location"] == "/kk/registry/clubs/?page=2"
    assert response.cookies["django_language"].value == "kk"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200 and '<html lang="kk">' in page.content.decode()


def test_switcher_refuses_foreign_next_and_unknown_language(client: Client, db: None) -> None:
    away = client.post("/i18n/setlang/", {"language": "ru", "next": "https://evil.example/x"})
    assert away["Location"] == "/ru/"
    unknown = client.post("/i18n/setlang/", {"language": "de", "next": "/fr/"})
    assert unknown["Location"] == "/fr/" and "django_language" not in unknown.cookies
    assert client.get("/i18n/setlang/").status_code == 405


def test_the_switcher_form_posts_the_current_page(client: Client, db: None) -> None:
    page = client.get("/fr/registry/clubs/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="next" value="/fr/registry/clubs/"' in page


def test_qr_address_is_language_neutral(client: Client, carol_manager: User, active: Licence) -> None:
    login(client, carol_manager)
    page = client.get(reverse("licences:licence-detail", args=[active.pk])).content.decode()
    link = re.search(r'id="verify-link" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert link == f"http://testserver/verify/{active.verification_token}/"


def test_a_russian_phone_reads_the_check_in_russian(client: Client, active: Licence) -> None:
    response = client.get(f"/verify/{active.verification_token}/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/ru/licences/verify/{active.verification_token}/"
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru">' in page and "Проверка лицензии" in page


def test_the_cookie_outranks_the_browser(client: Client, active: Licence) -> None:
    client.cookies["django_language"] = "fr"
    response = client.get(f"/verify/{active.verification_token}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == f"/fr/licences/verify/{active.verification_token}/"


def test_unknown_token_on_the_neutral_address(client: Client, db: None) -> None:
    response = client.get("/verify/0b2f0d4c-8c59-4b8e-9a57-1c1f3b5f6d21/", follow=True)
    assert response.status_code == 404


def test_verification_shows_number_and_birth_year_only(client: Client, active: Licence) -> None:
    page = client.get(reverse("licences:licence-verify", args=[active.verification_token])).content.decode()
    assert active.number in page and 'id="birth-year">2006<' in page
    assert "14" not in re.sub(r"<[^>]+>", " ", page.split('id="birth-year"')[1].split("</dd>")[0])
    for secret in (active.person.fis_code, "14/03/2006", "2006-03-14", "14 March 2006", str(int(active.fee))):
        assert secret not in page


def test_public_checks_a_licence_by_number(client: Client, active: Licence) -> None:
    page = client.get(reverse("licences:licence-check"), {"number": active.number.lower() + " "})
    text = page.content.decode()
    assert page.status_code == 200 and "Valid licence" in text and "ZHAKUPOV Aidar" in text


def test_check_of_an_unknown_or_unissued_number(
    client: Client, athlete: Person, club_shymbulak: Club, carol_manager: User
) -> None:
    pending = request_licence(athlete, club_shymbulak, "coach", season_of(today()), user=carol_manager)
    pending.number = "KZ99-00001"
    pending.save()
    for number in ("KZ99-00001", "KZ00-12345"):
        page = client.get(reverse("licences:licence-check"), {"number": number})
        text = page.content.decode()
        assert page.status_code == 200 and "No licence has this number" in text and 'id="verdict"' not in text
    empty = client.get(reverse("licences:licence-check"))
    assert empty.status_code == 200 and 'id="licence-check"' in empty.content.decode()
