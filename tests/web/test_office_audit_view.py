"""Item 5 of issue 13: the audit log in the app, filtered, paginated, for admins and read-only staff only."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alatau.core.models import AuditEntry, User
from alatau.registry.models import Person
from tests.web.conftest import login

URL = "/en/audit/"


@pytest.fixture
def changes(alice_admin: User, carol_manager: User, athlete: Person, ridder_member: Person) -> None:
    athlete.log_action(
        "updated", alice_admin, {"gender": ["W", "M"], "birth_date": ["2006-03-15", "2006-03-14"]}
    )
    ridder_member.log_action("created", carol_manager, {})


def test_reverse_name() -> None:
    assert reverse("audit-log") == URL


@pytest.mark.parametrize("who", ["alice_admin", "sam_staff"])
def test_admin_and_staff_read_every_change(
    client: Client, who: str, changes: None, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(who))
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ZHAKUPOV Aidar" in html and "OTHER Olga" in html
    assert "<td>Women</td><td>Men</td>" in html  # a choice reads as its label
    assert "14.03.2006" in html or "14/03/2006" in html  # the renderer of object pages: day first
    assert f'href="{URL}"' in html  # the menu links to it


@pytest.mark.parametrize(
    "who",
    [
        "carol_manager",
        "oscar_organiser",
        "edith_educator",
        "paul_public",
        "tina_timekeeper",
        "erin_editor",
        "pia_planner",
    ],
)
@pytest.mark.django_db  # the persona is asked for by name: the reference-data fixture must see the database
def test_other_roles_get_the_403_page(client: Client, who: str, request: pytest.FixtureRequest) -> None:
    login(client, request.getfixturevalue(who))
    page = client.get(URL)
    assert page.status_code == 403
    assert 'id="access-denied"' in page.content.decode()
    assert f'href="{URL}"' not in client.get("/en/").content.decode()


def test_anonymous_is_sent_to_login(client: Client) -> None:
    assert client.get(URL)["Location"].startswith("/en/accounts/login/")


def test_filters_by_actor_type_object_and_date(
    client: Client,
    alice_admin: User,
    carol_manager: User,
    changes: None,
    athlete: Person,
    club_shymbulak: object,
) -> None:
    club_shymbulak.log_action("updated", alice_admin, {"town": ["Almaty", "Almaty city"]})  # type: ignore[attr-defined]
    login(client, alice_admin)
    by_carol = client.get(URL, {"actor": carol_manager.pk}).content.decode()
    assert "OTHER Olga" in by_carol and "ZHAKUPOV" not in by_carol
    person_type = ContentType.objects.get_for_model(Person).pk
    people = client.get(URL, {"object_type": person_type}).content.decode()
    assert "ZHAKUPOV" in people and "Shymbulak Ski Club" not in people
    one = client.get(URL, {"object": "zhakupov"}).content.decode()
    assert "ZHAKUPOV" in one and "OTHER Olga" not in one
    AuditEntry.objects.filter(object_repr__startswith="ZHAKUPOV").update(
        created_at=timezone.now() - dt.timedelta(days=40)
    )
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    recent = client.get(URL, {"since": since}).content.decode()
    assert "ZHAKUPOV" not in recent and "OTHER Olga" in recent
    old_day = (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    old = client.get(URL, {"since": old_day, "until": old_day}).content.decode()
    assert "ZHAKUPOV" in old and "OTHER Olga" not in old


def test_newest_first_and_paginated(client: Client, alice_admin: User, athlete: Person) -> None:
    for i in range(55):
        athlete.log_action("updated", alice_admin, {"town": [str(i), str(i + 1)]})
    login(client, alice_admin)
    first = client.get(URL).content.decode()
    assert first.index(">54<") < first.index(">53<")
    assert "Page 1 of 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert ">0<" in second and ">54<" not in second


@pytest.mark.parametrize(
    "language,title", [("kk", "Аудит журналы"), ("ru", "Журнал аудита"), ("fr", "Journal d’audit")]
)
def test_in_four_languages(
    client: Client, alice_admin: User, changes: None, language: str, title: str
) -> None:
    login(client, alice_admin)
    html = client.get(f"/{language}/audit/").content.decode()
    assert title in html
