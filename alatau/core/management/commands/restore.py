"""``alatau manage restore ARCHIVE [--force]``: put back the database and the uploaded files of a backup."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup`; refuses to replace existing data without --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The .tar.gz archive written by `alatau manage backup`.")
        parser.add_argument("--force", action="store_true", help="Replace the data there is now.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(Path(options["archive"]), force=options["force"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored the backup of {manifest['created']} ({manifest['engine']})")
