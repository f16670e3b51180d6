"""``/api/v1/`` (the API, its spec at ``/api/v1/openapi.json``) and ``/api/docs`` (its docs page)."""

from django.urls import path
from django.views.generic import RedirectView

from alatau.api.api import api

urlpatterns = [
    path("v1/", api.urls),
    path("docs", RedirectView.as_view(pattern_name="api-1:openapi-view"), name="api-docs"),
    path("docs/", RedirectView.as_view(pattern_name="api-1:openapi-view")),
]
