"""URL map: the API and the verification page are language-neutral; pages carry /kk/, /ru/, /en/, /fr/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from alatau.core.plugins import page_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include("alatau.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
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
