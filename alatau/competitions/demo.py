"""The race office part of ``alatau demo``: a signed two-run slalom and a drawn giant slalom still to run.

The competitors are the Kazakh skiers of the real FIS points list in ``../shared`` (with their list
points) and a few guests; the times come from one seeded generator, so every demo is the same race.
Everything goes through the services, so the audit log reads as if the race office had done it.
"""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from alatau.competitions import services
from alatau.competitions.demo_jury import fill_timing_form, name_demo_jury
from alatau.competitions.models import Event, Race
from alatau.core.models import User
from alatau.demo import FIS_LIST, read_kaz_athletes

SEED = 331
OVERRIDE = "Demo: licences of the season not yet renewed"
GUESTS = [
    ("UZB", "RAKHIMOV Timur"), ("KGZ", "ASANOV Bakyt"), ("RUS", "SMIRNOV Pavel"), ("CHN", "WANG Lei"),
    ("MGL", "BATBAYAR Tsogt"), ("UZB", "YUSUPOV Jasur"), ("KGZ", "SYDYKOV Emil"), ("RUS", "ORLOV Ilya"),
]  # fmt: skip


def _entries(shared_dir: Path, gender: str, discipline: str) -> list[dict[str, Any]]:
    athletes = [a for a in read_kaz_athletes(shared_dir / FIS_LIST) if a.get("Gender") == gender]
    items: list[dict[str, Any]] = []
    for row in athletes[:24]:
        points = row.get(f"{discipline}points") or None
        items.append({
            "fis_code": row["Fiscode"], "name": f"{row['Lastname']} {row['Firstname']}", "nation": "KAZ",
            "fis_points": Decimal(points) if points else None,
        })  # fmt: skip
    for number, (nation, name) in enumerate(GUESTS, start=1):
        code = f"99{1 if gender == 'M' else 2}{number:03d}"
        items.append({"fis_code": code, "name": name, "nation": nation, "fis_points": None})
    return items


def _run_times(race: Race, run: int, rng: random.Random, base: float) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for position, row in enumerate(services.start_list(race, run)):
        bib = row["bib"]
        if run == 1 and position == 3:
            items.append({"bib": bib, "status": "DNF"})
        elif run == 2 and position == 5:
            items.append({"bib": bib, "status": "DSQ", "gate": "17", "reason": "Straddled gate 17"})
        else:
            items.append({"bib": bib, "time": f"{base + position * 0.18 + rng.uniform(0, 3.5):.2f}"})
    return items


def _signed_slalom(admin: User, td: User, event: Event, day: dt.date, shared_dir: Path) -> Race:
    race = services.create_race(
        admin, event=event, codex="5012", discipline="SL", gender="M", category="FIS", date=day, runs=2,
        start_times=[dt.time(10, 0), dt.time(13, 0)],
    )  # fmt: skip
    services.add_entries(admin, race, _entries(shared_dir, "M", "SL"), override=OVERRIDE)
    name_demo_jury(admin, race)
    fill_timing_form(admin, race)
    services.draw_bibs(admin, race, seed=SEED)
    rng = random.Random(SEED)
    for run, base in ((1, 47.2), (2, 49.6)):
        services.set_times(admin, race, run, _run_times(race, run, rng, base))
    services.make_official(td, race)
    return race


def _drawn_giant_slalom(admin: User, event: Event, day: dt.date, shared_dir: Path) -> Race:
    race = services.create_race(
        admin, event=event, codex="5013", discipline="GS", gender="W", category="FIS", date=day, runs=2,
        start_times=[dt.time(10, 30), dt.time(13, 30)],
    )  # fmt: skip
    services.add_entries(admin, race, _entries(shared_dir, "W", "GS"), override=OVERRIDE)
    services.draw_bibs(admin, race, seed=SEED + 1)
    return race


def _online_slalom(admin: User, event: Event, today: dt.date, shared_dir: Path) -> Race:
    """A women's slalom open to online entries: the list of race day loaded, a manager's entries sent."""
    from django.utils import timezone

    from alatau.competitions import entries

    if (shared_dir / FIS_LIST).exists():
        start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=60)
        services.upload_points_list(
            admin, shared_dir / FIS_LIST, number="331", valid_from=start, valid_until=end
        )
    race = services.create_race(
        admin, event=event, codex="5014", discipline="SL", gender="W", category="FIS",
        date=today + dt.timedelta(days=9), runs=2, start_times=[dt.time(10, 0), dt.time(13, 0)],
    )  # fmt: skip
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    entries.set_rules(admin, race, online=True, deadline=morning + dt.timedelta(days=7), quota_per_club=4,
                      quota_per_nation=None)  # fmt: skip
    manager = User.objects.get(username="manager")
    athletes = list(entries.athletes_for(manager, race)[:5])
    if athletes:
        made = entries.request_entries(manager, race, athletes, now=morning)
        pending = [m for m in made if m.status == m.Status.PENDING]
        if pending:
            entries.confirm(admin, pending[0])
    return race


def _cup(admin: User, races: list[Race]) -> None:
    """The season's cup over both races: the official slalom counts, the giant slalom waits."""
    from alatau.competitions.standings import save_cup

    same = [race for race in races if race.season == races[0].season]
    save_cup(admin, None, name="Kazakhstan Cup", season=races[0].season, races=same)


def load_demo(today: dt.date, shared_dir: Path) -> str:
    admin, td = User.objects.get(username="admin"), User.objects.get(username="td")
    event = services.create_event(
        admin, name="Shymbulak FIS Races", place="Shymbulak, Almaty", nation="KAZ",
        start_date=today - dt.timedelta(days=10), end_date=today + dt.timedelta(days=10),
        status=Event.Status.PUBLISHED,
    )  # fmt: skip
    event.organisers.add(User.objects.get(username="organiser"))
    signed = _signed_slalom(admin, td, event, today - dt.timedelta(days=10), shared_dir)
    drawn = _drawn_giant_slalom(admin, event, today + dt.timedelta(days=10), shared_dir)
    _online_slalom(admin, event, today, shared_dir)
    _cup(admin, [signed, drawn])
    return (
        f"races: 1 event, an official slalom ({signed.entries.count()} starters), a drawn giant slalom,"
        " a slalom open to online entries and the season's cup"
    )
