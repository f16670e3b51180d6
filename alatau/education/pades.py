"""PAdES signatures on certificate PDFs, with pyHanko and the federation's signing certificate.

The certificate and its key are read from PEM files named by ``settings.EDUCATION_PDF_CERT_FILE`` and
``settings.EDUCATION_PDF_KEY_FILE`` (or the environment variables ``ALATAU_EDUCATION_PDF_CERT`` and
``ALATAU_EDUCATION_PDF_KEY``); without them a self-signed development certificate is generated at first use
into ``<var>/keys/`` (never committed). Its public part is served at
``/.well-known/alatau-education-signing-cert.pem`` so that a reader can trust it.
"""

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from alatau.education.badges import write_private

FIELD = "KSF-Education"
SUBJECT = "Kazakh Ski Federation — education office (development)"


def _configured(setting: str, variable: str, default: str) -> Path:
    value = getattr(settings, setting, None) or os.environ.get(variable)
    return Path(value) if value else Path(settings.VAR_DIR) / "keys" / default


def cert_paths() -> tuple[Path, Path]:
    """The signing certificate and its private key (PEM), generated if neither is configured yet."""
    cert = _configured("EDUCATION_PDF_CERT_FILE", "ALATAU_EDUCATION_PDF_CERT", "education-pdf-cert.pem")
    key = _configured("EDUCATION_PDF_KEY_FILE", "ALATAU_EDUCATION_PDF_KEY", "education-pdf-key.pem")
    if not cert.exists() and not key.exists():
        _generate(cert, key)
    return cert, key


def _generate(cert_path: Path, key_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kazakh Ski Federation"),
            x509.NameAttribute(NameOID.COMMON_NAME, SUBJECT),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(True, True, False, False, False, True, False, False, False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private(key_path, pem)
    write_private(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
    os.chmod(cert_path, 0o644)


def signing_cert_pem() -> bytes:
    return cert_paths()[0].read_bytes()


def sign_pdf(pdf: bytes, reason: str = "Certificate issued by the Kazakh Ski Federation") -> bytes:
    """``pdf`` with a PAdES baseline (B-B) signature by the federation's certificate, added incrementally."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    cert, key = cert_paths()
    signer = signers.SimpleSigner.load(str(key), str(cert))
    if signer is None:
        raise ValueError(f"cannot load the PDF signing key {key} and certificate {cert}")
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD,
        reason=reason,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return bytes(signers.sign_pdf(writer, metadata, signer=signer).getvalue())


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko's validator found in a signed PDF."""

    signed: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool
    signer: str

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.covers_whole_file


def check_pdf(pdf: bytes, trusted_pem: bytes) -> SignatureCheck:
    """Validate the PDF's last signature against the trusted certificate ``trusted_pem`` (PEM)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(trusted_pem)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    from pyhanko.pdf_utils.misc import PdfError

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except PdfError as error:
        raise ValueError(f"not a readable PDF: {error}") from error
    if not signatures:
        return SignatureCheck(False, False, False, False, "")
    status = validate_pdf_signature(signatures[-1], context)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    subject = status.signing_cert.subject.human_friendly
    return SignatureCheck(True, status.intact and status.valid, status.trusted, whole, subject)
