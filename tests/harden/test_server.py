"""The production server: ``alatau serve`` picks gunicorn when ALATAU_DEBUG=0 and serves the static files."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from alatau.web import server

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("server")]
ALATAU = str(Path(sys.executable).with_name("alatau"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALATAU_")}
    env |= {"ALATAU_VAR_DIR": str(var), "ALATAU_DEBUG": "0", "ALATAU_SECRET_KEY": secrets.token_urlsafe(50)}
    subprocess.run([ALATAU, "manage", "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300)
    return env


def _start(env: dict[str, str], *flags: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [ALATAU, "serve", "--port", str(port), *flags]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(900):
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            if requests.get(base + "/api/v1/regions", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError("the server did not answer in 90 s")


@pytest.fixture(scope="module")
def gunicorn(production_env: dict[str, str]) -> Iterator[str]:
    process, base = _start(production_env, "--workers", "2")  # no --production: ALATAU_DEBUG=0 chooses
    try:
        yield base
    finally:
        process.terminate()
        process.wait(30)


def test_debug_off_serves_with_gunicorn_and_its_static_files(gunicorn: str) -> None:
    css = requests.get(gunicorn + "/static/alatau/alatau.css", timeout=10)
    assert css.status_code == 200 and css.headers["Server"].startswith("gunicorn")
    assert css.headers["Content-Type"].startswith("text/css") and ".narrow-card" in css.text
    admin_js = requests.get(gunicorn + "/static/admin/js/core.js", timeout=10)
    assert admin_js.status_code == 200
    page = requests.get(gunicorn + "/en/races/", timeout=10)
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert "/static/alatau/alatau.css" in page.text


def test_the_static_files_are_collected_into_var_static(
    gunicorn: str, production_env: dict[str, str]
) -> None:
    collected = Path(production_env["ALATAU_VAR_DIR"]) / "static"
    assert (collected / "alatau" / "alatau.css").is_file()
    assert (collected / "alatau" / "alatau.css.gz").is_file()  # WhiteNoise serves the compressed copy


def test_the_development_server_with_debug_off_serves_css_too(production_env: dict[str, str]) -> None:
    process, base = _start(production_env, "--development")
    try:
        css = requests.get(base + "/static/alatau/alatau.css", timeout=10)
        assert css.status_code == 200 and "gunicorn" not in css.headers.get("Server", "")
    finally:
        process.terminate()
        process.wait(30)


def test_workers_default_to_two_per_core_plus_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALATAU_WORKERS", raising=False)
    argv = server.gunicorn_argv("127.0.0.1", 8000)
    assert f"--workers={2 * (os.cpu_count() or 1) + 1}" in argv
    monkeypatch.setenv("ALATAU_WORKERS", "3")
    assert "--workers=3" in server.gunicorn_argv("127.0.0.1", 8000)
    assert "--workers=7" in server.gunicorn_argv("127.0.0.1", 8000, workers=7)
    assert "--preload" in argv and "alatau.web.wsgi:application" in argv


def test_a_bad_worker_count_is_one_line(production_env: dict[str, str]) -> None:
    env = {**production_env, "ALATAU_WORKERS": "many"}
    done = subprocess.run(
        [ALATAU, "serve", "--production"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "alatau: ALATAU_WORKERS must be a whole number of at least 1, not 'many'"
    ]
