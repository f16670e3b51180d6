"""The jury and the course data of a race, as the public race page and the official results print them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alatau.competitions.jury import POSITIONS
from alatau.competitions.models import Race, RaceRun
from alatau.registry.models import Person

JURY_LABELS = POSITIONS  # the jury page's positions and labels, in the order FIS prints them


@dataclass(frozen=True)
class JuryLine:
    position: str
    name: str
    fis_code: str
    nation: str


def named_jury(race: Race) -> list[JuryLine]:
    """The named jury, position by position (positions nobody holds are left out)."""
    lines = []
    for field, label in JURY_LABELS.items():
        person: Person | None = getattr(race, field)
        if person is not None:
            lines.append(JuryLine(str(label), str(person), person.fis_code or "", person.nationality or ""))
    return lines


def _metres(value: int | None) -> str:
    return "" if value is None else f"{value} m"


def _run_facts(run: RaceRun) -> list[tuple[str, str]]:
    gates = "" if run.gates is None else str(run.gates)
    if run.turning_gates is not None:
        gates = f"{gates} / {run.turning_gates}"
    setter = run.course_setter
    facts = [
        (_("Start time"), run.start_time.strftime("%H:%M") if run.start_time else ""),
        (_("Course"), run.course_name), (_("Homologation"), run.homologation),
        (_("Start altitude"), _metres(run.start_altitude)),
        (_("Finish altitude"), _metres(run.finish_altitude)),
        (_("Vertical drop"), _metres(run.vertical_drop)), (_("Length"), _metres(run.length)),
        (_("Gates / turning gates"), gates),
        (_("Course setter"), "" if setter is None else f"{setter} ({setter.nationality})"),
        (_("Forerunners"), run.forerunners), (_("Weather"), run.weather), (_("Snow"), run.snow),
        (_("Temperature"), run.temperature),
    ]  # fmt: skip
    return facts


def course_data(race: Race) -> list[dict[str, Any]]:
    """Each run with the course data stored for it (runs with none are left out)."""
    runs = []
    for run in race.run_set.select_related("course_setter").order_by("number"):
        facts = [(label, value) for label, value in _run_facts(run) if value]
        if any(label != _("Start time") for label, _value in facts):
            runs.append({"number": run.number, "facts": facts})
    return runs


def jury_rows(race: Race) -> list[list[str]]:
    """The jury as a table for the results PDF (header first; only the header when nobody is named)."""
    rows = [[_("Jury"), _("Name"), _("FIS code"), _("Nation")]]
    rows += [[line.position, line.name, line.fis_code, line.nation] for line in named_jury(race)]
    return rows


def course_rows(race: Race) -> list[list[str]]:
    """The course data, one column a run, for the results PDF (empty when none is stored)."""
    runs = course_data(race)
    if not runs:
        return []
    header = [_("Course data"), *[_("Run %(run)s") % {"run": run["number"]} for run in runs]]
    values = [dict(run["facts"]) for run in runs]
    labels = [label for label, _value in _run_facts(RaceRun()) if any(label in v for v in values)]
    return [header, *[[label, *[v.get(label, "") for v in values]] for label in labels]]
