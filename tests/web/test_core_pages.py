"""Home, login, password reset, the nav and the languages of the pages."""

import ast
import datetime as dt
import gettext

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.registry.models import Person
from tests.web.conftest import PASSWORD, login

KAZAKH = {"kk": "Клубтар", "ru": "Клубы", "fr": "Clubs", "en": "Clubs"}


@pytest.mark.parametrize(("lang", "heading"), KAZAKH.items())
def test_pages_are_translated(client: Client, db: None, lang: str, heading: str) -> None:
    page = client.get(f"/{lang}/registry/clubs/").content.decode()
    assert f"<h1>{heading}</h1>" in page and f'<html lang="{lang}">' in page


def test_home_tells_what_the_federation_does(client: Client, db: None) -> None:
    assert "Қазақстан бойынша" not in client.get("/en/").content.decode()
    page = client.get("/ru/").content.decode()
    assert "Федерация лыжного спорта Казахстана" in page and "Найти клуб" in page


def test_dates_follow_the_language(client: Client, sam_staff: User, athlete: Person) -> None:
    login(client, sam_staff)
    assert "14 марта 2006" in client.get(f"/ru/registry/people/{athlete.pk}/").content.decode()
    assert "14 March 2006" in client.get(f"/en/registry/people/{athlete.pk}/").content.decode()  # day first
    assert "14 mars 2006" in client.get(f"/fr/registry/people/{athlete.pk}/").content.decode()
    assert "2006 ж. 14" in client.get(f"/kk/registry/people/{athlete.pk}/").content.decode()


def test_login_shows_name_and_role(client: Client, carol_manager: User) -> None:
    response = client.post(reverse("login"), {"username": "carol", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "carol" in page and "Club manager" in page and "Log out" in page
    wrong = Client().post(reverse("login"), {"username": "carol", "password": "wrong"})
    assert wrong.status_code == 200 and wrong.context["form"].errors


def test_nav_shows_registry_links_only_to_those_who_may_see(
    client: Client, paul_public: User, sam_staff: User
) -> None:
    people = reverse("registry:person-list")
    assert people not in client.get("/en/").content.decode()
    login(client, paul_public)
    assert people not in client.get("/en/").content.decode()
    login(client, sam_staff)
    assert people in client.get("/en/").content.decode()


def test_logout_is_a_post(client: Client, carol_manager: User) -> None:
    login(client, carol_manager)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_console_email(client: Client, carol_manager: User) -> None:
    response = client.post(reverse("password_reset"), {"email": carol_manager.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Snow-2026-Medeu", "new_password2": "Snow-2026-Medeu"}
    )
    assert done.status_code == 302
    carol_manager.refresh_from_db()
    assert carol_manager.check_password("Snow-2026-Medeu")


def test_unknown_email_sends_nothing_but_says_the_same(client: Client, db: None) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []


def test_admin_is_for_federation_admins(
    client: Client, alice_admin: User, carol_manager: User, athlete: Person
) -> None:
    login(client, alice_admin)
    assert client.get(reverse("admin:registry_person_changelist")).status_code == 200
    assert client.get(reverse("admin:registry_person_change", args=[athlete.pk])).status_code == 200
    login(client, carol_manager)
    assert client.get(reverse("admin:registry_person_changelist")).status_code == 302


def test_admin_edits_are_audited(client: Client, alice_admin: User, athlete: Person) -> None:
    login(client, alice_admin)
    url = reverse("admin:registry_person_change", args=[athlete.pk])
    data = {
        "last_name": "Zhakupov",
        "first_name": "Aidar",
        "last_name_cyrillic": "Жакупов",
        "first_name_cyrillic": "Айдар",
        "birth_date": "2006-03-14",
        "gender": "M",
        "nationality": "KAZ",
        "fis_code": "6190123",
        "is_athlete": "on",
        "phone": "+7 777 1",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = athlete.audit_entries().first()
    assert entry is not None and entry.actor == alice_admin and entry.changes["phone"][1] == "+7 777 1"
    assert dt.date.today()  # the entry is shown on the person's page too
    assert "+7 777 1" in client.get(reverse("registry:person-detail", args=[athlete.pk])).content.decode()


def test_audit_log_shows_labels_not_codes(client: Client, carol_manager: User, athlete: Person) -> None:
    from alatau.licences.services import request_licence, season_of, today

    licence = request_licence(
        athlete, athlete.clubs.get(), "competitor", season_of(today()), user=carol_manager
    )
    login(client, carol_manager)
    page = client.get(f"/ru/licences/{licence.pk}/").content.decode()
    audit = page[page.index('id="audit-log"') :]
    assert "Запрошена" in audit and "Спортсмен" in audit and ">requested<" not in audit


def msgid(entry: str) -> str:
    """The msgid of a .po entry, its continuation lines joined."""
    text, inside = "", False
    for line in entry.splitlines():
        if line.startswith("msgid "):
            text, inside = ast.literal_eval(line[6:]), True
        elif inside and line.startswith('"'):
            text += ast.literal_eval(line)
        else:
            inside = False
    return text


def apps_with_catalogues() -> list[str]:
    """Every app that ships translations (``alatau/<app>/locale``), a new one as soon as it has them."""
    from pathlib import Path

    import alatau

    return sorted(p.parent.name for p in Path(alatau.__file__).parent.glob("*/locale"))


@pytest.mark.parametrize("app", apps_with_catalogues())
@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_every_string_is_translated(app: str, lang: str) -> None:
    """The catalogues are complete, compiled, and not copies of English."""
    from pathlib import Path

    import alatau

    folder = Path(alatau.__file__).parent / app / "locale" / lang / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e.splitlines()[-1] and "msgstr[" not in e]
    assert untranslated == [] and "#, fuzzy" not in po
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    msgids = {msgid(entry) for entry in entries}
    assert msgids <= {key if isinstance(key, str) else key[0] for key in compiled}  # the .mo is up to date
    same = [e for e in entries if e.count('"') >= 4 and e.splitlines()[-2][6:] == e.splitlines()[-1][7:]]
    assert len(same) < len(entries) / 5  # names like "Alatau" or "Clubs" (fr) may stay the same
