"""The certificate PDF is PAdES-signed: pyHanko's validator accepts it with the published certificate and
detects any change to the signed bytes."""

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.education import pades, services
from alatau.education.models import Certificate, Programme
from alatau.registry.models import Person
from tests.web.conftest import login


@pytest.fixture
def signed_pdf(client: Client, candidate: Person, programme: Programme, edith_educator: User) -> bytes:
    certificate: Certificate = services.issue_certificate(
        candidate, programme, services.today(), user=edith_educator
    )
    login(client, edith_educator)
    response = client.get(reverse("education:edu-certificate-pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return bytes(response.content)


def _published(client: Client) -> bytes:
    client.logout()
    response = client.get("/.well-known/alatau-education-signing-cert.pem")
    assert response.status_code == 200
    return bytes(response.content)


def test_downloaded_pdf_is_signed_and_validates(client: Client, signed_pdf: bytes) -> None:
    check = pades.check_pdf(signed_pdf, _published(client))
    assert check.valid, check
    assert "Kazakh Ski Federation" in check.signer


def test_signature_dictionary_is_pades(signed_pdf: bytes) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.field_name == pades.FIELD


def test_tampered_pdf_fails(client: Client, signed_pdf: bytes) -> None:
    trusted = _published(client)
    at = signed_pdf.index(b"KSF-")  # the certificate's number, inside the signed range
    tampered = signed_pdf[:at] + b"XSF-" + signed_pdf[at + 4 :]
    check = pades.check_pdf(tampered, trusted)
    assert check.signed and not check.intact and not check.valid


def test_appended_content_is_not_covered(client: Client, signed_pdf: bytes) -> None:
    check = pades.check_pdf(signed_pdf + b"\n% appended after signing\n", _published(client))
    assert check.intact and not check.covers_whole_file and not check.valid


def test_other_certificate_is_not_trusted(
    signed_pdf: bytes, tmp_path: Path, settings: object, pdf_signing_cert: tuple[Path, Path]
) -> None:
    other_cert, other_key = tmp_path / "other-cert.pem", tmp_path / "other-key.pem"
    pades._generate(other_cert, other_key)
    check = pades.check_pdf(signed_pdf, other_cert.read_bytes())
    assert check.intact and not check.trusted and not check.valid


def test_unsigned_pdf_is_not_signed(signed_pdf: bytes, pdf_signing_cert: tuple[Path, Path]) -> None:
    from alatau.education.pdf import certificate_pdf

    certificate = Certificate.objects.get()
    plain = certificate_pdf(certificate, "valid", "http://testserver/en/verify/x/", _labels())
    assert not pades.check_pdf(plain, pdf_signing_cert[0].read_bytes()).signed


def _labels() -> dict[str, str]:
    keys = ("federation", "title", "level", "number", "issued", "expires", "status_caption", "status")
    return {**dict.fromkeys(keys, "x"), "never": "never", "scan": "scan"}


def test_command_validates_and_refuses(signed_pdf: bytes, tmp_path: Path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(signed_pdf)
    bad.write_bytes(signed_pdf.replace(b"KSF-", b"XSF-", 1))
    out = io.StringIO()
    call_command("verify_certificate_pdf", str(good), stdout=out)
    assert "intact=True trusted=True" in out.getvalue()
    with pytest.raises(CommandError, match="not valid"):
        call_command("verify_certificate_pdf", str(bad), stdout=io.StringIO())
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7 not really")
    with pytest.raises(CommandError, match="not a readable PDF"):
        call_command("verify_certificate_pdf", str(tmp_path / "junk.pdf"))
    with pytest.raises(CommandError, match=r"nosuch\.pdf"):
        call_command("verify_certificate_pdf", str(tmp_path / "nosuch.pdf"))
