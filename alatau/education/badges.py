"""Open Badges 3.0: each certificate as a signed Verifiable Credential, the issuer's key and status lists.

The federation's Ed25519 key is read from ``settings.EDUCATION_SIGNING_KEY_FILE`` or the environment
variable ``ALATAU_EDUCATION_KEY_FILE`` (a PEM file); without either, a development key is generated at first
use into ``<var>/keys/education-ed25519.pem`` (never committed: ``var/`` is ignored). The issuer is
``did:web:<host>``: its DID document, with the public key, is served at ``/.well-known/did.json``.
"""

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from alatau.education import vc
from alatau.education.models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
PURPOSES = ("revocation", "suspension")
KEY_ID = "key-1"


# ---------------------------------------------------------------- the key


def key_path() -> Path:
    configured = getattr(settings, "EDUCATION_SIGNING_KEY_FILE", None) or os.environ.get(
        "ALATAU_EDUCATION_KEY_FILE"
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "keys" / "education-ed25519.pem"


def write_private(path: Path, data: bytes) -> None:
    """Write a secret atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def signing_key() -> Ed25519PrivateKey:
    """The federation's signing key, generated into the var directory on first use if none is configured."""
    path = key_path()
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_private(path, pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise vc.CredentialError(f"{path} does not hold an Ed25519 private key")
    return loaded


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_pem() -> bytes:
    return public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """A public key from a PEM file or from the issuer's DID document (``did.json``)."""
    if data.lstrip().startswith(b"{"):
        document = json.loads(data)
        return vc.key_from_multikey(document["verificationMethod"][0]["publicKeyMultibase"])
    loaded = serialization.load_pem_public_key(data)
    if not isinstance(loaded, Ed25519PublicKey):
        raise vc.CredentialError("not an Ed25519 public key")
    return loaded


# ---------------------------------------------------------------- the issuer


def issuer_did(base: str) -> str:
    """``did:web`` of the site at ``base`` (``https://host[:port]``); a port's colon is %3A-encoded."""
    return "did:web:" + urlsplit(base).netloc.replace(":", "%3A")


def did_document(base: str) -> dict[str, Any]:
    did = issuer_did(base)
    key = public_key()
    method = {
        "id": f"{did}#{KEY_ID}",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": vc.public_multikey(key),
        "publicKeyJwk": vc.public_jwk(key),
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


def _issuer(base: str) -> dict[str, Any]:
    return {
        "id": issuer_did(base),
        "type": ["Profile"],
        "name": "Kazakh Ski Federation",
        "url": base + "/",
    }


def _moment(day: dt.date, time: dt.time = dt.time()) -> str:
    """A day's moment in the federation's time zone, written with its UTC offset (RFC 3339)."""
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone()).isoformat()


# ---------------------------------------------------------------- credentials


def status_list_url(base: str, purpose: str) -> str:
    return base + reverse("education-status-list", args=[purpose])


def _status_entries(certificate: Certificate, base: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{status_list_url(base, purpose)}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_list_url(base, purpose),
        }
        for purpose in PURPOSES
    ]


def _achievement(certificate: Certificate, base: str) -> dict[str, Any]:
    programme = certificate.programme
    return {
        "id": f"{base}/api/v1/programmes#{programme.code}",
        "type": ["Achievement"],
        "achievementType": "License" if programme.kind == "official" else "Certificate",
        "name": programme.name,
        "description": f"{programme.get_kind_display()}, level {programme.level}",
        "criteria": {"narrative": f"{programme.get_awarding_body_display()}: {programme.name}"},
        "fieldOfStudy": "Alpine skiing",
    }


def unsigned_credential(certificate: Certificate, base: str) -> dict[str, Any]:
    """The Open Badges 3.0 ``OpenBadgeCredential`` of a certificate, with only its public fields."""
    holder = certificate.holder
    verify = base + reverse("education:verify", args=[certificate.code])
    credential: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer(base),
        "validFrom": _moment(certificate.issued),
        "name": certificate.programme.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": f"{holder.first_name} {holder.last_name}",
                }
            ],
            "achievement": _achievement(certificate, base),
        },
        "credentialStatus": _status_entries(certificate, base),
    }
    if certificate.expires is not None:
        credential["validUntil"] = _moment(certificate.expires, dt.time(23, 59, 59))
    return credential


def signed_credential(certificate: Certificate, base: str, language: str = "en") -> dict[str, Any]:
    """The certificate's credential, signed (the same bytes each time, until it is renewed)."""
    with translation.override(language):
        document = unsigned_credential(certificate, base)
    created = dt.datetime.combine(certificate.issued, dt.time(), tzinfo=dt.UTC)
    return vc.sign(document, signing_key(), f"{issuer_did(base)}#{KEY_ID}", created)


def flagged(purpose: str, on_date: dt.date) -> set[int]:
    """The status indexes (certificate ids) set in the ``revocation`` or ``suspension`` list."""
    certificates = Certificate.objects.all()
    if purpose == "revocation":
        certificates = certificates.filter(revoked_on__lte=on_date)
    else:
        certificates = certificates.filter(suspended=True, revoked_on__isnull=True)
    return set(certificates.values_list("pk", flat=True))


def status_list_credential(base: str, purpose: str, on_date: dt.date) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` for ``purpose`` as it stands on ``on_date``."""
    if purpose not in PURPOSES:
        raise vc.CredentialError(f"no {purpose} status list")
    last = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    url = status_list_url(base, purpose)
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(base),
        "validFrom": _moment(on_date),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": vc.encode_bits(flagged(purpose, on_date), last + 1),
        },
    }
    created = dt.datetime.combine(on_date, dt.time(), tzinfo=dt.UTC)
    return vc.sign(document, signing_key(), f"{issuer_did(base)}#{KEY_ID}", created)


def verify_here(credential: dict[str, Any], base: str, on_date: dt.date) -> vc.Verification:
    """Verify a credential with this site's key and its current status lists (what the API answers)."""
    lists = {status_list_url(base, p): status_list_credential(base, p, on_date) for p in PURPOSES}
    moment = dt.datetime.combine(on_date, dt.time(12), tzinfo=timezone.get_default_timezone())
    return vc.verify(credential, public_key(), status_lists=lists, on=moment)
