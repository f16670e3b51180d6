"""The language switcher: the chosen language goes into both the URL prefix and the cookie.

Django's own ``set_language`` translates ``next`` only when the path resolves in the language that
is active for the switch request itself (taken from the cookie or the browser). On ``/fr/…`` with a
Russian browser it fails to resolve, keeps ``/fr/`` and the page reloads unchanged. This view swaps
the prefix itself, so the switcher always switches.
"""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

__all__ = ["set_language", "with_language"]


def _codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def with_language(path: str, language: str) -> str:
    """``path`` (with its query, if any) under ``language``'s prefix: ``/fr/clubs/?q=a`` → ``/ru/clubs/?q=a``.

    A path without a language prefix gets one (``/`` → ``/ru/``), except the language-neutral
    addresses (the API, the verification link, static files), which are left as they are.
    """
    route, sep, query = path.partition("?")
    if not route.startswith("/"):
        route = "/" + route
    prefixes = "|".join(re.escape(code) for code in _codes())
    match = re.match(rf"^/({prefixes})(/|$)", route)
    if match:
        route = f"/{language}/" + route[match.end() :]
    elif not route.startswith(("/api/", "/verify/", "/static/", "/i18n/")):
        route = f"/{language}" + route
    return route + sep + query


def _safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        if wanted.startswith(("http://", "https://")):  # a same-host absolute address: keep its path
            wanted = "/" + wanted.split("/", 3)[3] if wanted.count("/") >= 3 else "/"
        return wanted
    return "/"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch to ``language`` (POST): redirect to ``next`` under its prefix and set the language cookie."""
    language = request.POST.get("language", "")
    target = _safe_next(request)
    if language not in _codes():
        return HttpResponseRedirect(target)
    response = HttpResponseRedirect(with_language(target, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
