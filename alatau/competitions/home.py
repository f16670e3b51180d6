"""The home page's race block: today's races with their live results, the next ones, the latest results."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from alatau.competitions.models import Event, Race

UPCOMING = 5
RECENT = 3


def _public_races() -> QuerySet[Race]:
    return Race.objects.filter(event__status=Event.Status.PUBLISHED).select_related("event")


def race_block(today: dt.date) -> dict[str, Any]:
    """``live``: races run today (their live page); ``upcoming``: the next ones; ``results``: the latest."""
    races = _public_races()
    return {
        "live": list(races.filter(date=today).order_by("pk")),
        "races": list(races.filter(date__gt=today).order_by("date", "pk")[:UPCOMING]),
        "results": list(races.filter(date__lt=today).order_by("-date", "-pk")[:RECENT]),
    }
