"""``alatau manage backup [--dir DIR]``: the database and the uploaded files in one dated archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and the uploaded files to a dated archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", help="The folder for the archive (default: var/backups).")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["dir"]) if options["dir"] else Path(settings.VAR_DIR) / "backups"
        try:
            archive = create_backup(folder)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
