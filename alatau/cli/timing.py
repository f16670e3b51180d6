"""``alatau timing …``: the live link from a timer's serial port to a race (thin face over ``alatau.timing``).

``alatau timing listen`` hands every impulse to a *feed*: a callable made for the race by a factory.
By default the race's own feed (``alatau.competitions.timingfeed``: every line into the impulse log
and onto the bibs); another with :func:`register_feed`, ``--feed module:function`` or
``ALATAU_TIMING_FEED``; ``--feed print`` prints the impulses as JSON lines and needs no database.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

import click

from alatau.errors import AlatauError, InputError
from alatau.timing import Impulse

Feed = Callable[[Impulse], None]
FeedFactory = Callable[..., Feed]
_FACTORIES: list[FeedFactory] = []


def register_feed(factory: FeedFactory) -> None:
    """Make ``factory(race_id)`` the feed of ``alatau timing listen`` (the last registered wins)."""
    _FACTORIES.append(factory)


def impulse_dict(impulse: Impulse) -> dict[str, Any]:
    """Return the impulse as JSON-ready data (times as text, to keep 1/10 000 s)."""
    return {
        "line_no": impulse.line_no,
        "channel": impulse.channel,
        "bib": impulse.bib,
        "time_of_day": str(impulse.time_of_day),
        "cleared": impulse.cleared,
        "manual": impulse.manual,
        "point": impulse.point,
        "system": impulse.system,
        "raw": impulse.raw,
    }


def print_feed(race_id: int, **options: Any) -> Feed:
    """One JSON line per impulse on stdout (``--feed print``), without touching a database."""

    def feed(impulse: Impulse) -> None:
        click.echo(json.dumps({"race": race_id, **impulse_dict(impulse)}, ensure_ascii=False))

    return feed


def race_feed(race_id: int, **options: Any) -> Feed:
    """The default feed: the race's impulse log and times (``alatau.competitions.timingfeed``)."""
    from alatau.cli.web import setup_django

    setup_django()
    from alatau.competitions.timingfeed import race_feed as make

    return make(race_id, **options)


def _factory(name: str | None) -> FeedFactory:
    name = name or os.environ.get("ALATAU_TIMING_FEED")
    if name == "print":
        return print_feed
    if not name:
        return _FACTORIES[-1] if _FACTORIES else race_feed
    module, _, attribute = name.partition(":")
    try:
        found = getattr(importlib.import_module(module), attribute or "feed")
    except (ImportError, AttributeError):
        raise InputError(f"unknown feed {name!r} (expected module:function)") from None
    if not callable(found):
        raise InputError(f"feed {name!r} is not callable")
    return found  # type: ignore[no-any-return]


@click.group()
def timing() -> None:
    """Timing devices: the live serial link to a timer."""


@timing.command()
@click.option("--race", "race_id", required=True, type=click.IntRange(min=1), help="The race to feed.")
@click.option("--device", required=True, type=click.Choice(["alge", "microgate"], case_sensitive=False))
@click.option("--port", required=True, help="Serial port, e.g. /dev/ttyUSB0.")
@click.option("--baud", default=9600, show_default=True, type=click.IntRange(min=300))
@click.option("--system", default="A", show_default=True, type=click.Choice(["A", "B"], case_sensitive=False))
@click.option("--feed", "feed_name", default=None, help="module:function making the feed; 'print' for JSON.")
@click.option(
    "--run",
    "run",
    default=None,
    type=click.IntRange(min=1),
    help="Put every impulse in this run (default: each bib's own run).",
)
@click.option("--user", "user", default=None, help="The timekeeper the times are entered as (audit log).")
def listen(
    race_id: int, device: str, port: str, baud: int, system: str, feed_name: str | None, run: int | None,
    user: str | None,
) -> None:  # fmt: skip
    """Read a timer line by line from PORT and feed each line to race ID (impulse log and times).

    Survives the cable being pulled: the port is reopened every 2 s and no line already read is lost.
    Stop with Ctrl-C.
    """
    from alatau.timing.serial import Port, open_serial
    from alatau.timing.serial import listen as listen_port

    def say(text: str) -> None:
        click.echo(text, err=True)

    options = {"run": run, "user": user, "device": device.lower(), "system": system.upper(), "report": say}
    feed = _factory(feed_name)(race_id, **options)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def report(line_no: int, raw: str, error: AlatauError) -> None:
        click.echo(
            f"line {line_no}: {error} (raw {raw!r})" if str(error)[:5] != "line " else str(error), err=True
        )

    def connect(path: str, rate: int) -> Port:
        opened = open_serial(path, rate)  # pyserial flushes the input on opening: only now is it listening
        say(f"listening on {path} at {rate} baud")
        return opened

    on_line = getattr(feed, "on_line", None)
    try:
        fed = listen_port(
            port,
            device.lower(),
            baud,
            feed,
            system=system.upper(),
            on_error=report,
            stop=stop,
            on_line=on_line,
            opener=connect,
        )
    except KeyboardInterrupt:
        stop.set()
        fed = -1
    drain = getattr(feed, "drain", None)
    if drain is not None and not drain():
        say(f"{len(getattr(feed, 'backlog', ()))} lines read could not be stored")
    click.echo(f"stopped listening on {port}" + (f" ({fed} impulses)" if fed >= 0 else ""), err=True)
