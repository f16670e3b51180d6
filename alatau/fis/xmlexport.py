"""From a result file to the FIS results XML: the service behind ``alatau race xml``.

Scores the race with :func:`alatau.fis.results.score_race` (optionally with a points list that fills
missing list points and whose own season values override the season table), builds the
:mod:`alatau.fis.xmlresults` model and writes ``<NSA><codex>.xml`` atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from alatau.errors import InputError
from alatau.fis.pointslist import PointsList, read_points_list
from alatau.fis.resultfile import read_result_file
from alatau.fis.results import Entry, RaceResult, ResultLine, score_race, status_run
from alatau.fis.seasons import SeasonRules, get_season, season_names
from alatau.fis.timing import truncate
from alatau.fis.xmlresults import (
    JURY_FUNCTIONS,
    Competitor,
    Course,
    JuryMember,
    NotRanked,
    Person,
    RaceHeader,
    RaceInfo,
    RaceResults,
    Ranked,
    RunInfo,
    fis_season,
    normalise_codex,
    write_results,
)

_PERSON = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<nation>[A-Za-z]{3})\))?\s*$")
_NSA = re.compile(r"[A-Z]{3}")


def parse_person(text: str) -> Person:
    """``IVANOV Ivan (KAZ)`` → Person("IVANOV", "Ivan", "KAZ"): leading upper-case words are the last name."""
    match = _PERSON.match(text.strip())
    if match is None or not match["name"]:
        raise InputError(f"{text!r} is not a name like 'IVANOV Ivan (KAZ)'")
    words = match["name"].split()
    count = next((i for i, word in enumerate(words) if not word.isupper()), len(words)) or 1
    return Person(" ".join(words[:count]), " ".join(words[count:]), (match["nation"] or "").upper())


def jury_member(function: str, text: str, number: str = "") -> JuryMember:
    """A jury member from ``'IVANOV Ivan (KAZ)'``; ``function`` is one of :data:`JURY_FUNCTIONS`."""
    if function not in JURY_FUNCTIONS:
        raise InputError(f"unknown jury function {function!r} (expected {', '.join(JURY_FUNCTIONS)})")
    person = parse_person(text)
    return JuryMember(function, person.lastname, person.firstname, person.nation, number)


# --- the XML model of a scored race ----------------------------------------------------------------


def race_info(
    scored: RaceResult,
    jury: Iterable[JuryMember] = (),
    *,
    course: Course | None = None,
    used_fis_list: str = "",
) -> RaceInfo:
    """The raceinfo of a scored race: penalty, F-value, jury, one ``Runinfo`` per run when a course is given.

    Parameters
    ----------
    scored
        The race as :func:`alatau.fis.results.score_race` returns it.
    jury
        Its jury members.
    course
        The course, repeated for each run the race had (no ``Runinfo`` when None).
    used_fis_list
        The number of the points list the penalty was worked out with.
    """
    runs = max((len(line.entry.runs) for line in scored.lines), default=0)
    run_infos = tuple(RunInfo(n, course) for n in range(1, runs + 1)) if course is not None else ()
    return RaceInfo(
        used_fis_list=used_fis_list,
        applied_penalty=scored.penalty.applied,
        calculated_penalty=scored.penalty.calculated,
        f_value=scored.f_value,
        jury=tuple(jury),
        runs=run_infos,
        software_name="Alatau",
        software_version=_alatau_version(),
    )


def _alatau_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("alatau")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return ""


def _competitor(line: ResultLine) -> Competitor:
    lastname, firstname = line.entry.name_parts()
    return Competitor(line.entry.fis_code, lastname, firstname, line.entry.nation, line.entry.birth_year)


def _run_times(line: ResultLine) -> tuple[Decimal | None, ...]:
    # A run's net time counts in 1/100 s (ICR 611): the XML shows what the ranking used.
    return tuple(None if run is None else truncate(run) for run in line.entry.runs)


def results_of(scored: RaceResult, header: RaceHeader, info: RaceInfo | None = None) -> RaceResults:
    """The XML model of a scored race: ranked lines with times and race points, then the others.

    Parameters
    ----------
    scored
        The race as :func:`alatau.fis.results.score_race` returns it.
    header
        Its header (codex, nation, date …).
    info
        Its raceinfo; :func:`race_info` of ``scored`` when None.
    """
    ranked = tuple(
        Ranked(line.rank, line.bib, _competitor(line), _run_times(line), line.total_time, line.race_points)
        for line in scored.classified
        if line.rank is not None
    )
    not_ranked = tuple(
        NotRanked(
            line.status,
            line.bib,
            _competitor(line),
            status_run(line.status),
            line.entry.gate,
            line.entry.reason,
            _run_times(line),
        )
        for line in scored.not_classified
    )
    return RaceResults(header, info if info is not None else race_info(scored), ranked, not_ranked)


# --- the workflow ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaceXmlRequest:
    """What ``alatau race xml`` is asked for: the race header values and where to write."""

    codex: str
    nation: str
    discipline: str
    category: str
    race_date: date
    gender: str | None = None
    season: str | None = None
    place: str = ""
    event: str = ""
    result_type: str = "Official"
    jury: tuple[JuryMember, ...] = ()
    course: Course | None = None
    penalty: Decimal | None = None


@dataclass(frozen=True)
class RaceXmlExport:
    """The outcome: the file written, the scored race and the XML model."""

    path: Path
    scored: RaceResult
    results: RaceResults


def season_rules(season: str | None, race_date: date, points_list: PointsList | None = None) -> SeasonRules:
    """The rule table for a race: ``season`` if given, else the race day's season when it has a table,
    else the latest; overridden by the season values printed on ``points_list``."""
    if season is None:
        end = fis_season(race_date)
        by_date = f"{end - 1}-{end % 100:02d}"
        season = by_date if by_date in season_names() else None
    rules = get_season(season)
    if points_list is not None:
        rules = points_list.overrides.apply_to(rules, source=f"points list {points_list.header.list_id}")
    return rules


def fill_from_list(entries: Sequence[Entry], points_list: PointsList, discipline: str) -> list[Entry]:
    """The entries with list points where the result file left them empty, and birth years from the list."""
    filled = []
    for entry in entries:
        found = points_list.get(entry.fis_code) if entry.fis_code else None
        if found is not None:
            points = entry.fis_points if entry.fis_points is not None else found.points(discipline)
            entry = replace(entry, fis_points=points, birth_year=entry.birth_year or found.birthyear)
        filled.append(entry)
    return filled


def gender_from_list(entries: Sequence[Entry], points_list: PointsList | None) -> str:
    """M or W when every competitor found on the list has that gender, A when both; M without a list."""
    if points_list is None:
        return "M"
    genders = {found.gender for e in entries if e.fis_code and (found := points_list.get(e.fis_code))}
    return "A" if len(genders) > 1 else genders.pop() if genders else "M"


def export_race_xml(
    result_file: str | Path,
    request: RaceXmlRequest,
    *,
    points_list: str | Path | None = None,
    out_dir: str | Path = ".",
) -> RaceXmlExport:
    """Score the race of ``result_file`` and write its FIS results XML into ``out_dir``.

    Parameters
    ----------
    result_file
        A result CSV as read by :func:`alatau.fis.resultfile.read_result_file`.
    request
        Header values, jury, course, optional forced penalty.
    points_list
        A FIS points list (read strictly: a bad row must not silently drop a competitor's points).
    out_dir
        An existing folder; the file is ``<NSA><codex>.xml``.

    Raises
    ------
    InputError
        Any bad input: the message names the file and row or the option.
    """
    nation = request.nation.strip().upper()
    if not _NSA.fullmatch(nation):
        raise InputError(f"nation {request.nation!r} is not a three-letter NSA code")
    codex = normalise_codex(request.codex)
    entries = read_result_file(result_file)
    listed = read_points_list(points_list, strict=True) if points_list is not None else None
    rules = season_rules(request.season, request.race_date, listed)
    if listed is not None:
        entries = fill_from_list(entries, listed, request.discipline)
    scored = score_race(entries, request.discipline, request.category, rules, request.penalty)
    header = RaceHeader(
        season=int(rules.name[:4]) + 1,
        codex=codex,
        nation=nation,
        discipline=scored.discipline,
        category=scored.category,
        date=request.race_date,
        place=request.place,
        gender=(request.gender or gender_from_list(entries, listed)).upper(),
        event_name=request.event,
        type=request.result_type,
    )
    used_list = listed.header.list_id if listed else ""
    info = race_info(scored, request.jury, course=request.course, used_fis_list=used_list)
    results = results_of(scored, header, info)
    return RaceXmlExport(write_results(results, out_dir), scored, results)
