"""``alatau manage refresh_licences``: the daily run that activates and expires licences by season."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.licences.services import refresh_statuses, today


class Command(BaseCommand):
    help = "Activate approved licences whose season has begun and expire those whose season has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to act as of (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError:
            raise CommandError(f"not a date (YYYY-MM-DD): {options['date']}") from None
        counts = refresh_statuses(day)
        self.stdout.write(f"{day}: {counts['activated']} activated, {counts['expired']} expired")
