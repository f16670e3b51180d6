"""What a person's own page shows: their licences, certificates and race entries with results."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

from alatau.licences.models import Licence
from alatau.registry.models import Person


@dataclass
class RaceLine:
    """One race entry, with the official result where the race has one."""

    entry: Any
    rank: int | None = None
    status: str = ""
    fis_points: Any = None


@dataclass
class Records:
    person: Person
    licences: list[Licence]
    certificates: list[tuple[Any, str, str]] = field(default_factory=list)  # (certificate, status, label)
    races: list[RaceLine] = field(default_factory=list)
    education: bool = False
    competitions: bool = False


def records_of(person: Person) -> Records:
    """Everything the page shows for ``person``; apps that are not installed are left out."""
    licences = list(person.licences.select_related("club", "discipline").order_by("-season", "kind"))
    found = Records(person, licences)
    if apps.is_installed("alatau.education"):
        found.education = True
        today = timezone.localdate()
        certificates = person.certificates.select_related("programme").order_by("-issued")  # type: ignore[attr-defined]
        labels = dict(certificates.model.Status.choices)
        found.certificates = [(c, s, str(labels[s])) for c in certificates for s in [c.status_on(today)]]
    if apps.is_installed("alatau.competitions"):
        found.competitions = True
        found.races = _races(person)
    return found


def _races(person: Person) -> list[RaceLine]:
    entries = person.entries.filter(withdrawn=False).select_related("race", "race__event")  # type: ignore[attr-defined]
    lines = []
    for entry in entries.order_by("-race__date"):
        line = RaceLine(entry)
        if entry.race.official and entry.bib is not None:
            _official_result(line, entry)
        lines.append(line)
    return lines


def _official_result(line: RaceLine, entry: Any) -> None:
    """The entry's rank, status and FIS points from the race's latest signed version."""
    version = entry.race.official_versions.order_by("-version").first()
    if version is None:
        return
    results = json.loads(version.canonical).get("results", [])
    mine = next((r for r in results if r.get("bib") == entry.bib), None)
    if mine is not None:
        line.rank, line.status, line.fis_points = (
            mine.get("rank"),
            mine.get("status", ""),
            mine.get("fis_points"),
        )
