"""Concurrent writers on SQLite (the default set-up) and PostgreSQL: a real server, 20 writes at once.

The writes go through the API (token) and through the pages (session and CSRF), on different
people and on the same person; none may answer 5xx and every one must be in the database.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("server")]

SETUP = """
from alatau.core.models import Role, User
from alatau.api.models import ApiToken
user = User(username="boss", role=Role.FEDERATION_ADMIN, is_staff=True)
user.set_password("concurrent-pass-2025")
user.save()
print(ApiToken.issue(user, "load")[1])
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# with-postgres.sh starts an empty cluster: the server's database is made first.
CREATE_DATABASE = (
    'import os, psycopg; url = os.environ["ALATAU_DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"; '
    'psycopg.connect(url, autocommit=True).execute("create database alatau")'
)
WITH_POSTGRES = Path(__file__).resolve().parents[2] / "scripts" / "with-postgres.sh"


def _postgres_installed() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        assert process.poll() is None, "the server stopped before answering"
        try:
            requests.get(base + "/api/v1/regions", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Path | None]]:
    """A real server on a fresh database: the default SQLite file, or a throwaway PostgreSQL cluster."""
    if request.param == "postgresql" and not _postgres_installed():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed (.ci/run installs it)")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql)")
    var = tmp_path_factory.mktemp("var")
    port = _free_port()
    env = {**os.environ, "ALATAU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "alatau.web.settings"}
    env.pop("ALATAU_DATABASE_URL", None)
    env["ALATAU_PG_PORT"] = str(_free_port())
    django = f"{sys.executable} -m django"
    # Migrate, make the token and serve in one shell: with PostgreSQL all three run inside one
    # with-postgres.sh, which starts the cluster first and removes it when the server stops.
    script = (
        f"{django} migrate --no-input >/dev/null && {django} shell -c '{SETUP}' > {var}/token"
        f" && exec {django} runserver 127.0.0.1:{port} --noreload"
    )
    command = ["sh", "-c", script]
    if request.param == "postgresql":
        create = f"{sys.executable} -c '{CREATE_DATABASE}' && "
        command = [str(WITH_POSTGRES), "sh", "-c", create + script]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    sqlite_file = var / "alatau.sqlite3" if request.param == "sqlite" else None
    try:
        _wait_until_up(base, process)
        yield base, (var / "token").read_text().strip().splitlines()[-1], sqlite_file
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server, and with-postgres.sh, which stops its cluster
        process.wait(60)


def _person(index: int) -> dict[str, object]:
    return {"last_name": f"Racer{index}", "first_name": "Load", "birth_date": "2001-02-03", "gender": "M"}


def _page_session(base: str) -> requests.Session:
    session = requests.Session()
    login = session.get(f"{base}/en/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    assert csrf, login.text[:500]
    data = {"csrfmiddlewaretoken": csrf[1], "username": "boss", "password": "concurrent-pass-2025"}
    answer = session.post(f"{base}/en/accounts/login/", data=data, headers={"Referer": base}, timeout=30)
    assert answer.status_code == 200 and "sessionid" in session.cookies, answer.status_code
    return session


def _page_create(session: requests.Session, base: str, index: int) -> int:
    form = session.get(f"{base}/en/registry/people/new/", timeout=60)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert csrf
    data = {**_person(index), "csrfmiddlewaretoken": csrf[1], "nationality": "KAZ", "is_athlete": "on"}
    url = f"{base}/en/registry/people/new/"
    answer = session.post(url, data=data, headers={"Referer": base}, timeout=60, allow_redirects=False)
    return answer.status_code


def test_twenty_concurrent_writes_through_api_and_pages(server: tuple[str, str, Path | None]) -> None:
    base, token, sqlite_file = server
    api = {"Authorization": f"Bearer {token}"}
    target = requests.post(f"{base}/api/v1/people", json=_person(0), headers=api, timeout=30).json()["id"]
    sessions = [_page_session(base) for _ in range(2)]

    def write(index: int) -> int:
        if index % 4 == 0:  # the pages
            return _page_create(sessions[index % 2], base, index)
        if index % 4 == 1:  # many PATCHes of one person
            body = {"phone": f"+7 700 000 {index:04d}"}
            answer = requests.patch(f"{base}/api/v1/people/{target}", json=body, headers=api, timeout=60)
        else:
            answer = requests.post(f"{base}/api/v1/people", json=_person(index), headers=api, timeout=60)
        return answer.status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(write, range(1, 21)))
    assert all(code < 500 for code in codes), codes
    assert all(code in {200, 201, 302} for code in codes), codes
    listed = requests.get(f"{base}/api/v1/people?q=Racer&limit=100", headers=api, timeout=60).json()
    names = {person["last_name"] for person in listed["items"]}
    created = {f"Racer{i}" for i in range(0, 21) if i % 4 != 1}
    assert created <= names
    if sqlite_file is not None:  # the default set-up: concurrent writers through the WAL journal
        with sqlite3.connect(sqlite_file) as db:
            assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
