"""Language-neutral education addresses: the issuer's key under /.well-known/ and the status lists."""

from django.urls import URLPattern, path

from alatau.education import views_badges

urlpatterns: list[URLPattern] = [
    path(".well-known/did.json", views_badges.did_json, name="education-did"),
    path(".well-known/alatau-education-key.pem", views_badges.public_key_pem, name="education-public-key"),
    path(
        ".well-known/alatau-education-signing-cert.pem",
        views_badges.signing_cert_pem,
        name="education-signing-cert",
    ),
    path("credentials/status/<slug:purpose>/", views_badges.status_list, name="education-status-list"),
]
