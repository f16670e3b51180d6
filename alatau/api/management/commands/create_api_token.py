"""``alatau manage create_api_token USER [--name NAME]``: issue an API token and print it once."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for USER and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the token acts as")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        model = get_user_model()
        try:
            user = model.objects.get(username=options["username"])
        except model.DoesNotExist:
            raise CommandError(f"no user named {options['username']!r}") from None
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is not active")
        _, token = ApiToken.issue(user, options["name"])
        # The token alone on stdout, so that scripts can capture it; the advice goes to stderr.
        self.stdout.write(token)
        self.stderr.write(
            "Keep this token secret: it is shown only now. Send it as 'Authorization: Bearer <token>'."
        )
