"""One audit shape whatever the face, and an audit log that renders whatever it holds."""

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import AuditEntry, User
from alatau.core.templatetags.alatau import _shown, audit_changes
from alatau.registry import services
from alatau.registry.models import Club, Discipline, Region
from tests.web.apiclient import ApiClient
from tests.web.conftest import login


def test_a_club_written_through_the_api_keeps_its_page(
    client: Client, alice_admin: User, carol_manager: User, club_shymbulak: Club
) -> None:
    api = ApiClient(client, alice_admin)
    created = api.post(
        "/clubs", {"name": "Tabagan", "region": "almaty", "town": "Talgar", "disciplines": ["alpine"]}
    )
    assert created.status_code == 201, created.content
    patched = api.patch(f"/clubs/{club_shymbulak.pk}", {"disciplines": ["alpine", "snowboard"]})
    assert patched.status_code == 200, patched.content
    for user in (alice_admin, carol_manager):
        login(client, user)
        for pk in (created.json()["id"], club_shymbulak.pk):
            if user is carol_manager and pk != club_shymbulak.pk:
                continue
            page = client.get(reverse("registry:club-detail", args=[pk]))
            assert page.status_code == 200
    assert (
        b"alpine, snowboard" in client.get(reverse("registry:club-detail", args=[club_shymbulak.pk])).content
    )


def test_api_and_form_write_the_same_audit_values(client: Client, alice_admin: User) -> None:
    region = Region.objects.get(code="almaty")
    alpine = Discipline.objects.get(code="alpine")
    by_form = services.create_club(
        {"name": "Form Club", "region": region, "town": "Talgar", "disciplines": [alpine]}, user=alice_admin
    )
    ApiClient(client, alice_admin).post(
        "/clubs", {"name": "Api Club", "region": "almaty", "town": "Talgar", "disciplines": ["alpine"]}
    )
    by_api = Club.objects.get(name="Api Club")
    form_changes = by_form.audit_entries().get().changes
    api_changes = by_api.audit_entries().get().changes
    form_changes.pop("name"), api_changes.pop("name")
    assert form_changes == api_changes


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        ["a", "b"],
        [["alpine"], ["alpine", "x"]],
        {"a": 1},
        {"x": [1, None]},
        3,
        2.5,
        True,
        "2020-01-01",
    ],
)
def test_the_renderer_never_fails_on_a_stored_value(value: object) -> None:
    field = Club._meta.get_field("region")
    shown = _shown(field, value)
    assert shown is None or isinstance(shown, str | int | float)


def test_audit_rows_render_odd_stored_changes(alice_admin: User, club_shymbulak: Club) -> None:
    for changes in ({"disciplines": [["alpine"], ["alpine", "snowboard"]]}, {"x": {"y": 1}}, [1, 2], "text"):
        entry = club_shymbulak.log_action("updated", alice_admin, {})
        AuditEntry.objects.filter(pk=entry.pk).update(changes=changes)
        entry.refresh_from_db()
        assert all(isinstance(label, str) for label, _old, _new in audit_changes(entry))
