"""Small helpers the page views share: access checks, pagination, service errors onto forms."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

from alatau.core.errors import InvalidData, StaleVersion

PAGE_SIZE = 50


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (views are already behind login_required where it matters)."""
    if not allowed:
        raise PermissionDenied


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a bad or too-large page number gives the last page rather than an error."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_service_errors(form: forms.BaseForm, error: Exception) -> None:
    """Show a service's validation errors on the form's fields (or above the form)."""
    if isinstance(error, InvalidData):
        for field, messages in error.errors.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, str(error))
    if isinstance(error, StaleVersion) and "version" in form.fields and isinstance(form.data, QueryDict):
        # Saving the same form again, now that its author has seen what changed, keeps their values.
        data = form.data.copy()
        data[form.add_prefix("version")] = str(error.version)
        form.data = data
