"""Open Badges pages: the issuer's DID document and public key, the status lists, a certificate's badge.

The first three are public and language-neutral (under ``/.well-known/`` and ``/credentials/``).
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation

from alatau.education import badges, services
from alatau.education.models import Certificate
from alatau.education.views import _own_or_educator

CREDENTIAL_TYPE = "application/vc+ld+json"


def site_base(request: HttpRequest) -> str:
    """The site's origin: ``SITE_URL`` when set (credentials outlive the request), else the asked host."""
    if settings.SITE_URL:
        return str(settings.SITE_URL).rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def did_json(request: HttpRequest) -> JsonResponse:
    """Public: the federation's ``did:web`` document with its Ed25519 public key."""
    return JsonResponse(badges.did_document(site_base(request)))


def public_key_pem(request: HttpRequest) -> HttpResponse:
    """Public: the same key as a PEM file, for offline verification."""
    response = HttpResponse(badges.public_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="alatau-education-key.pem"'
    return response


def signing_cert_pem(request: HttpRequest) -> HttpResponse:
    """Public: the certificate that signs the certificate PDFs (PAdES), to add to a reader's trust list."""
    from alatau.education.pades import signing_cert_pem as pem

    response = HttpResponse(pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="alatau-education-signing-cert.pem"'
    return response


def status_list(request: HttpRequest, purpose: str) -> HttpResponse:
    """Public: the signed Bitstring Status List of revoked or suspended certificates."""
    if purpose not in badges.PURPOSES:
        raise Http404(purpose)
    document = badges.status_list_credential(site_base(request), purpose, services.today())
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=CREDENTIAL_TYPE)


@login_required
def certificate_badge(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder's or an educator's download: the certificate as a signed Open Badges 3.0 credential."""
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "programme"), pk=pk)
    _own_or_educator(request, certificate)
    language = translation.get_language() or "en"
    document = badges.signed_credential(certificate, site_base(request), language)
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=CREDENTIAL_TYPE)
    response["Content-Disposition"] = f'attachment; filename="badge-{certificate.number}.json"'
    return response
