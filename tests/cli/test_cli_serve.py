"""``alatau serve`` (what ``make run`` starts) runs the study worker beside the server, and stops it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from alatau.cli import main, web


@pytest.fixture(autouse=True)
def debug_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests run with DEBUG off and the public key, which `serve` refuses (tested elsewhere)."""
    monkeypatch.setattr("alatau.web.security.unsafe_production_reason", lambda: None)
    # pytest-django turns DEBUG off, which would make `serve` collect static files and exec gunicorn
    # in place of this very process: these tests are about the development server.
    monkeypatch.setattr("alatau.web.server.collect_static", lambda: None)
    monkeypatch.setattr("alatau.web.server.exec_gunicorn", lambda *a: pytest.fail("gunicorn was started"))


def test_serve_runs_the_study_worker_and_stops_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALATAU_VAR_DIR", str(tmp_path))  # the worker's own database, never the project's
    started: list[subprocess.Popen[bytes]] = []
    real_start = web.start_worker

    def start() -> subprocess.Popen[bytes]:
        started.append(real_start())
        return started[-1]

    seen: dict[str, Any] = {}

    def runserver(name: str, address: str, **options: Any) -> None:
        seen.update(name=name, address=address, worker_alive=started[0].poll() is None)

    monkeypatch.setattr(web, "start_worker", start)
    monkeypatch.setattr("django.core.management.call_command", runserver)
    result = CliRunner().invoke(main, ["serve", "--development", "--port", "8799"])
    assert result.exit_code == 0, result.output
    assert seen == {"name": "runserver", "address": "127.0.0.1:8799", "worker_alive": True}
    assert started[0].args[-3:] == ["manage", "db_worker", "--no-reload"]
    assert started[0].poll() is not None  # the server's end stopped it


def test_no_worker_serves_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web, "start_worker", lambda: pytest.fail("no worker was asked for"))
    monkeypatch.setattr("django.core.management.call_command", lambda *args, **options: None)
    assert CliRunner().invoke(main, ["serve", "--development", "--no-worker"]).exit_code == 0
