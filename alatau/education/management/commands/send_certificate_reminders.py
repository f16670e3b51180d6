"""Daily timer: e-mail holders whose certificates expire in 90, 30 or 7 days (each reminder once)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.education.services import send_reminders, today


class Command(BaseCommand):
    help = "Send certificate expiry reminders (90, 30 and 7 days before); safe to run every day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to act as today (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        sent = send_reminders(day)
        self.stdout.write(f"{sent} reminder(s) sent.")
