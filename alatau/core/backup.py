"""Backups: the database (SQLite's online backup, or ``pg_dump``) and the uploaded files, in a dated archive.

An archive ``alatau-YYYYMMDD-HHMMSS.tar.gz`` holds ``manifest.json``, ``database.sqlite3`` or
``database.pgdump`` (custom format), and ``media/``. It is written under a temporary name in
the target folder and renamed when complete, so a folder never holds half an archive. A restore
refuses to replace a database that holds data, or uploaded files, unless forced.
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from alatau.errors import InputError

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(InputError):
    """A backup or restore that cannot be done; the message says why, in one line."""


def _database() -> dict[str, Any]:
    return dict(connections["default"].settings_dict)


def _engine() -> str:
    engine = str(_database()["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = _database()
    args = ["--dbname", str(db["NAME"])]
    args += ["--host", str(db["HOST"])] if db.get("HOST") else []
    args += ["--port", str(db["PORT"])] if db.get("PORT") else []
    args += ["--username", str(db["USER"])] if db.get("USER") else []
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)") from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{command[0]}: {last}")


def _dump_database(folder: Path) -> str:
    """The database into ``folder``; its file name."""
    if _engine() == "sqlite":
        source = sqlite3.connect(str(_database()["NAME"]))
        target = sqlite3.connect(folder / SQLITE_NAME)
        try:
            with target:
                source.backup(target)  # online: a consistent copy while the server goes on writing
        finally:
            target.close()
            source.close()
        return SQLITE_NAME
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / PG_NAME), *args], env)
    return PG_NAME


def create_backup(directory: Path, now: dt.datetime | None = None) -> Path:
    """Write the archive into ``directory`` (made if missing); return its path."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"alatau-{stamp}.tar.gz"
    if final.exists():
        raise BackupError(f"{final} already exists")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="alatau-backup-") as tmp:
        database = _dump_database(Path(tmp))
        manifest = {"format": FORMAT, "created": stamp, "engine": _engine(), "database": database}
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = directory / f".{final.name}.partial"
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(Path(tmp) / "manifest.json", "manifest.json")
                archive.add(Path(tmp) / database, database)
                _add_media(archive, media)
            with open(partial, "rb") as written:
                os.fsync(written.fileno())
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
    return final


def _add_media(archive: tarfile.TarFile, media: Path) -> None:
    """The uploaded files under ``media/``; an empty ``media/`` when there are none yet."""
    if media.is_dir():
        archive.add(media, "media")
        return
    entry = tarfile.TarInfo("media")
    entry.type, entry.mode = tarfile.DIRTYPE, 0o755
    archive.addfile(entry)


def _read_archive(archive_path: Path, into: Path) -> dict[str, Any]:
    if not archive_path.is_file():
        raise BackupError(f"{archive_path}: no such file")
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(into, filter="data")  # no absolute paths, links out or devices
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive_path}: not an Alatau backup ({error})") from error
    try:
        manifest: dict[str, Any] = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive_path}: not an Alatau backup (no manifest)") from error
    if manifest.get("format") != FORMAT or not (into / str(manifest.get("database"))).is_file():
        raise BackupError(f"{archive_path}: not an Alatau backup of format {FORMAT}")
    if manifest.get("engine") != _engine():
        raise BackupError(f"{archive_path} holds a {manifest.get('engine')} database, this is {_engine()}")
    return manifest


def _holds_data() -> bool:
    from alatau.core.models import User
    from alatau.registry.models import Person

    try:
        found = User.objects.exists() or Person.objects.exists()
    except Exception:  # no tables yet: nothing to lose
        found = False
    media = Path(settings.MEDIA_ROOT)
    return found or (media.is_dir() and any(p.is_file() for p in media.rglob("*")))


def restore_backup(archive_path: Path, force: bool = False) -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's; its manifest."""
    if not force and _holds_data():
        raise BackupError("the database or the media folder already holds data: add --force to replace them")
    with tempfile.TemporaryDirectory(prefix="alatau-restore-") as tmp:
        manifest = _read_archive(archive_path, Path(tmp))
        connections.close_all()
        if manifest["engine"] == "sqlite":
            _restore_sqlite(Path(tmp) / SQLITE_NAME)
        else:
            args, env = _pg_env()
            command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
            _run([*command, str(Path(tmp) / PG_NAME)], env)
        _swap_media(Path(tmp) / "media")
    return manifest


def _restore_sqlite(copy: Path) -> None:
    """SQLite's backup API, from the archive's copy into the live file: one write transaction."""
    source = sqlite3.connect(copy)
    target = sqlite3.connect(str(_database()["NAME"]), timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _swap_media(restored: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staged = media.with_name(f".{media.name}.restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if restored.is_dir():
        shutil.copytree(restored, staged)
    else:
        staged.mkdir()
    old = media.with_name(f".{media.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        os.replace(media, old)
    os.replace(staged, media)
    shutil.rmtree(old, ignore_errors=True)
