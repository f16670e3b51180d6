"""Safe defaults in production: no serving on the development key, no traceback to a browser, a strict CSP,
and ``check --deploy`` clean on the production configuration that docs/deploy.md documents."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from alatau.core.models import User
from alatau.web.security import content_security_policy
from tests.web.conftest import login
from tests.web.test_every_url import all_urls, world  # noqa: F401  (the fixture, with every object)

ALATAU = str(Path(sys.executable).with_name("alatau"))
#: The production configuration of docs/deploy.md, with a real random key.
PRODUCTION = {
    "ALATAU_DEBUG": "0",
    "ALATAU_SECRET_KEY": secrets.token_urlsafe(50),
    "ALATAU_ALLOWED_HOSTS": "registry.ski.kz",
    "ALATAU_CSRF_TRUSTED_ORIGINS": "https://registry.ski.kz",
    "ALATAU_SITE_URL": "https://registry.ski.kz",
    "ALATAU_PROXY_SSL": "1",
    "ALATAU_SSL_REDIRECT": "1",
    "ALATAU_HSTS_SECONDS": "31536000",
    "ALATAU_HSTS_INCLUDE_SUBDOMAINS": "1",
    "ALATAU_HSTS_PRELOAD": "1",
    "ALATAU_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # A production environment: none of the test run's ALATAU_ or DJANGO_ variables (the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE would be an error of its own for check --deploy).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALATAU_", "DJANGO_"))}
    return {**env, "ALATAU_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "alatau.web.settings", **extra}


def _run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_check_deploy_passes_on_the_documented_production_configuration(tmp_path: Path) -> None:
    env = _env(tmp_path, **PRODUCTION)
    done = _run(env, ALATAU, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.slow
def test_check_deploy_warns_on_the_development_defaults(tmp_path: Path) -> None:
    done = _run(_env(tmp_path), ALATAU, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    for warning in ("alatau.W001", "alatau.W002", "security.W004", "security.W008"):
        assert warning in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [("serve", "--port", "1"), ("manage", "runserver", "--noreload", "127.0.0.1:1")],
    ids=["alatau serve", "manage runserver"],
)
def test_no_server_starts_with_debug_off_and_no_secret_key(tmp_path: Path, command: tuple[str, ...]) -> None:
    done = _run(_env(tmp_path, ALATAU_DEBUG="0"), ALATAU, *command)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "alatau: ALATAU_DEBUG=0 but ALATAU_SECRET_KEY is not set: "
        "refusing to serve with the public development key"
    ]


@pytest.mark.slow
def test_migrations_and_commands_still_run_with_debug_off_and_no_key(tmp_path: Path) -> None:
    env = _env(tmp_path, ALATAU_DEBUG="0")
    assert _run(env, ALATAU, "manage", "migrate", "--no-input", "-v0").returncode == 0
    assert _run(env, ALATAU, "manage", "refresh_licences").returncode == 0


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-internal-detail in a traceback")


urlpatterns = [path("boom/", _boom), path("api/boom/", _boom)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize("url", ["/boom/", "/api/boom/"])
def test_a_server_error_shows_the_error_page_and_no_traceback(url: str) -> None:
    client = Client(raise_request_exception=False)
    answer = client.get(url)
    body = answer.content.decode()
    assert answer.status_code == 500
    assert "Traceback" not in body and "secret-internal-detail" not in body and "RuntimeError" not in body
    for language in ("Серверде қате орын алды", "Ошибка на сервере", "Server error", "Erreur du serveur"):
        assert language in body


def test_the_policy_is_strict_and_allows_a_configured_tile_host() -> None:
    policy = content_security_policy()
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    with_tiles = content_security_policy("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: blob: https://*.tile.openstreetmap.org;" in with_tiles


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),  # inline code
    re.compile(r"<style[\s>]", re.I),
    re.compile(r"\sstyle=\"", re.I),
    re.compile(r"\son[a-z]+=\"", re.I),  # onclick=, onchange=…
    re.compile(r"javascript:", re.I),
]


@pytest.mark.slow
def test_every_page_carries_the_policy_and_has_nothing_inline_it_would_block(
    client: Client,
    alice_admin: User,
    world: dict,  # noqa: F811
) -> None:
    login(client, alice_admin)
    policy = content_security_policy()
    checked, offending = 0, {}
    for url in all_urls(world):
        if "/admin/" in url:  # Django's own admin: its scripts are static files too
            continue
        answer = client.get(url)
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            continue
        assert answer["Content-Security-Policy"] == policy, url
        checked += 1
        found = [rule.pattern for rule in INLINE if rule.search(answer.content.decode())]
        if found:
            offending[url] = found
    assert checked > 30
    assert offending == {}
