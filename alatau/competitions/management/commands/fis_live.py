"""``alatau manage fis_live RACE``: stream a race to the FIS live-timing server until stopped."""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.competitions import fislive_feed
from alatau.competitions.models import Race
from alatau.errors import AlatauError


class Command(BaseCommand):
    help = "Stream RACE to the FIS live server of its timing form, sending each new time as it is entered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("race", type=int, help="the race id")
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between looks for new times")
        parser.add_argument("--keepalive", type=float, default=300.0, help="idle seconds before a keep-alive")
        parser.add_argument(
            "--seconds", type=float, default=None, help="stop after this long (default: never)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        race = Race.objects.select_related("event").filter(pk=options["race"]).first()
        if race is None:
            raise CommandError(f"no race {options['race']}")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        if options["seconds"] is not None:
            threading.Timer(options["seconds"], stop.set).start()
        try:
            streamer = fislive_feed.stream(
                race, stop=stop, interval_s=options["interval"], keepalive_s=options["keepalive"],
                report=lambda text: self.stderr.write(text),
            )  # fmt: skip
        except AlatauError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            return
        left = len(streamer.client.pending)
        self.stderr.write(f"stopped after {streamer.client.sequence} messages ({left} not acknowledged)")
