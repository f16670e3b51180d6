"""The login forms of the site and the admin, throttled (see :mod:`alatau.core.throttle`)."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from alatau.core import throttle
from alatau.core.models import LoginFailure


class ThrottledLoginMixin:
    """Refuses a locked account or address before checking the password; counts wrong passwords."""

    kind = LoginFailure.Kind.SITE
    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        address = throttle.client_address(self.request)
        until = throttle.locked_until(username, address)
        if until is not None:
            raise forms.ValidationError(throttle.lockout_message(until), code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                until = throttle.record_failure(username, address, self.kind)
                if until is not None:
                    raise forms.ValidationError(throttle.lockout_message(until), code="locked") from error
            raise
        throttle.clear_account(username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's login form."""


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form."""

    kind = LoginFailure.Kind.ADMIN
