"""Cups: season standings over a season's races, from their official results only (engine in alatau.fis).

A race counts while its current version is signed off by the TD: its places are read from that
official snapshot (never from times still being entered). A race reopened by the TD stops counting
until it is signed again. Competitors are the same person across races by FIS code, else by the
registry person, else by name and nation.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alatau.competitions.models import Cup, Entry, Race
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.errors import InputError
from alatau.fis.standings import (
    CupRace,
    CupRules,
    Placing,
    Standings,
    age_class,
    cup_standings,
    parse_age_classes,
    parse_table,
)

PUBLIC = ("published", "archived")


def manages_cups(user: Any) -> bool:
    """Admins and competition organisers set cups up."""
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.ORGANISER)


def _check(
    season: str, name: str, table: str, best_of: int | None, races: Sequence[Race], age_classes: str
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("A name is required.")]
    season = season.strip()
    if not _is_season(season):
        errors["season"] = [_("A season like 2021-22.")]
    try:
        parse_table(table)
    except InputError:
        errors["points_table"] = [_("Points by place: numbers from the winner down, e.g. 100-80-60-50.")]
    try:
        classes = parse_age_classes(age_classes)
    except InputError:
        errors["age_classes"] = [_("Age classes as NAME:OLDEST, e.g. U14:13, U16:15.")]
        classes = ()
    if best_of is not None and best_of < 1:
        errors["best_of"] = [_("At least one result counts.")]
    other = [str(r) for r in races if r.season != season]
    if other and "season" not in errors:
        errors["races"] = [_("Races of another season: %(races)s.") % {"races": ", ".join(other)}]
    if errors:
        raise InvalidData(errors)
    written = ", ".join(f"{n}:{a}" for n, a in classes)
    return {
        "name": name.strip(),
        "season": season,
        "points_table": parse_table(table).text(),
        "age_classes": written,
    }


def _is_season(text: str) -> bool:
    first, _dash, second = text.partition("-")
    return (
        (len(first), len(second)) == (4, 2)
        and (first + second).isdigit()
        and (int(first) + 1) % 100 == int(second)
    )


def save_cup(
    user: Any, cup: Cup | None, *, name: str, season: str, races: Sequence[Race], points_table: str = "",
    tie_break: str = Cup.TieBreak.COUNTBACK, drop_worst: int = 0, best_of: int | None = None,
    age_classes: str = "", rank_within_class: bool = True,
) -> Cup:  # fmt: skip
    """Create a cup (``cup`` None) or change one; audited with old → new."""
    if not manages_cups(user):
        raise NotAllowed(_("Only organisers and administrators set cups up."))
    if tie_break not in Cup.TieBreak.values:
        raise InvalidData({"tie_break": [_("Choose a tie-break.")]})
    values = _check(season, name, points_table, best_of, races, age_classes) | {
        "tie_break": tie_break, "drop_worst": drop_worst, "best_of": best_of,
        "rank_within_class": rank_within_class,
    }  # fmt: skip
    with transaction.atomic():
        made = cup is None
        cup = cup or Cup()
        before = {key: getattr(cup, key) for key in values} if not made else dict.fromkeys(values)
        before["races"] = [] if made else sorted(cup.races.values_list("pk", flat=True))
        for key, value in values.items():
            setattr(cup, key, value)
        cup.save()
        cup.races.set(races)
        after = values | {"races": sorted(r.pk for r in races)}
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        cup.log_action("created" if made else "changed", user, changes)
    return cup


def rules_of(cup: Cup) -> CupRules:
    ranked = bool(cup.age_classes) and cup.rank_within_class
    return CupRules(parse_table(cup.points_table), cup.tie_break, cup.drop_worst, cup.best_of, ranked)


def _competitor(entry: Entry) -> str:
    if entry.fis_code:
        return f"fis:{entry.fis_code}"
    if entry.person_id:
        return f"person:{entry.person_id}"
    return f"name:{entry.name.casefold()}|{entry.nation}"


def _official_places(race: Race, classes: Sequence[tuple[str, int]] = ()) -> list[Placing]:
    """The places of the race's current official version (empty while not official), with each
    competitor's age class (FIS age: the year the season ends minus the year of birth)."""
    snapshot = race.official_versions.filter(version=race.version).first() if race.official else None
    if snapshot is None:
        return []
    by_bib = {e.bib: e for e in race.entries.filter(withdrawn=False, bib__isnull=False)}
    placings = []
    for line in json.loads(snapshot.canonical)["results"]:
        entry = by_bib.get(line["bib"])
        if entry is not None:
            age = None if entry.birth_year is None else int(race.season[:4]) + 1 - entry.birth_year
            category = age_class(classes, age)
            placings.append(Placing(_competitor(entry), entry.name, entry.nation, line["rank"], category))
    return placings


@dataclass(frozen=True)
class CupTable:
    """What the cup page shows: the standings by gender and category, and the races not counted yet."""

    cup: Cup
    standings: list[Standings]
    counted: list[Race]
    waiting: list[Race]


def cup_table(cup: Cup) -> CupTable:
    """The standings now: the official races of published events count, in date order."""
    races = list(cup.races.select_related("event").order_by("date", "pk"))
    counted = [r for r in races if r.official and r.event.status in PUBLIC]
    classes = parse_age_classes(cup.age_classes)
    cup_races = [
        CupRace(str(r.pk), _label(r), r.gender, r.category, tuple(_official_places(r, classes)))
        for r in counted
    ]
    waiting = [r for r in races if r not in counted]
    return CupTable(cup, cup_standings(cup_races, rules_of(cup)), counted, waiting)


def _label(race: Race) -> str:
    return f"{race.date:%d.%m} {race.discipline} {race.event.place}"


def standings_csv(table: CupTable) -> str:
    """One row per competitor and group: gender, category, place, name, nation, total, each race's points."""
    out = io.StringIO()
    writer = csv.writer(out)
    for group in table.standings:
        head = [_("Gender"), _("Category"), _("Place"), _("Name"), _("Nation"), _("Total")]
        writer.writerow(head + [race.label for race in group.races])
        for line in group.lines:
            cells = [_score_cell(s) for s in line.scores]
            writer.writerow([group.gender, group.category, line.place, line.name, line.nation,
                             _plain(line.total), *cells])  # fmt: skip
    return out.getvalue()


def _score_cell(score: Any) -> str:
    if score is None:
        return ""
    text = _plain(score.points)
    return text if score.counted else f"({text})"


def _plain(value: Any) -> str:
    return str(int(value)) if value == value.to_integral() else str(value.normalize())
