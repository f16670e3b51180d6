"""Verify an Open Badges 3.0 certificate credential offline, with the federation's public key."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.education import badges, vc


def _read_json(path: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: {error}") from error
    if not isinstance(document, dict):
        raise CommandError(f"{path}: not a JSON object")
    return document


class Command(BaseCommand):
    help = (
        "Verify a certificate's Open Badges credential (badge-*.json) with the federation's public key "
        "(PEM or did.json); with --status-list files, also revocation and suspension. Exit 1 if not valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("credential", help="The credential JSON file.")
        parser.add_argument("--key", help="The public key: PEM or did.json (default: this site's).")
        parser.add_argument("--status-list", action="append", default=[], help="A downloaded status list.")
        parser.add_argument("--date", help="Check as of this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        credential = _read_json(options["credential"])
        try:
            key = badges.load_public_key(Path(options["key"]).read_bytes()) if options["key"] else None
            day = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except (OSError, ValueError, KeyError, IndexError) as error:
            raise CommandError(f"--key/--date: {error}") from error
        lists = {doc.get("id", ""): doc for doc in map(_read_json, options["status_list"])}
        moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if day else None
        result = vc.verify(credential, key or badges.public_key(), status_lists=lists, on=moment)
        self.stdout.write(f"{result.status}: {result.detail}")
        if not result.verified:
            raise CommandError(f"not verified ({result.status})", returncode=1)
