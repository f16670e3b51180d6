"""Concurrent writers on the default SQLite set-up: a real server on a real file, 20 writes at once.

The writes go through the API (token) and through the pages (session and CSRF), on different
people and on the same person; none may answer 5xx and every one must be in the database.
"""

import os
import re
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


def _manage(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "django", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "ALATAU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "alatau.web.settings"}
    env.pop("ALATAU_DATABASE_URL", None)
    _manage(env, "migrate", "--no-input")
    token = _manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(base + "/api/v1/regions", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    try:
        yield base, token, var / "alatau.sqlite3"
    finally:
        process.terminate()
        process.wait(10)


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


def test_twenty_concurrent_writes_through_api_and_pages(server: tuple[str, str, Path]) -> None:
    base, token, database = server
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
    with sqlite3.connect(database) as db:
        names = {row[0] for row in db.execute("select last_name from registry_person")}
        mode = db.execute("pragma journal_mode").fetchone()[0]
    created = {f"Racer{i}" for i in range(0, 21) if i % 4 != 1}
    assert created <= names
    assert mode == "wal"
