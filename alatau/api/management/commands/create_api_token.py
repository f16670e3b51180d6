"""``alatau manage create_api_token USER [--name N] [--expires 30d] [--read-only]``: issue a token once."""

import datetime as dt
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alatau.api.models import ApiToken

#: ``30d``, ``12h``, ``2w``, ``90m``: how long the token lives.
DURATION = re.compile(r"(\d{1,6})([mhdw])")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
#: At most ten years ahead: beyond that, issue a token without expiry on purpose.
LONGEST = dt.timedelta(days=3653)


def expiry(text: str, now: dt.datetime) -> dt.datetime:
    """When a token given ``--expires TEXT`` at ``now`` stops working: a duration or an ISO date."""
    found = DURATION.fullmatch(text.strip().lower())
    if found:
        delta = dt.timedelta(**{UNITS[found.group(2)]: int(found.group(1))})
        if not dt.timedelta(0) < delta <= LONGEST:
            raise CommandError(f"--expires {text!r}: between one minute and ten years")
        return now + delta
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--expires {text!r}: give a duration (30d, 12h, 2w) or a date (2027-06-30)"
        ) from None
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    if not now < moment <= now + LONGEST:
        raise CommandError(f"--expires {text!r}: the date must lie in the next ten years")
    return moment


class Command(BaseCommand):
    help = "Issue an API token for USER and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the token acts as")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument(
            "--expires", help="lifetime (30d, 12h, 2w) or last day (2027-06-30); none by default"
        )
        parser.add_argument("--read-only", action="store_true", help="the token reads, and never writes")

    def handle(self, *args: Any, **options: Any) -> None:
        model = get_user_model()
        try:
            user = model.objects.get(username=options["username"])
        except model.DoesNotExist:
            raise CommandError(f"no user named {options['username']!r}") from None
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is not active")
        expires_at = expiry(options["expires"], timezone.now()) if options["expires"] else None
        _, token = ApiToken.issue(
            user, options["name"], expires_at=expires_at, read_only=options["read_only"]
        )
        # The token alone on stdout, so that scripts can capture it; the advice goes to stderr.
        self.stdout.write(token)
        scope = "read-only" if options["read_only"] else "reads and writes"
        until = f"until {expires_at.isoformat(timespec='minutes')}" if expires_at else "without expiry"
        self.stderr.write(
            f"Token ({scope}, {until}): keep it secret, it is shown only now."
            " Send it as 'Authorization: Bearer <token>'."
        )
