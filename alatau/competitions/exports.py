"""The race's files: the FIS results XML (engine) and the Timing Report XML.

The Timing Report XML is built by :mod:`alatau.competitions.timingreport` (engine ``alatau.timing.report``)
from the per-race timing form and the stored times.
"""

from __future__ import annotations

from alatau.competitions import scoring
from alatau.competitions.models import Race
from alatau.fis.seasons import get_season
from alatau.fis.xmlexport import race_info, results_of
from alatau.fis.xmlresults import Course, JuryMember, Person, RaceHeader, normalise_codex, to_xml

_JURY = (("td", "TechnicalDelegate"), ("chief_of_race", "ChiefRace"), ("referee", "Referee"),
         ("assistant_referee", "AssistantReferee"))  # fmt: skip


def _jury(race: Race) -> list[JuryMember]:
    members = []
    for field, function in _JURY:
        person = getattr(race, field)
        if person is not None:
            number = person.fis_code or "" if field == "td" else ""
            members.append(
                JuryMember(function, person.last_name.upper(), person.first_name, person.nationality, number)
            )
    return members


def _course(race: Race) -> Course | None:
    run = race.run_set.filter(number=1).select_related("course_setter").first()
    if run is None or not (run.course_name or run.homologation):
        return None
    setter = run.course_setter
    who = Person(setter.last_name.upper(), setter.first_name, setter.nationality) if setter else None
    return Course(
        name=run.course_name, homologation=run.homologation, length=run.length, gates=run.gates,
        turning_gates=run.turning_gates, start_elevation=run.start_altitude,
        finish_elevation=run.finish_altitude, course_setter=who,
    )  # fmt: skip


def fis_xml(race: Race) -> tuple[str, bytes]:
    """``(<NSA><codex>.xml, its bytes)``: the results as scored now (Official once signed off)."""
    result, _notes, _pending = scoring.score(race)
    rules = get_season(race.season)
    header = RaceHeader(
        season=int(rules.name[:4]) + 1, codex=normalise_codex(race.codex), nation=race.event.nation,
        discipline=result.discipline, category=result.category, date=race.date, place=race.event.place,
        gender=race.gender, event_name=race.event.name, type="Official" if race.official else "Unofficial",
    )  # fmt: skip
    listed = race.points_list.number if race.points_list else ""
    info = race_info(result, _jury(race), course=_course(race), used_fis_list=listed)
    results = results_of(result, header, info)
    return header.file_name, to_xml(results)


def timing_report_xml(race: Race) -> bytes:
    """The FIS Timing Report XML of the race (the timing form and the stored times)."""
    from alatau.competitions.timingreport import timing_report_xml as build

    return build(race)
