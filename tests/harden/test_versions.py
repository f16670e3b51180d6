"""Optimistic locking: an edit made from an older version is refused, showing what changed."""

from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.registry.models import Club, Person
from tests.web.apiclient import ApiClient
from tests.web.conftest import login


def _person_form(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "nationality": person.nationality,
        "fis_code": person.fis_code or "",
        "is_athlete": "on",
        "version": str(person.version),
    }
    return data | changes


def test_the_second_stale_form_is_refused_with_what_changed(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    login(client, alice_admin)
    url = reverse("registry:person-edit", args=[athlete.pk])
    assert f'name="version" value="{athlete.version}"' in client.get(url).content.decode()
    first = _person_form(athlete, phone="+7 701 111 11 11")
    second = _person_form(athlete, email="aidar@example.kz")  # read before the first was saved
    assert client.post(url, first).status_code == 302
    answer = client.post(url, second)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "saved by someone else" in page and "+7 701 111 11 11" in page
    athlete.refresh_from_db()
    assert athlete.phone == "+7 701 111 11 11" and athlete.email == "" and athlete.version == 1
    # The form now carries the stored version: saving again, knowingly, goes through.
    assert 'name="version" value="1"' in page
    assert client.post(url, {**second, "version": "1"}).status_code == 302
    athlete.refresh_from_db()
    assert athlete.email == "aidar@example.kz" and athlete.version == 2


def test_a_stale_club_form_is_refused(client: Client, alice_admin: User, club_shymbulak: Club) -> None:
    login(client, alice_admin)
    url = reverse("registry:club-edit", args=[club_shymbulak.pk])
    form = {
        "name": club_shymbulak.name,
        "region": str(club_shymbulak.region_id),
        "town": "Almaty",
        "disciplines": [str(d.pk) for d in club_shymbulak.disciplines.all()],
        "version": "0",
    }
    assert client.post(url, {**form, "phone": "1"}).status_code == 302
    answer = client.post(url, {**form, "town": "Talgar"})
    assert answer.status_code == 200 and "saved by someone else" in answer.content.decode()
    club_shymbulak.refresh_from_db()
    assert club_shymbulak.town == "Almaty" and club_shymbulak.version == 1


def test_api_patch_with_an_old_version_is_409(client: Client, alice_admin: User, athlete: Person) -> None:
    api = ApiClient(client, alice_admin)
    read = api.get(f"/people/{athlete.pk}").json()
    assert read["version"] == 0
    assert api.patch(f"/people/{athlete.pk}", {"phone": "+7 1", "version": 0}).json()["version"] == 1
    stale = api.patch(f"/people/{athlete.pk}", {"phone": "+7 2", "version": 0})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_version" and body["version"] == 1 and body["changed"] == {"phone": "+7 1"}
    athlete.refresh_from_db()
    assert athlete.phone == "+7 1"


def test_api_if_match_header(client: Client, alice_admin: User, club_shymbulak: Club) -> None:
    api = ApiClient(client, alice_admin)
    url = f"/api/v1/clubs/{club_shymbulak.pk}"

    def patch(body: dict[str, object], match: str) -> object:
        headers = {**api.headers, "If-Match": match}
        return client.patch(url, body, content_type="application/json", headers=headers)

    assert patch({"town": "Talgar"}, '"0"').status_code == 200  # type: ignore[attr-defined]
    stale = patch({"town": "Esik"}, "0")
    assert stale.status_code == 409  # type: ignore[attr-defined]
    assert stale.json()["changed"] == {"town": "Talgar"}  # type: ignore[attr-defined]
    assert patch({"town": "Esik"}, "nonsense").status_code == 422  # type: ignore[attr-defined]
    assert api.patch(f"/clubs/{club_shymbulak.pk}", {"town": "Esik"}).json()["version"] == 2


def test_writes_without_a_version_still_raise_it(client: Client, alice_admin: User, athlete: Person) -> None:
    api = ApiClient(client, alice_admin)
    api.patch(f"/people/{athlete.pk}", {"phone": "+7 3"})
    athlete.refresh_from_db()
    assert athlete.version == 1
