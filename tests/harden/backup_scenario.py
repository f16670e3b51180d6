"""Back up, change the data, restore, find the old state: through the real commands on a real database.

Run by tests/harden/test_backup.py as ``python -m tests.harden.backup_scenario``, on SQLite in a
temporary folder, and under ``scripts/with-postgres.sh`` on PostgreSQL (ALATAU_DATABASE_URL set).
Prints ``backup scenario: ok`` or fails with the first difference.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ALATAU = str(Path(sys.executable).with_name("alatau"))
PEOPLE = (
    "from alatau.registry.models import Person; "
    "print(sorted(Person.objects.values_list('last_name', flat=True)))"
)
BEFORE = """
import datetime as dt
from alatau.registry.models import Person
Person.objects.create(last_name="Kept", first_name="Anna", birth_date=dt.date(2001, 2, 3), gender="W")
"""
AFTER = """
import datetime as dt
from alatau.registry.models import Person
Person.objects.filter(last_name="Kept").delete()
Person.objects.create(last_name="Added", first_name="Later", birth_date=dt.date(2002, 3, 4), gender="M")
"""


def run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([ALATAU, "manage", *args], env=env, capture_output=True, text=True, timeout=600)
    if ok and done.returncode != 0:
        raise AssertionError(f"{args[0]} failed: {done.stderr}")
    return done


def _create_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def scenario(var: Path) -> None:
    env = {**os.environ, "ALATAU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "alatau.web.settings"}
    if env.get("ALATAU_DATABASE_URL", "").startswith("postgres"):
        _create_database(env["ALATAU_DATABASE_URL"])
    run(env, "migrate", "--no-input", "-v0")
    run(env, "shell", "-c", BEFORE)
    (var / "media" / "news").mkdir(parents=True)
    (var / "media" / "news" / "cover.jpg").write_bytes(b"the original cover")
    archive = Path(run(env, "backup", "--dir", str(var / "backups")).stdout.strip())
    assert archive.is_file() and archive.name.startswith("alatau-") and archive.name.endswith(".tar.gz")
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no partial file left
    run(env, "shell", "-c", AFTER)
    (var / "media" / "news" / "cover.jpg").write_bytes(b"a replaced cover")
    (var / "media" / "news" / "new.jpg").write_bytes(b"uploaded after the backup")
    assert run(env, "shell", "-v0", "-c", PEOPLE).stdout.strip() == "['Added']"

    refused = run(env, "restore", str(archive), ok=False)
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "--force" in refused.stderr
    assert run(env, "shell", "-v0", "-c", PEOPLE).stdout.strip() == "['Added']"  # nothing touched

    run(env, "restore", str(archive), "--force")
    assert run(env, "shell", "-v0", "-c", PEOPLE).stdout.strip() == "['Kept']"
    assert (var / "media" / "news" / "cover.jpg").read_bytes() == b"the original cover"
    assert not (var / "media" / "news" / "new.jpg").exists()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="alatau-backup-test-") as tmp:
        scenario(Path(tmp))
    print("backup scenario: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
