"""Production safety: the refusal to serve with the development key, and the Content-Security-Policy.

Django 5.2 has no built-in CSP. The application loads nothing from another origin and keeps
its scripts and styles in static files, so the policy is strict: everything from the site
itself, no inline script or style, no framing. ``ALATAU_OSM_TILE_URL`` adds its tile host to
``img-src`` when the site maps show OpenStreetMap.
"""

import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

#: The directives sent on every response; ``img-src`` gains the OSM tile host when one is set.
BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def unsafe_production_reason() -> str | None:
    """Why this configuration must not serve, or None: debug off with the public development key."""
    from alatau.web.settings import DEV_SECRET_KEY

    if settings.DEBUG:
        return None
    if not settings.SECRET_KEY or settings.SECRET_KEY == DEV_SECRET_KEY:
        return (
            "ALATAU_DEBUG=0 but ALATAU_SECRET_KEY is not set: "
            "refusing to serve with the public development key"
        )
    return None


def refuse_unsafe_production() -> None:
    """Stop with one line on stderr and exit code 2 when :func:`unsafe_production_reason` objects."""
    reason = unsafe_production_reason()
    if reason:
        print(f"alatau: {reason}", file=sys.stderr, flush=True)
        raise SystemExit(2)


def content_security_policy(tile_url: str = "") -> str:
    """The header value: :data:`BASE_POLICY`, with the origin of ``tile_url`` allowed for images."""
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    parts = urlsplit(tile_url)
    if parts.scheme in {"http", "https"} and parts.netloc:  # Leaflet's {s} subdomains: any of them
        policy["img-src"].append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` to every response that has none.

    Django's own debug pages (DEBUG on, an error status) carry inline styles and scripts; they
    are left without the header so that development tracebacks stay readable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy(getattr(settings, "ALATAU_OSM_TILE_URL", ""))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
