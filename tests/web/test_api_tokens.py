"""API tokens: stored hashed, Bearer authentication, 401s, the create_api_token command and the admin."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from alatau.api.models import TOKEN_PREFIX, ApiToken
from alatau.core.models import User
from alatau.registry.models import Club
from tests.web.apiclient import ApiClient

NEW_CLUB = {"name": "Medeu Juniors", "region": "almaty-city", "town": "Almaty"}


def test_token_is_stored_only_as_its_sha256(alice_admin: User) -> None:
    api_token, token = ApiToken.issue(alice_admin, "timing")
    assert token.startswith(TOKEN_PREFIX) and len(token) > 40
    stored = ApiToken.objects.get(pk=api_token.pk)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.key_hash, stored.key_start, stored.name}
    assert token.startswith(stored.key_start)


def test_two_tokens_differ(alice_admin: User) -> None:
    assert ApiToken.issue(alice_admin, "a")[1] != ApiToken.issue(alice_admin, "b")[1]


def test_a_valid_token_writes_and_records_its_use(client: Client, alice_admin: User) -> None:
    api_token, token = ApiToken.issue(alice_admin, "script")
    response = ApiClient(client, token=token).post("/clubs", NEW_CLUB)
    assert response.status_code == 201, response.content
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None
    club = Club.objects.get(name="Medeu Juniors")
    assert club.audit_entries().get().actor == alice_admin


def test_last_used_is_written_at_most_once_a_minute(client: Client, alice_admin: User) -> None:
    api_token, token = ApiToken.issue(alice_admin, "script")
    recent = timezone.now() - timedelta(seconds=5)
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=recent)
    ApiClient(client, token=token).get("/regions")
    api_token.refresh_from_db()
    assert api_token.last_used_at == recent


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer alatau_not-a-real-token", "Token abc", "Basic YWxpY2U6cGFzc3dvcmQ="],
)
def test_a_write_without_a_valid_token_is_401_and_changes_nothing(
    client: Client, alice_admin: User, header: str
) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/clubs", NEW_CLUB, content_type="application/json", headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "code"} and body["code"] in {"not_authenticated", "invalid_token"}
    assert not Club.objects.filter(name=NEW_CLUB["name"]).exists()


def test_a_revoked_token_is_401(client: Client, alice_admin: User) -> None:
    api_token, token = ApiToken.issue(alice_admin, "old")
    api_token.revoke()
    response = ApiClient(client, token=token).post("/clubs", NEW_CLUB)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_the_token_of_a_deactivated_user_is_401(client: Client, alice_admin: User) -> None:
    _, token = ApiToken.issue(alice_admin, "old")
    alice_admin.is_active = False
    alice_admin.save()
    assert ApiClient(client, token=token).get("/regions").status_code == 401


def test_a_bad_token_is_401_even_on_public_reads(client: Client, db: None) -> None:
    # A broken credential is reported, not silently downgraded to anonymous reading.
    response = ApiClient(client, token="alatau_wrong").get("/clubs")
    assert response.status_code == 401
    assert client.get("/api/v1/clubs").status_code == 200


def test_a_session_reads_but_does_not_write(client: Client, alice_admin: User) -> None:
    client.force_login(alice_admin)
    assert client.get("/api/v1/licences").status_code == 200
    response = client.post("/api/v1/clubs", NEW_CLUB, content_type="application/json")
    assert response.status_code == 401


def test_create_api_token_command_prints_a_working_token(client: Client, carol_manager: User) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "carol", "--name", "club laptop", stdout=out, stderr=err)
    token = out.getvalue().strip()
    api_token = ApiToken.objects.get(user=carol_manager)
    assert api_token.name == "club laptop"
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "secret" in err.getvalue()
    assert ApiClient(client, token=token).get("/licences").status_code == 200


def test_create_api_token_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_admin_issues_a_token_and_shows_it_once(
    client: Client, alice_admin: User, carol_manager: User
) -> None:
    client.force_login(alice_admin)
    response = client.post(
        "/en/admin/api/apitoken/add/", {"name": "results board", "user": carol_manager.pk}, follow=True
    )
    assert response.status_code == 200
    api_token = ApiToken.objects.get(name="results board")
    shown = [str(m) for m in response.context["messages"]]
    token = next(word for m in shown for word in m.split() if word.startswith(TOKEN_PREFIX))
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in client.get(f"/en/admin/api/apitoken/{api_token.pk}/change/").content.decode()


def test_admin_revokes_tokens(client: Client, alice_admin: User) -> None:
    api_token, token = ApiToken.issue(alice_admin, "leaked")
    client.force_login(alice_admin)
    client.post(
        "/en/admin/api/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [api_token.pk]},
        follow=True,
    )
    api_token.refresh_from_db()
    assert api_token.is_revoked
    assert ApiClient(Client(), token=token).get("/regions").status_code == 401
