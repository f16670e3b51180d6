"""Open Badges 3.0: the signed credential verifies with the published key, fails when altered, and revocation
and suspension show in the public Bitstring Status Lists."""

import copy
import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.education import badges, services, vc
from alatau.education.models import Certificate, Programme
from alatau.registry.models import Person
from tests.web.conftest import login

BASE = "http://testserver"


@pytest.fixture
def certificate(candidate: Person, programme: Programme, edith_educator: User) -> Certificate:
    return services.issue_certificate(candidate, programme, services.today(), user=edith_educator)


def _download(client: Client, certificate: Certificate, user: User) -> dict[str, Any]:
    login(client, user)
    response = client.get(reverse("education:edu-certificate-badge", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+ld+json"
    return dict(json.loads(response.content))


def _published_key(client: Client) -> Any:
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:testserver"
    return vc.key_from_multikey(document["verificationMethod"][0]["publicKeyMultibase"])


def test_credential_is_an_open_badge_verified_with_the_published_key(
    client: Client, certificate: Certificate, edith_educator: User
) -> None:
    credential = _download(client, certificate, edith_educator)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["name"] == "Coach 1"
    assert credential["validUntil"].startswith(f"{certificate.expires}T23:59:59")
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    key = _published_key(client)
    assert vc.verify(credential, key).verified
    pem = client.get("/.well-known/alatau-education-key.pem").content
    assert vc.verify(credential, badges.load_public_key(pem)).verified
    assert str(certificate.holder.birth_date) not in json.dumps(credential)  # public fields only


@pytest.mark.parametrize(
    "path, value",
    [
        (("credentialSubject", "achievement", "name"), "National technical delegate"),
        (("validUntil",), "2099-12-31T23:59:59Z"),
        (("credentialSubject", "identifier", 0, "identityHash"), "Someone Else"),
    ],
)
def test_altered_credential_fails(
    client: Client, certificate: Certificate, edith_educator: User, path: tuple[Any, ...], value: str
) -> None:
    credential = _download(client, certificate, edith_educator)
    altered = copy.deepcopy(credential)
    target: Any = altered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    result = vc.verify(altered, _published_key(client))
    assert not result.verified and not result.signature and result.status == "invalid"


def test_another_key_does_not_verify(client: Client, certificate: Certificate, edith_educator: User) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    credential = _download(client, certificate, edith_educator)
    assert not vc.verify(credential, Ed25519PrivateKey.generate().public_key()).signature


def _lists(client: Client) -> dict[str, dict[str, Any]]:
    documents = [client.get(f"/credentials/status/{p}/").json() for p in badges.PURPOSES]
    return {document["id"]: document for document in documents}


def test_revoked_and_suspended_show_in_the_status_lists(
    client: Client, certificate: Certificate, edith_educator: User, candidate: Person, programme: Programme
) -> None:
    other = services.issue_certificate(candidate, programme, services.today(), user=edith_educator)
    credential, other_credential = (_download(client, c, edith_educator) for c in (certificate, other))
    client.logout()  # the lists and the key are public
    key = _published_key(client)
    assert vc.verify(credential, key, status_lists=_lists(client)).status == "valid"
    services.revoke_certificate(certificate, "Forged assessment", user=edith_educator)
    services.suspend_certificate(other, "Under investigation", user=edith_educator)
    lists = _lists(client)
    revocation = lists[f"{BASE}/credentials/status/revocation/"]["credentialSubject"]
    assert vc.bit_is_set(revocation["encodedList"], certificate.pk)
    assert not vc.bit_is_set(revocation["encodedList"], other.pk)
    revoked, suspended = (vc.verify(c, key, status_lists=lists) for c in (credential, other_credential))
    assert (revoked.status, revoked.signature, revoked.verified) == ("revoked", True, False)
    assert suspended.status == "suspended"


def test_forged_status_list_is_refused(
    client: Client, certificate: Certificate, edith_educator: User
) -> None:
    credential = _download(client, certificate, edith_educator)
    lists = _lists(client)
    forged = next(iter(lists.values()))
    forged["credentialSubject"]["encodedList"] = vc.encode_bits(set(), 1)
    forged["validFrom"] = "2000-01-01T00:00:00Z"
    assert vc.verify(credential, _published_key(client), status_lists=lists).status == "invalid"


def test_expired_credential_is_expired(
    client: Client, candidate: Person, programme: Programme, edith_educator: User
) -> None:
    old = services.issue_certificate(candidate, programme, dt.date(2015, 3, 1), user=edith_educator)
    credential = _download(client, old, edith_educator)
    result = vc.verify(credential, _published_key(client))
    assert (result.signature, result.status) == (True, "expired")


def test_api_verifies_and_sees_revocation(
    client: Client, certificate: Certificate, edith_educator: User
) -> None:
    credential = _download(client, certificate, edith_educator)
    client.logout()
    url = "/api/v1/certificates/badges/verify"
    answer = client.post(url, credential, content_type="application/json").json()
    assert answer["verified"] is True and answer["status"] == "valid"
    services.revoke_certificate(certificate, "Fraud", user=edith_educator)
    assert client.post(url, credential, content_type="application/json").json()["status"] == "revoked"
    credential["name"] = "Forged"
    assert client.post(url, credential, content_type="application/json").json()["signature"] is False


def test_command_verifies_offline(
    client: Client, certificate: Certificate, edith_educator: User, tmp_path: Path
) -> None:
    credential = _download(client, certificate, edith_educator)
    files = {"badge": credential, "did": client.get("/.well-known/did.json").json()}
    for name, document in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(document))
    call_command("verify_badge", str(tmp_path / "badge.json"), "--key", str(tmp_path / "did.json"))
    credential["validFrom"] = "2001-01-01T00:00:00Z"
    (tmp_path / "badge.json").write_text(json.dumps(credential))
    with pytest.raises(CommandError, match="invalid"):
        call_command("verify_badge", str(tmp_path / "badge.json"), "--key", str(tmp_path / "did.json"))


def test_dev_key_is_generated_once_and_private(education_key: Path) -> None:
    assert not education_key.exists()
    first = badges.public_pem()
    assert education_key.exists() and badges.public_pem() == first
    assert stat.S_IMODE(education_key.stat().st_mode) == 0o600


def test_badge_download_is_the_holders_or_an_educators(
    client: Client, certificate: Certificate, paul_public: User
) -> None:
    url = reverse("education:edu-certificate-badge", args=[certificate.pk])
    assert client.get(url).status_code == 302  # to the login page
    login(client, paul_public)
    assert client.get(url).status_code == 403


def test_base58_and_status_bits_round_trip() -> None:
    for data in (b"", b"\0\0abc", bytes(range(256))):
        assert vc.b58decode(vc.b58encode(data)) == data
    encoded = vc.encode_bits({0, 7, 131071}, 10)
    assert [vc.bit_is_set(encoded, i) for i in (0, 1, 7, 8, 131071)] == [True, False, True, False, True]
    assert vc.encode_bits(set(), 131073) != vc.encode_bits(set(), 1)  # grows by whole 16 KiB blocks


def test_command_checks_downloaded_status_lists(
    client: Client, certificate: Certificate, edith_educator: User, tmp_path: Path
) -> None:
    credential = _download(client, certificate, edith_educator)
    (tmp_path / "badge.json").write_text(json.dumps(credential))
    (tmp_path / "did.json").write_text(json.dumps(client.get("/.well-known/did.json").json()))
    services.revoke_certificate(certificate, "Fraud", user=edith_educator)
    lists = []
    for purpose in badges.PURPOSES:
        path = tmp_path / f"{purpose}.json"
        path.write_text(json.dumps(client.get(f"/credentials/status/{purpose}/").json()))
        lists += ["--status-list", str(path)]
    key = ["--key", str(tmp_path / "did.json")]
    with pytest.raises(CommandError, match="revoked"):
        call_command("verify_badge", str(tmp_path / "badge.json"), *key, *lists)
    call_command("verify_badge", str(tmp_path / "badge.json"), *key)  # without the lists: signature only
