"""Login throttling: 30 wrong passwords, then the right one is refused until the lockout ends.

The same on the site's login page, the admin's, and for API tokens; per account and per address;
each lockout in the audit log; the message translated.
"""

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client
from django.utils import translation

from alatau.api.models import ApiToken
from alatau.core.models import AuditEntry, LoginFailure, User
from alatau.core.throttle import locked_until, lockout_message
from tests.web.conftest import PASSWORD

SITE = "/en/accounts/login/"
ADMIN = "/en/admin/login/"
LOCKED = "Too many failed logins for this account or from this address."


def _login(client: Client, url: str, username: str, password: str) -> tuple[bool, str]:
    answer = client.post(url, {"username": username, "password": password})
    return answer.status_code == 302 and "_auth_user_id" in client.session, answer.content.decode()


def _end_lockouts() -> None:
    """As if 16 minutes had passed since every failure (the lockout lasts 15)."""
    LoginFailure.objects.update(at=F("at") - dt.timedelta(minutes=16))


@pytest.mark.parametrize("url", [SITE, ADMIN], ids=["site", "admin"])
def test_thirty_wrong_passwords_then_the_right_one_is_refused_until_the_lockout_ends(
    url: str, alice_admin: User
) -> None:
    client = Client()
    for _ in range(30):
        logged_in, _page = _login(client, url, "alice", "wrong-password")
        assert not logged_in
    logged_in, page = _login(client, url, "alice", PASSWORD)
    assert not logged_in
    assert LOCKED in page and "Try again in 15 minutes." in page
    _end_lockouts()
    logged_in, _page = _login(Client(), url, "alice", PASSWORD)
    assert logged_in
    assert not LoginFailure.objects.filter(username="alice").exists()  # success forgets the account's


def test_the_account_locks_after_five_failures_from_any_address(alice_admin: User) -> None:
    for index in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{index}").post(SITE, {"username": "Alice", "password": "nope"})
    logged_in, page = _login(Client(REMOTE_ADDR="10.9.9.9"), SITE, "alice", PASSWORD)
    assert not logged_in and LOCKED in page


def test_the_address_locks_after_twenty_failures_on_any_accounts(alice_admin: User, sam_staff: User) -> None:
    attacker = Client(REMOTE_ADDR="192.0.2.7")
    for index in range(20):
        attacker.post(SITE, {"username": f"guess{index}", "password": "nope"})
    logged_in, page = _login(attacker, SITE, sam_staff.username, PASSWORD)
    assert not logged_in and LOCKED in page
    logged_in, _page = _login(Client(REMOTE_ADDR="198.51.100.1"), SITE, sam_staff.username, PASSWORD)
    assert logged_in  # the account itself is not locked: its owner elsewhere still logs in


def test_behind_the_proxy_the_forwarded_address_counts(alice_admin: User) -> None:
    for index in range(20):
        proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        proxied.post(SITE, {"username": f"guess{index}", "password": "nope"})
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"203.0.113.5"}
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert _login(other, SITE, "alice", PASSWORD)[0]


def test_each_lockout_is_in_the_audit_log(alice_admin: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.8")
    for _ in range(7):
        client.post(ADMIN, {"username": "alice", "password": "nope"})
    entries = AuditEntry.objects.filter(action="login_locked")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_id == str(alice_admin.pk)
    assert entry.changes["address"] == "192.0.2.8" and entry.changes["kind"] == "admin"


def test_the_message_is_translated(alice_admin: User) -> None:
    client = Client()
    for _ in range(5):
        client.post("/ru/accounts/login/", {"username": "alice", "password": "nope"})
    page = client.post("/ru/accounts/login/", {"username": "alice", "password": PASSWORD}).content.decode()
    with translation.override("ru"):
        until = locked_until("alice", "127.0.0.1")
        assert until is not None
        expected = lockout_message(until)
    assert expected in page.replace("&#x27;", "'") and "Too many" not in expected


def test_thirty_wrong_api_tokens_then_the_right_one_is_refused_until_the_lockout_ends(
    alice_admin: User,
) -> None:
    _token, secret = ApiToken.issue(alice_admin, "office")
    client = Client(REMOTE_ADDR="192.0.2.9")
    for index in range(30):
        wrong = client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer wrong-{index}")
        assert wrong.status_code in {401, 429}
    refused = client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 429
    assert refused.json()["code"] == "locked" and LOCKED in refused.json()["detail"]
    _end_lockouts()
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
