"""``alatau manage backup`` and ``restore``: the old state comes back, on SQLite and on PostgreSQL."""

import glob
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("server")]
ROOT = Path(__file__).resolve().parents[2]
ALATAU = str(Path(sys.executable).with_name("alatau"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ALATAU_DATABASE_URL"}
    return {**env, "DJANGO_SETTINGS_MODULE": "alatau.web.settings", **extra}


def test_backup_change_restore_finds_the_old_state_on_sqlite() -> None:
    command = [sys.executable, "-m", "tests.harden.backup_scenario"]
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "backup scenario: ok" in done.stdout


def test_backup_change_restore_finds_the_old_state_on_postgresql() -> None:
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    scenario = [sys.executable, "-m", "tests.harden.backup_scenario"]
    command = [str(ROOT / "scripts" / "with-postgres.sh"), *scenario]
    env = _env(ALATAU_PG_PORT=port)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "backup scenario: ok" in done.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"not a tar file", "not an Alatau backup")],
    ids=["missing", "corrupt"],
)
def test_a_bad_archive_is_one_line(tmp_path: Path, content: bytes | None, expected: str) -> None:
    archive = tmp_path / "alatau-20250101-000000.tar.gz"
    if content is not None:
        archive.write_bytes(content)
    env = _env(ALATAU_VAR_DIR=str(tmp_path / "var"))
    command = [ALATAU, "manage", "restore", str(archive), "--force"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
