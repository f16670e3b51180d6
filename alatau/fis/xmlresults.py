"""FIS alpine results XML (FIS data exchange, digest §7): dataclasses, writer and reader.

Layout written (the spelling of the digest; FIS documents vary in capitalisation, so the reader
matches element and attribute names case-insensitively)::

    Fisresults
      Raceheader Sector="AL" Gender="M|W|A"
        Season Codex Nation Discipline Category Type Racedate{Day Month Year} Place Eventname
      AL_race
        AL_raceinfo
          Usedfislist Appliedpenalty Calculatedpenalty Fvalue
          Jury Function="TechnicalDelegate|ChiefRace|Referee|AssistantReferee"
               {Number Lastname Firstname Nation}
          Runinfo No="1" {Course{Name Homologation Length Gates Turninggates Startelev Finishelev
                                 Coursesetter{Lastname Firstname Nation} Forerunner Order="A"{…}} Starttime}
          Timingby Dataprocessingby Softwarename Softwareversion
        AL_classified
          AL_ranked Status="QLF" {Rank Bib Competitor{Fiscode Lastname Firstname Nation Yearofbirth}
                                  AL_result{Timerun1 Timerun2 Timerun3 Totaltime Racepoints}}
        AL_notclassified
          AL_notranked Status="DNF1" {Run Bib Competitor Gate Reason AL_result{Timerun1 …}}

Times are written as FIS writes them (``54.82``, ``1:02.34``, ``1:02:03.45``) without losing any
decimal a time carries; points and penalties are :class:`~decimal.Decimal`. Empty text and None are
not written, and an absent element reads back as empty text or None, so a write → read round trip
gives back an equal :class:`RaceResults`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from alatau.errors import InputError
from alatau.files import atomic_output
from alatau.fis.timing import layout_time, parse_time

JURY_FUNCTIONS: tuple[str, ...] = ("TechnicalDelegate", "ChiefRace", "Referee", "AssistantReferee")
"""The jury functions of an alpine race, as the XML spells them."""

GENDERS: tuple[str, ...] = ("M", "W", "A")
RESULT_TYPES: tuple[str, ...] = ("Startlist", "Partial", "Unofficial", "Official")
MAX_RUNS = 3

_CODEX = re.compile(r"\d{1,6}")
_NATION = re.compile(r"[A-Z]{3}")
_NOT_RANKED_STATUS = re.compile(r"(DNS|DNF|DSQ|DNQ|NPS|DQO|DPO)[1-4]?")
# Characters XML 1.0 cannot carry, and CR (parsers turn it into LF): refused so that nothing is lost.
_NOT_XML = re.compile("[\x00-\x08\x0b-\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --- the model -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A course setter (or any official without a function attribute)."""

    lastname: str
    firstname: str = ""
    nation: str = ""


@dataclass(frozen=True)
class JuryMember:
    """A jury member; ``number`` is the Technical Delegate's FIS number."""

    function: str
    lastname: str
    firstname: str = ""
    nation: str = ""
    number: str = ""


@dataclass(frozen=True)
class Forerunner:
    """A forerunner of a run, in starting ``order`` (``A``, ``B`` … or ``1``, ``2`` …)."""

    order: str
    lastname: str
    firstname: str = ""
    nation: str = ""


@dataclass(frozen=True)
class Course:
    """The course of one run: homologation, length (m), gates, elevations (m), setter, forerunners."""

    name: str = ""
    homologation: str = ""
    length: int | None = None
    gates: int | None = None
    turning_gates: int | None = None
    start_elevation: int | None = None
    finish_elevation: int | None = None
    course_setter: Person | None = None
    forerunners: tuple[Forerunner, ...] = ()

    @property
    def vertical_drop(self) -> int | None:
        """Start minus finish elevation, when both are known."""
        if self.start_elevation is None or self.finish_elevation is None:
            return None
        return self.start_elevation - self.finish_elevation


@dataclass(frozen=True)
class RunInfo:
    """One run: its number, course and start time of day as printed (``10:30``)."""

    number: int
    course: Course = field(default_factory=Course)
    start_time: str = ""


@dataclass(frozen=True)
class RaceHeader:
    """The race identity: season (its end year, 2022 for 2021/22), codex, organising nation …"""

    season: int
    codex: str
    nation: str
    discipline: str
    category: str
    date: date
    place: str = ""
    gender: str = "M"
    event_name: str = ""
    type: str = "Official"
    sector: str = "AL"

    @property
    def file_name(self) -> str:
        """``<NSA code><codex>.xml``, e.g. ``KAZ0123.xml``."""
        return f"{self.nation}{self.codex}.xml"


@dataclass(frozen=True)
class RaceInfo:
    """Technical data of the race: list used, penalty, F-value, jury, runs, timing and software."""

    used_fis_list: str = ""
    applied_penalty: Decimal | None = None
    calculated_penalty: Decimal | None = None
    f_value: Decimal | None = None
    jury: tuple[JuryMember, ...] = ()
    runs: tuple[RunInfo, ...] = ()
    timing_by: str = ""
    data_processing_by: str = ""
    software_name: str = ""
    software_version: str = ""


@dataclass(frozen=True)
class Competitor:
    """A competitor as the XML identifies them."""

    fiscode: str
    lastname: str
    firstname: str = ""
    nation: str = ""
    year_of_birth: int | None = None


def _trimmed(times: tuple[Decimal | None, ...]) -> tuple[Decimal | None, ...]:
    """Drop trailing missing runs: ``(t1, None)`` and ``(t1,)`` are the same result."""
    end = len(times)
    while end and times[end - 1] is None:
        end -= 1
    return tuple(times[:end])


@dataclass(frozen=True)
class Ranked:
    """A classified competitor (status QLF)."""

    rank: int
    bib: int
    competitor: Competitor
    run_times: tuple[Decimal | None, ...] = ()
    total_time: Decimal | None = None
    race_points: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_times", _trimmed(tuple(self.run_times)))

    @property
    def status(self) -> str:
        """Always ``QLF``."""
        return "QLF"


@dataclass(frozen=True)
class NotRanked:
    """A competitor not classified: status (``DNF1``, ``DSQ2`` …), run, gate and reason of a DSQ."""

    status: str
    bib: int
    competitor: Competitor
    run: int | None = None
    gate: str = ""
    reason: str = ""
    run_times: tuple[Decimal | None, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_times", _trimmed(tuple(self.run_times)))


@dataclass(frozen=True)
class RaceResults:
    """A whole results file."""

    header: RaceHeader
    info: RaceInfo = field(default_factory=RaceInfo)
    ranked: tuple[Ranked, ...] = ()
    not_ranked: tuple[NotRanked, ...] = ()

    @property
    def file_name(self) -> str:
        """``<NSA code><codex>.xml``."""
        return self.header.file_name


def fis_season(day: date) -> int:
    """The FIS season of a date: July 2021 – June 2022 is season 2022."""
    return day.year + 1 if day.month >= 7 else day.year


def normalise_codex(codex: str | int) -> str:
    """A codex as FIS writes it: digits, at least four (``123`` → ``0123``)."""
    text = str(codex).strip()
    if not _CODEX.fullmatch(text):
        raise InputError(f"codex {codex!r} is not a FIS codex number")
    return text.zfill(4)


# --- times and numbers as text ---------------------------------------------------------------------


def format_time(seconds: Decimal) -> str:
    """``54.82``, ``1:02.34``, ``1:02:03.45``; at least two decimals, more when the time has them."""
    if not seconds.is_finite() or seconds < 0:
        raise InputError(f"time {seconds} is not a race time")
    exponent = seconds.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 0)
    whole_text, fraction = f"{seconds:.{places}f}".split(".")
    return layout_time(int(whole_text), fraction)


def _number_text(value: Decimal) -> str:
    if not value.is_finite():
        raise InputError(f"{value} is not a number")
    return f"{value:f}"


# --- writer ----------------------------------------------------------------------------------------


def _check_text(value: str, where: str) -> str:
    if _NOT_XML.search(value):
        raise InputError(f"{where}: text {value!r} holds a control character that XML cannot carry")
    return value


def _put(parent: ET.Element, tag: str, value: object) -> None:
    """Append ``<tag>value</tag>`` unless the value is None or empty text."""
    if value is None or value == "":
        return
    text = _number_text(value) if isinstance(value, Decimal) else _check_text(str(value), tag)
    ET.SubElement(parent, tag).text = text


# Simple children, in the order written: (element, attribute, kind). The reader uses the same tables.
_Fields = tuple[tuple[str, str, str], ...]
_PERSON_FIELDS: _Fields = (
    ("Lastname", "lastname", "text"),
    ("Firstname", "firstname", "text"),
    ("Nation", "nation", "text"),
)
_COURSE_FIELDS: _Fields = (
    ("Name", "name", "text"),
    ("Homologation", "homologation", "text"),
    ("Length", "length", "int"),
    ("Gates", "gates", "int"),
    ("Turninggates", "turning_gates", "int"),
    ("Startelev", "start_elevation", "int"),
    ("Finishelev", "finish_elevation", "int"),
)
_INFO_HEAD: _Fields = (
    ("Usedfislist", "used_fis_list", "text"),
    ("Appliedpenalty", "applied_penalty", "decimal"),
    ("Calculatedpenalty", "calculated_penalty", "decimal"),
    ("Fvalue", "f_value", "decimal"),
)
_INFO_TAIL: _Fields = (
    ("Timingby", "timing_by", "text"),
    ("Dataprocessingby", "data_processing_by", "text"),
    ("Softwarename", "software_name", "text"),
    ("Softwareversion", "software_version", "text"),
)


def _put_fields(parent: ET.Element, item: object, fields: _Fields) -> None:
    for tag, attribute, _kind in fields:
        _put(parent, tag, getattr(item, attribute))


def _check_header(header: RaceHeader) -> None:
    normalise_codex(header.codex)
    if not _NATION.fullmatch(header.nation):
        raise InputError(f"nation {header.nation!r} is not a three-letter FIS code")
    if header.gender not in GENDERS:
        raise InputError(f"gender {header.gender!r} is not M, W or A")
    if not header.discipline.strip() or not header.category.strip():
        raise InputError("a race header needs a discipline and a category")


def _header_element(header: RaceHeader) -> ET.Element:
    _check_header(header)
    element = ET.Element("Raceheader", {"Sector": header.sector, "Gender": header.gender})
    for tag, value in (
        ("Season", header.season),
        ("Codex", header.codex),
        ("Nation", header.nation),
        ("Discipline", header.discipline),
        ("Category", header.category),
        ("Type", header.type),
    ):
        _put(element, tag, value)
    racedate = ET.SubElement(element, "Racedate")
    for tag, number in (("Day", header.date.day), ("Month", header.date.month), ("Year", header.date.year)):
        _put(racedate, tag, number)
    _put(element, "Place", header.place)
    _put(element, "Eventname", header.event_name)
    return element


def _course_element(course: Course) -> ET.Element:
    element = ET.Element("Course")
    _put_fields(element, course, _COURSE_FIELDS)
    if course.course_setter is not None:
        _put_fields(ET.SubElement(element, "Coursesetter"), course.course_setter, _PERSON_FIELDS)
    for runner in course.forerunners:
        forerunner = ET.SubElement(element, "Forerunner", {"Order": _check_text(runner.order, "Forerunner")})
        _put_fields(forerunner, runner, _PERSON_FIELDS)
    return element


def _info_element(info: RaceInfo, sector: str) -> ET.Element:
    element = ET.Element(f"{sector}_raceinfo")
    _put_fields(element, info, _INFO_HEAD)
    for member in info.jury:
        jury = ET.SubElement(element, "Jury", {"Function": _check_text(member.function, "Jury")})
        _put(jury, "Number", member.number)
        _put_fields(jury, member, _PERSON_FIELDS)
    for run in info.runs:
        runinfo = ET.SubElement(element, "Runinfo", {"No": str(run.number)})
        runinfo.append(_course_element(run.course))
        _put(runinfo, "Starttime", run.start_time)
    _put_fields(element, info, _INFO_TAIL)
    return element


def _competitor_element(competitor: Competitor) -> ET.Element:
    element = ET.Element("Competitor")
    _put(element, "Fiscode", competitor.fiscode)
    _put_fields(element, competitor, _PERSON_FIELDS)
    _put(element, "Yearofbirth", competitor.year_of_birth)
    return element


def _result_element(
    sector: str, times: tuple[Decimal | None, ...], total: Decimal | None, points: Decimal | None
) -> ET.Element | None:
    element = ET.Element(f"{sector}_result")
    if len(times) > MAX_RUNS:
        raise InputError(f"{len(times)} runs: the XML has at most {MAX_RUNS}")
    for number, time in enumerate(times, start=1):
        if time is not None:
            _put(element, f"Timerun{number}", format_time(time))
    if total is not None:
        _put(element, "Totaltime", format_time(total))
    _put(element, "Racepoints", points)
    return element if len(element) else None


def _ranked_element(sector: str, line: Ranked) -> ET.Element:
    element = ET.Element(f"{sector}_ranked", {"Status": "QLF"})
    _put(element, "Rank", line.rank)
    _put(element, "Bib", line.bib)
    element.append(_competitor_element(line.competitor))
    result = _result_element(sector, line.run_times, line.total_time, line.race_points)
    if result is not None:
        element.append(result)
    return element


def _not_ranked_element(sector: str, line: NotRanked) -> ET.Element:
    if not _NOT_RANKED_STATUS.fullmatch(line.status):
        raise InputError(f"bib {line.bib}: status {line.status!r} is not a not-classified status")
    element = ET.Element(f"{sector}_notranked", {"Status": line.status})
    _put(element, "Run", line.run)
    _put(element, "Bib", line.bib)
    element.append(_competitor_element(line.competitor))
    _put(element, "Gate", line.gate)
    _put(element, "Reason", line.reason)
    result = _result_element(sector, line.run_times, None, None)
    if result is not None:
        element.append(result)
    return element


def results_element(results: RaceResults) -> ET.Element:
    """The ``Fisresults`` element tree of ``results``."""
    sector = results.header.sector
    root = ET.Element("Fisresults")
    root.append(_header_element(results.header))
    race = ET.SubElement(root, f"{sector}_race")
    race.append(_info_element(results.info, sector))
    classified = ET.SubElement(race, f"{sector}_classified")
    classified.extend([_ranked_element(sector, line) for line in results.ranked])
    not_classified = ET.SubElement(race, f"{sector}_notclassified")
    not_classified.extend([_not_ranked_element(sector, line) for line in results.not_ranked])
    return root


def to_xml(results: RaceResults) -> bytes:
    """The results as a UTF-8 XML document with its declaration, indented two spaces.

    Raises
    ------
    InputError
        When a header value is malformed or a text holds a character XML cannot carry.
    """
    root = results_element(results)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def write_results(results: RaceResults, out_dir: str | Path = ".") -> Path:
    """Write ``<NSA><codex>.xml`` into ``out_dir`` atomically (temporary file, then rename).

    Parameters
    ----------
    results
        The race to write.
    out_dir
        An existing folder.

    Returns
    -------
    Path
        The file written.
    """
    folder = Path(out_dir)
    if not folder.is_dir():
        raise InputError(f"output folder {folder} does not exist")
    data = to_xml(results)  # fails before anything is created
    target = folder / results.file_name
    try:
        with atomic_output(target) as temporary:
            temporary.write_bytes(data)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}") from None
    return target


# --- reader ----------------------------------------------------------------------------------------


def _lowercase(element: ET.Element) -> None:
    """Make every tag and attribute name lower-case, so that lookups ignore FIS's varying spelling."""
    for node in element.iter():
        node.tag = node.tag.lower() if isinstance(node.tag, str) else node.tag
        if node.attrib:
            node.attrib = {name.lower(): value for name, value in node.attrib.items()}


def _child(parent: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        found = parent.find(name)
        if found is not None:
            return found
    return None


def _text(parent: ET.Element | None, *names: str) -> str:
    node = None if parent is None else _child(parent, *names)
    return "" if node is None or node.text is None else node.text


def _int(parent: ET.Element | None, name: str, where: str) -> int | None:
    text = _text(parent, name).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{where}: {name.capitalize()} {text!r} is not a whole number") from None


def _required_int(parent: ET.Element | None, name: str, where: str) -> int:
    value = _int(parent, name, where)
    if value is None:
        raise InputError(f"{where}: {name.capitalize()} is missing")
    return value


def _decimal(parent: ET.Element | None, name: str, where: str) -> Decimal | None:
    text = _text(parent, name).strip()
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(f"{where}: {name.capitalize()} {text!r} is not a number") from None
    if not value.is_finite():
        raise InputError(f"{where}: {name.capitalize()} {text!r} is not a number")
    return value


def _time(parent: ET.Element | None, name: str, where: str) -> Decimal | None:
    text = _text(parent, name).strip()
    if not text:
        return None
    try:
        return parse_time(text)
    except InputError as error:
        raise InputError(f"{where}: {name.capitalize()}: {error}") from None


def _read_date(header: ET.Element) -> date:
    racedate = _child(header, "racedate")
    day, month = _required_int(racedate, "day", "Racedate"), _required_int(racedate, "month", "Racedate")
    try:
        return date(_required_int(racedate, "year", "Racedate"), month, day)
    except ValueError as error:
        raise InputError(f"Racedate: {error}") from None


def _read_gender(header: ET.Element) -> str:
    # Before version 1.9 the attribute was Sex, with L for ladies.
    raw = header.get("gender") or header.get("sex") or "M"
    gender = {"L": "W", "F": "W"}.get(raw.strip().upper(), raw.strip().upper())
    if gender not in GENDERS:
        raise InputError(f"Raceheader: gender {raw!r} is not M, W or A")
    return gender


def _read_header(header: ET.Element) -> RaceHeader:
    codex = _text(header, "codex").strip()
    if not codex:
        raise InputError("Raceheader: Codex is missing")
    return RaceHeader(
        season=_required_int(header, "season", "Raceheader"),
        codex=normalise_codex(codex),
        nation=_text(header, "nation").strip(),
        discipline=_text(header, "discipline").strip(),
        category=_text(header, "category").strip(),
        date=_read_date(header),
        place=_text(header, "place"),
        gender=_read_gender(header),
        event_name=_text(header, "eventname"),
        type=_text(header, "type").strip() or "Official",
        sector=(header.get("sector") or "AL").strip().upper(),
    )


def _read_jury(node: ET.Element) -> JuryMember:
    # Older files prefix the children with Jury (Jurylastname …).
    return JuryMember(
        function=node.get("function", ""),
        lastname=_text(node, "lastname", "jurylastname"),
        firstname=_text(node, "firstname", "juryfirstname"),
        nation=_text(node, "nation", "jurynation"),
        number=_text(node, "number", "jurynumber"),
    )


def _read_fields(node: ET.Element, fields: _Fields, where: str) -> dict[str, object]:
    readers = {"text": lambda n, tag, _w: _text(n, tag), "int": _int, "decimal": _decimal}
    return {attribute: readers[kind](node, tag.lower(), where) for tag, attribute, kind in fields}


def _read_person(node: ET.Element | None) -> Person | None:
    return None if node is None else Person(**_read_fields(node, _PERSON_FIELDS, "person"))  # type: ignore[arg-type]


def _read_course(node: ET.Element | None, where: str) -> Course:
    if node is None:
        return Course()
    forerunners = tuple(
        Forerunner(node.get("order", ""), **_read_fields(node, _PERSON_FIELDS, where))  # type: ignore[arg-type]
        for node in node.findall("forerunner")
    )
    return Course(
        **_read_fields(node, _COURSE_FIELDS, where),  # type: ignore[arg-type]
        course_setter=_read_person(_child(node, "coursesetter")),
        forerunners=forerunners,
    )


def _read_run(node: ET.Element, position: int) -> RunInfo:
    number_text = (node.get("no") or str(position)).strip()
    if not number_text.isdigit():
        raise InputError(f"Runinfo {position}: No {number_text!r} is not a run number")
    where = f"Runinfo {number_text}"
    return RunInfo(int(number_text), _read_course(_child(node, "course"), where), _text(node, "starttime"))


def _read_info(race: ET.Element, sector: str) -> RaceInfo:
    info = _child(race, f"{sector}_raceinfo")
    if info is None:
        return RaceInfo()
    where = f"{sector.upper()}_raceinfo"
    # The jury sits in the raceinfo (digest) or directly in the race (some timing software).
    jury = race.findall("jury") + info.findall("jury")
    return RaceInfo(
        **_read_fields(info, _INFO_HEAD + _INFO_TAIL, where),  # type: ignore[arg-type]
        jury=tuple(_read_jury(node) for node in jury),
        runs=tuple(_read_run(node, i) for i, node in enumerate(info.findall("runinfo"), start=1)),
    )


def _read_competitor(parent: ET.Element, where: str) -> Competitor:
    node = _child(parent, "competitor")
    if node is None:
        raise InputError(f"{where}: Competitor is missing")
    return Competitor(
        fiscode=_text(node, "fiscode").strip(),
        **_read_fields(node, _PERSON_FIELDS, where),  # type: ignore[arg-type]
        year_of_birth=_int(node, "yearofbirth", where),
    )


def _read_times(result: ET.Element | None, where: str) -> tuple[Decimal | None, ...]:
    return tuple(_time(result, f"timerun{n}", where) for n in range(1, MAX_RUNS + 1))


def _read_ranked(node: ET.Element, sector: str, position: int) -> Ranked:
    where = f"{sector.upper()}_ranked {position}"
    result = _child(node, f"{sector}_result")
    return Ranked(
        rank=_required_int(node, "rank", where),
        bib=_required_int(node, "bib", where),
        competitor=_read_competitor(node, where),
        run_times=_read_times(result, where),
        total_time=_time(result, "totaltime", where),
        race_points=_decimal(result, "racepoints", where),
    )


def _read_not_ranked(node: ET.Element, sector: str, position: int) -> NotRanked:
    where = f"{sector.upper()}_notranked {position}"
    status = (node.get("status") or "").strip().upper()
    if not _NOT_RANKED_STATUS.fullmatch(status):
        raise InputError(f"{where}: status {status!r} is not a not-classified status")
    return NotRanked(
        status=status,
        bib=_required_int(node, "bib", where),
        competitor=_read_competitor(node, where),
        run=_int(node, "run", where),
        gate=_text(node, "gate").strip(),
        reason=_text(node, "reason"),
        run_times=_read_times(_child(node, f"{sector}_result"), where),
    )


def _parse(data: bytes) -> ET.Element:
    # No document type: entity expansion is how XML files blow up (and FIS files never have one).
    if re.search(rb"<!DOCTYPE", data, re.IGNORECASE):
        raise InputError("XML with a document type declaration is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise InputError(f"malformed XML at line {line}, column {column + 1}: {error.msg}") from None
    _lowercase(root)
    if root.tag != "fisresults":
        raise InputError(f"root element is <{root.tag}>, expected <Fisresults>")
    return root


def from_xml(data: bytes | str) -> RaceResults:
    """Read a results document (element and attribute names in any capitalisation).

    Raises
    ------
    InputError
        When the XML is malformed or a required value (codex, season, race date, a rank or bib) is
        missing or not a number; the message names the element.
    """
    root = _parse(data.encode() if isinstance(data, str) else data)
    header_node = _child(root, "raceheader")
    if header_node is None:
        raise InputError("Raceheader is missing")
    header = _read_header(header_node)
    sector = header.sector.lower()
    race = _child(root, f"{sector}_race")
    if race is None:
        return RaceResults(header)
    ranked = race.findall(f"{sector}_classified/{sector}_ranked")
    not_ranked = race.findall(f"{sector}_notclassified/{sector}_notranked")
    return RaceResults(
        header=header,
        info=_read_info(race, sector),
        ranked=tuple(_read_ranked(node, sector, i) for i, node in enumerate(ranked, start=1)),
        not_ranked=tuple(_read_not_ranked(node, sector, i) for i, node in enumerate(not_ranked, start=1)),
    )


def read_results(path: str | Path) -> RaceResults:
    """Read a results XML file; :class:`InputError` naming the file when it cannot be read."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror or error}") from None
    try:
        return from_xml(data)
    except InputError as error:
        raise InputError(f"{file.name}: {error}") from None
