"""W3C Verifiable Credentials without Django: Ed25519 ``eddsa-jcs-2022`` proofs and Bitstring Status Lists.

An Open Badges 3.0 credential is a JSON document; its proof is a W3C Data Integrity proof with the
``eddsa-jcs-2022`` cryptosuite: the document and the proof options are canonicalised with the JSON
Canonicalization Scheme (RFC 8785), hashed with SHA-256 and signed with Ed25519. The signature and the
public key travel as base58btc multibase strings. Everything here works offline, from the issuer's public
key alone; revocation and suspension are bits in a gzip-compressed bitstring (W3C Bitstring Status List).
"""

import base64
import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CRYPTOSUITE = "eddsa-jcs-2022"
#: The multicodec prefix of an Ed25519 public key in a ``Multikey``.
ED25519_PUB = b"\xed\x01"
#: The smallest bitstring the W3C recommendation allows (16 KiB), for herd privacy.
MIN_LIST_BITS = 131072
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class CredentialError(ValueError):
    """The document is not a credential this module can check (no proof, wrong suite, bad encoding)."""


# ---------------------------------------------------------------- encodings


def jcs(value: Any) -> bytes:
    """The RFC 8785 canonical form of a JSON value made of strings, integers, booleans, lists and objects.

    Parameters
    ----------
    value
        The value; floats are refused (credentials here carry none, and their canonical form is subtle).

    Returns
    -------
    bytes
        UTF-8 JSON with sorted keys and no insignificant white space.
    """
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise CredentialError("floating-point numbers are not supported in credentials")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_floats(item)


def b58encode(data: bytes) -> str:
    """Bitcoin base58 (the ``z`` multibase without its prefix)."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = BASE58[rest] + digits
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + digits


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in BASE58:
            raise CredentialError(f"not base58: {char!r}")
        number = number * 58 + BASE58.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def public_multikey(key: Ed25519PublicKey) -> str:
    """The ``publicKeyMultibase`` of a Multikey: ``z`` + base58btc(0xed01 + the 32 raw key bytes)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB + raw)


def key_from_multikey(multibase: str) -> Ed25519PublicKey:
    if not multibase.startswith("z"):
        raise CredentialError("a Multikey is base58btc (it starts with z)")
    raw = b58decode(multibase[1:])
    if not raw.startswith(ED25519_PUB) or len(raw) != 34:
        raise CredentialError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}


# ---------------------------------------------------------------- proofs


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in options.items() if k != "proofValue"}
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return hashlib.sha256(jcs(config)).digest() + hashlib.sha256(jcs(unsecured)).digest()


def sign(
    document: dict[str, Any], key: Ed25519PrivateKey, verification_method: str, created: dt.datetime
) -> dict[str, Any]:
    """``document`` with an ``eddsa-jcs-2022`` Data Integrity proof added.

    Parameters
    ----------
    document
        The unsecured credential (any ``proof`` in it is replaced).
    key
        The issuer's Ed25519 private key.
    verification_method
        The URL or DID URL of the public key (for example ``did:web:example.org#key-1``).
    created
        When the proof is made (UTC; written to the second).
    """
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    signature = key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def proof_is_valid(document: dict[str, Any], key: Ed25519PublicKey) -> bool:
    """Whether the document's ``eddsa-jcs-2022`` proof was made by ``key`` over exactly this content."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialError("the credential has no eddsa-jcs-2022 proof")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise CredentialError("the proof value is not base58btc")
    try:
        key.verify(b58decode(value[1:]), _hash_data(document, proof))
    except InvalidSignature:
        return False
    return True


# ---------------------------------------------------------------- status lists


def encode_bits(indexes: set[int], length: int) -> str:
    """The ``encodedList`` of a status list: multibase base64url (``u``) of the gzipped bitstring.

    Index 0 is the most significant bit of the first byte, as the W3C recommendation says.
    """
    size = max(MIN_LIST_BITS, -(-length // MIN_LIST_BITS) * MIN_LIST_BITS)
    bits = bytearray(size // 8)
    for index in indexes:
        if not 0 <= index < size:
            raise CredentialError(f"status index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def bit_is_set(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise CredentialError("the encoded list is not base64url multibase")
    body = encoded[1:]
    try:
        bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (OSError, ValueError) as error:
        raise CredentialError("the encoded list cannot be decompressed") from error
    if not 0 <= index < len(bits) * 8:
        raise CredentialError(f"status index {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """What :func:`verify` found: ``verified`` is True only for a genuine credential valid on the day."""

    signature: bool
    status: str
    detail: str

    @property
    def verified(self) -> bool:
        return self.signature and self.status == "valid"


def _entries(credential: dict[str, Any]) -> list[dict[str, Any]]:
    status = credential.get("credentialStatus", [])
    return [status] if isinstance(status, dict) else list(status)


def list_status(credential: dict[str, Any], lists: dict[str, dict[str, Any]], key: Ed25519PublicKey) -> str:
    """``revoked``, ``suspended`` or ``valid`` from the credential's status entries and the lists given.

    ``lists`` maps a status list credential's URL to that (signed) credential; a list whose proof fails
    raises :class:`CredentialError`. Entries whose list is not given are not checked.
    """
    for entry in _entries(credential):
        status_list = lists.get(entry.get("statusListCredential", ""))
        if status_list is None:
            continue
        if not proof_is_valid(status_list, key):
            raise CredentialError("the status list's signature is not valid")
        subject = status_list.get("credentialSubject", {})
        if subject.get("statusPurpose") != entry.get("statusPurpose"):
            raise CredentialError("the status list is for another purpose")
        if bit_is_set(subject.get("encodedList", ""), int(entry.get("statusListIndex", -1))):
            return "revoked" if entry.get("statusPurpose") == "revocation" else "suspended"
    return "valid"


def _dates_status(credential: dict[str, Any], on: dt.datetime) -> str:
    def when(name: str) -> dt.datetime | None:
        value = credential.get(name)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    valid_from, valid_until = when("validFrom"), when("validUntil")
    if (valid_from is not None and on < valid_from) or (valid_until is not None and on > valid_until):
        return "expired"
    return "valid"


def verify(
    credential: dict[str, Any],
    key: Ed25519PublicKey,
    *,
    status_lists: dict[str, dict[str, Any]] | None = None,
    on: dt.datetime | None = None,
) -> Verification:
    """Check a credential offline: its proof with the issuer's key, its dates, and its status lists if given.

    Parameters
    ----------
    credential
        The signed credential, as parsed JSON.
    key
        The issuer's Ed25519 public key.
    status_lists
        Status list credentials by URL (downloaded earlier); ``None`` skips the revocation check.
    on
        The moment to check for (default: now, UTC).
    """
    try:
        if not proof_is_valid(credential, key):
            return Verification(False, "invalid", "the signature does not match the content")
        status = list_status(credential, status_lists or {}, key)
        if status == "valid":
            status = _dates_status(credential, on or dt.datetime.now(dt.UTC))
    except (CredentialError, ValueError, TypeError) as error:
        return Verification(False, "invalid", str(error))
    return Verification(True, status, f"signature verified; status {status}")
