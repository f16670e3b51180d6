"""The race office's objects for the every-URL walk: a published event with a timed two-run GS."""

import datetime as dt
from typing import Any

from alatau.competitions import services
from alatau.competitions.models import Event
from alatau.core.models import Role, User


def extend(world: dict[str, Any]) -> None:
    organiser = User.objects.create(username="world-organiser", role=Role.ORGANISER)
    day = dt.date(2022, 1, 15)
    event = services.create_event(
        organiser, name="World Cup Almaty", place="Shymbulak", nation="KAZ", start_date=day, end_date=day,
        status=Event.Status.PUBLISHED,
    )  # fmt: skip
    race = services.create_race(
        organiser, event=event, codex="0999", discipline="GS", gender="M", category="FIS", date=day, runs=2,
        season="2021-22",
    )  # fmt: skip
    items = [{"bib": n, "name": f"RACER{n} Ras", "nation": "AUT", "fis_points": 10 + n} for n in range(1, 7)]
    services.add_entries(organiser, race, items)
    timekeeper = User.objects.create(username="world-timekeeper", role=Role.TIMEKEEPER)
    services.set_times(timekeeper, race, 1, [{"bib": n, "time": f"5{n}.10"} for n in range(1, 7)])
    services.set_times(timekeeper, race, 2, [{"bib": n, "time": f"5{n}.20"} for n in range(1, 6)])
    world["race"] = race
    world["event"] = event
    from alatau.competitions.standings import save_cup

    world["cup"] = save_cup(organiser, None, name="World Cup Almaty", season="2021-22", races=[race])
