"""URL map: the API and the verification page are language-neutral; pages carry /kk/, /ru/, /en/, /fr/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from alatau.core.language import set_language
from alatau.core.plugins import page_urls
from alatau.licences.views import verify_anywhere

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include("alatau.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("verify/<uuid:token>/", verify_anywhere, name="verify"),  # the card's QR: the visitor's language
    path("", include("alatau.education.public_urls")),  # the badge issuer's key and status lists
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("alatau.core.urls")),
    path("registry/", include("alatau.registry.urls")),
    path("licences/", include("alatau.licences.urls")),
    path("imports/", include("alatau.imports.urls")),
    path("figures/", include("alatau.figures.urls")),
    *page_urls(),
    prefix_default_language=True,
)
