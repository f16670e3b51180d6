"""FIS alpine points lists: a streaming reader of the published CSV/XLSX files, lookups and a summary.

FIS publishes each list as a table with the columns ``Listid, Listname, Published, Sectorcode, Status,
Competitorid, Fiscode, Lastname, Firstname, Nationcode, Gender, Birthdate, Skiclub, Nationalcode,
Competitorname, Birthyear, Calculationdate`` and, per discipline (DH, SL, GS, SG, AC), ``<D>points``,
``<D>pos`` and ``<D>Sta``. Column names are matched case-insensitively and may come in any order.

A list may carry the season values it was calculated with (F-values, maximum values, category penalty
limits, level adders). FIS prints them on the first page; in a file they are rows *before* the column
header, each ``Name,Key,Value``::

    Fvalue,DH,1250
    Maxvalue,SL,165
    Minpenalty,FIS,23
    Maxpenalty,FIS,999
    Adder,3,3

They are exposed as :class:`ListOverrides` so that the season table can be overridden by them.

Bad rows do not stop the reader: each becomes a :class:`RowError` (file row number + message) and the row
is skipped, unless ``strict=True``, where the first one raises :class:`~alatau.errors.InputError`.
"""

from __future__ import annotations

import codecs
import csv
import heapq
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alatau.errors import InputError

if TYPE_CHECKING:
    from alatau.fis.seasons import SeasonRules

DISCIPLINES: tuple[str, ...] = ("DH", "SL", "GS", "SG", "AC")
"""Discipline codes in the order FIS lists them."""

FLAGS: Mapping[str, str] = {
    "*": "base list",
    "+": "one result (+20 %)",
    ">": "no results (+50 %)",
    "#": "injury protection",
    "C": "confirmation",
}
"""Status flags of the ``<D>Sta`` columns and their meaning."""

GENDERS: Mapping[str, str] = {"M": "M", "W": "W", "L": "W", "F": "W"}
"""Accepted gender codes; older lists write ``L`` (ladies) for women."""

_NATION = re.compile(r"[A-Z]{3}")
_SEASON_IN_NAME = re.compile(r"(\d{4})\s*/\s*(\d{2,4})")
_TWO_PLACES = Decimal("0.01")
_READ_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class RowError:
    """A row the reader could not take: its row number in the file (1 = first line) and why."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True, slots=True)
class DisciplinePoints:
    """One competitor's standing in one discipline: points (None = no points), position and flag."""

    points: Decimal | None
    position: int | None
    flag: str | None


_NO_POINTS = DisciplinePoints(None, None, None)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One competitor of a points list."""

    row: int
    fiscode: str
    lastname: str
    firstname: str
    nation: str
    gender: str
    birthdate: date | None
    birthyear: int | None
    list_id: str = ""
    list_name: str = ""
    competitor_id: str = ""
    status: str = ""
    skiclub: str = ""
    national_code: str = ""
    disciplines: Mapping[str, DisciplinePoints] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``LASTNAME Firstname`` as FIS prints it."""
        return f"{self.lastname} {self.firstname}".strip()

    def standing(self, discipline: str) -> DisciplinePoints:
        """Points, position and flag in ``discipline`` (all None when the competitor has none)."""
        return self.disciplines.get(discipline_code(discipline), _NO_POINTS)

    def points(self, discipline: str) -> Decimal | None:
        """FIS points in ``discipline``; None = no points."""
        return self.standing(discipline).points


@dataclass(frozen=True, slots=True)
class ListHeader:
    """What identifies the list: taken from its first valid row."""

    list_id: str
    name: str
    sector: str = ""
    published: str = ""
    calculation_date: date | None = None

    @property
    def season(self) -> int | None:
        """The FIS season (year of its end, ``2022`` for 2021/22) read from the list name, if it says."""
        found = _SEASON_IN_NAME.search(self.name)
        if not found:
            return None
        end = found.group(2)
        return int(found.group(1)[:2] + end) if len(end) == 2 else int(end)


@dataclass(frozen=True)
class ListOverrides:
    """Season values printed on the list itself; empty mappings when the list carries none.

    Keys: discipline code for ``f_values``/``max_values``, category code for ``min_penalty``/
    ``max_penalty``, race level for ``adders``.
    """

    f_values: Mapping[str, Decimal] = field(default_factory=dict)
    max_values: Mapping[str, Decimal] = field(default_factory=dict)
    min_penalty: Mapping[str, Decimal] = field(default_factory=dict)
    max_penalty: Mapping[str, Decimal] = field(default_factory=dict)
    adders: Mapping[int, Decimal] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.f_values, self.max_values, self.min_penalty, self.max_penalty, self.adders))

    def apply_to(self, rules: SeasonRules, source: str = "points list header") -> SeasonRules:
        """The season ``rules`` with this list's values in force (the rules themselves when it has none).

        A category with only one of its limits on the list keeps the other from ``rules``; an
        unknown category gets 0 / 999 for the missing one.
        """
        if not self:
            return rules
        limits: dict[str, tuple[Decimal, Decimal]] = {}
        for code in sorted({*self.min_penalty, *self.max_penalty}):
            known = rules.categories.get(code)
            low = self.min_penalty.get(code, known.min_penalty if known else Decimal(0))
            high = self.max_penalty.get(code, known.max_penalty if known else Decimal(999))
            limits[code] = (low, high)
        return rules.with_overrides(
            f_values=dict(self.f_values),
            max_values=dict(self.max_values),
            level_adders=dict(self.adders),
            category_limits=limits,
            source=source,
        )

    def as_dict(self) -> dict[str, dict[str, str]]:
        """JSON-friendly form, numbers as strings."""
        names = ("f_values", "max_values", "min_penalty", "max_penalty", "adders")
        return {n: {str(k): str(v) for k, v in getattr(self, n).items()} for n in names}


def discipline_code(discipline: str) -> str:
    """Normalise a discipline code (``gs`` → ``GS``); InputError when it is not a list discipline."""
    code = discipline.strip().upper()
    if code not in DISCIPLINES:
        raise InputError(f"unknown discipline {discipline!r}: expected one of {', '.join(DISCIPLINES)}")
    return code


# --- raw rows from CSV or XLSX --------------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes so, else Windows-1252, else Latin-1.

    Checked in one cheap pass before streaming so that a bad byte near the end cannot switch
    encodings after rows were already handed out.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(_READ_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        except OSError as error:
            raise InputError(f"cannot read points list {path}: {error.strerror or error}") from None
        return encoding
    return "latin-1"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    encoding = _detect_encoding(path)
    with path.open(encoding=encoding, newline="") as stream:
        sample = stream.read(8192)
        stream.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as error:
            raise InputError(f"{path.name} row {reader.line_num}: malformed CSV ({error})") from error


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from alatau.fis.xlsxrows import iter_rows

    try:
        yield from iter_rows(str(path))
    except (ValueError, OSError) as error:
        raise InputError(f"{path.name}: not a readable XLSX workbook ({error})") from error


def _raw_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    if not path.is_file():
        raise InputError(f"cannot read points list {path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    return _csv_rows(path)


# --- field parsers: each raises ValueError with a message fit for the user ---------------------------


def _parse_points(text: str, column: str) -> Decimal | None:
    if not text:
        return None
    try:
        points = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not points.is_finite() or points < 0:
        raise ValueError(f"{column} {text!r} is not a valid points value")
    if points != points.quantize(_TWO_PLACES):
        raise ValueError(f"{column} {text!r} has more than two decimals")
    return points


def _parse_int(text: str, column: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{column} {text!r} is not a whole number")
    return int(text)


def _parse_flag(text: str, column: str) -> str | None:
    if not text:
        return None
    if any(char not in FLAGS for char in text):
        raise ValueError(f"{column} {text!r} is not a status flag ({' '.join(FLAGS)})")
    return text


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> date | None:
    """ISO ``2001-10-19`` (the list's birth dates) or day-first ``28-09-2021`` / ``28.09.2021``."""
    if not text:
        return None
    layouts = ("%Y-%m-%d",) if len(text) == 10 and text[4] == "-" else ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
    if layouts[0] == "%Y-%m-%d":
        try:
            return date.fromisoformat(text)  # fast path: every birth date of a FIS list
        except ValueError:
            raise ValueError(f"date {text!r} is not a valid YYYY-MM-DD date") from None
    for layout in layouts:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not YYYY-MM-DD or DD-MM-YYYY")


def _parse_gender(text: str) -> str:
    gender = GENDERS.get(text.upper())
    if gender is None:
        raise ValueError(f"gender {text!r} is not M or W")
    return gender


def _parse_nation(text: str) -> str:
    nation = text.upper()
    if not _NATION.fullmatch(nation):
        raise ValueError(f"nation {text!r} is not a three-letter FIS code")
    return nation


def _parse_fiscode(text: str) -> str:
    if not text:
        raise ValueError("Fiscode is empty")
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"Fiscode {text!r} is not a number")
    return text


# --- one row → one entry ---------------------------------------------------------------------------


_FIELDS = (
    *("fiscode", "lastname", "firstname", "nationcode", "gender", "birthdate", "birthyear"),
    *("listid", "listname", "competitorid", "status", "skiclub", "nationalcode"),
    *("sectorcode", "published", "calculationdate"),
)


class _RowParser:
    """Turns the cells of one row into a :class:`ListEntry`, by column positions found in the header."""

    def __init__(self, header: list[str], header_row: int) -> None:
        names = [cell.strip().lower() for cell in header]
        index = {name: position for position, name in enumerate(names) if name}
        for required in ("fiscode", "lastname", "firstname", "nationcode", "gender"):
            if required not in index:
                raise InputError(f"row {header_row}: points list has no column {required!r}")
        self.width = len(names)
        # A column the list lacks is read from the padding cell after the last column: always empty.
        self.at = {name: index.get(name, self.width) for name in _FIELDS}
        self.columns = [
            (
                d,
                index[f"{d.lower()}points"],
                index.get(f"{d.lower()}pos", self.width),
                index.get(f"{d.lower()}sta", self.width),
            )
            for d in DISCIPLINES
            if f"{d.lower()}points" in index
        ]
        if not self.columns:
            raise InputError(f"row {header_row}: points list has no <discipline>points column")

    def values(self, cells: list[str]) -> list[str]:
        """The row's cells, stripped, one per column plus the empty padding cell."""
        values = [cell.strip() for cell in cells[: self.width]]
        values.extend([""] * (self.width + 1 - len(values)))
        return values

    def standings(self, values: list[str]) -> dict[str, DisciplinePoints]:
        found = {}
        for discipline, points_at, position_at, flag_at in self.columns:
            if values[points_at] or values[position_at] or values[flag_at]:
                found[discipline] = DisciplinePoints(
                    _parse_points(values[points_at], f"{discipline}points"),
                    _parse_int(values[position_at], f"{discipline}pos"),
                    _parse_flag(values[flag_at], f"{discipline}Sta"),
                )
        return found

    def birth(self, values: list[str]) -> tuple[date | None, int | None]:
        birthdate = _parse_date(values[self.at["birthdate"]])
        birthyear = _parse_int(values[self.at["birthyear"]], "Birthyear")
        if birthdate and birthyear and birthdate.year != birthyear:
            raise ValueError(f"Birthyear {birthyear} does not match Birthdate {birthdate.isoformat()}")
        return birthdate, birthyear or (birthdate.year if birthdate else None)

    def parse(self, row: int, cells: list[str]) -> ListEntry:
        values, at = self.values(cells), self.at
        birthdate, birthyear = self.birth(values)
        return ListEntry(
            row=row,
            fiscode=_parse_fiscode(values[at["fiscode"]]),
            lastname=values[at["lastname"]],
            firstname=values[at["firstname"]],
            nation=_parse_nation(values[at["nationcode"]]),
            gender=_parse_gender(values[at["gender"]]),
            birthdate=birthdate,
            birthyear=birthyear,
            list_id=values[at["listid"]],
            list_name=values[at["listname"]],
            competitor_id=values[at["competitorid"]],
            status=values[at["status"]],
            skiclub=values[at["skiclub"]],
            national_code=values[at["nationalcode"]],
            disciplines=self.standings(values),
        )

    def header_of(self, cells: list[str]) -> ListHeader:
        values, at = self.values(cells), self.at
        return ListHeader(
            list_id=values[at["listid"]],
            name=values[at["listname"]],
            sector=values[at["sectorcode"]],
            published=values[at["published"]],
            calculation_date=_parse_date(values[at["calculationdate"]]),
        )


# --- header rows with season values -----------------------------------------------------------------

_OVERRIDE_NAMES: Mapping[str, str] = {
    "fvalue": "f_values",
    "maxvalue": "max_values",
    "maximumvalue": "max_values",
    "minpenalty": "min_penalty",
    "minimumpenalty": "min_penalty",
    "maxpenalty": "max_penalty",
    "maximumpenalty": "max_penalty",
    "adder": "adders",
    "leveladder": "adders",
}


def _override_row(cells: list[str], found: dict[str, dict[Any, Decimal]]) -> None:
    """Record one ``Name,Key,Value`` header row into ``found``; ValueError when it is not one."""
    values = [c.strip() for c in cells if c.strip()]
    if len(values) != 3:
        raise ValueError(f"header row {','.join(values)!r} is not 'Name,Key,Value'")
    name, key, text = values
    target = _OVERRIDE_NAMES.get(re.sub(r"[^a-z]", "", name.lower()))
    if target is None:
        raise ValueError(f"unknown header value {name!r}")
    value = _parse_points(text, name)
    if value is None:  # pragma: no cover - values[] holds non-empty cells only
        raise ValueError(f"{name} has no value")
    if target == "adders":
        found[target][_parse_int(key, "level")] = value
    elif target in ("f_values", "max_values"):
        found[target][_known_discipline(key)] = value
    else:
        found[target][key.upper()] = value


def _known_discipline(text: str) -> str:
    code = text.strip().upper()
    if code not in DISCIPLINES:
        raise ValueError(f"unknown discipline {text!r}")
    return code


# --- the reader ------------------------------------------------------------------------------------


class PointsListReader:
    """Streams the entries of a points list file; collects header values and row errors as it goes.

    Parameters
    ----------
    path
        A ``.csv`` (any of UTF-8, Windows-1252, Latin-1; comma or semicolon) or ``.xlsx`` file.
    strict
        Raise :class:`~alatau.errors.InputError` naming the row at the first bad row, instead of
        collecting it in :attr:`errors`.

    Examples
    --------
    >>> reader = PointsListReader("FIS-points-list-AL-2022-331.csv")  # doctest: +SKIP
    >>> for entry in reader: ...                                      # doctest: +SKIP
    >>> reader.errors, reader.header, reader.overrides                # doctest: +SKIP
    """

    def __init__(self, path: str | Path, *, strict: bool = False) -> None:
        self.path = Path(path)
        self.strict = strict
        self.errors: list[RowError] = []
        self.header: ListHeader | None = None
        self.overrides = ListOverrides()

    def __iter__(self) -> Iterator[ListEntry]:
        rows = _raw_rows(self.path)
        parser = self._read_preamble(rows)
        first_row: dict[str, int] = {}
        for row, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            entry = self._entry(parser, row, cells, first_row)
            if entry is not None:
                yield entry

    def _entry(
        self, parser: _RowParser, row: int, cells: list[str], first: dict[str, int]
    ) -> ListEntry | None:
        try:
            entry = parser.parse(row, cells)
            if self.header is None:
                self.header = parser.header_of(cells)
            self._check(entry, first)
        except ValueError as problem:
            self._fail(row, str(problem))
            return None
        first[entry.fiscode] = row
        return entry

    def _check(self, entry: ListEntry, first: dict[str, int]) -> None:
        if entry.fiscode in first:
            raise ValueError(f"Fiscode {entry.fiscode} already listed on row {first[entry.fiscode]}")
        if self.header and entry.list_id != self.header.list_id:
            raise ValueError(f"Listid {entry.list_id!r} differs from the list's {self.header.list_id!r}")

    def _fail(self, row: int, message: str) -> None:
        if self.strict:
            raise InputError(f"{self.path.name} row {row}: {message}")
        self.errors.append(RowError(row, message))

    def _read_preamble(self, rows: Iterator[tuple[int, list[str]]]) -> _RowParser:
        """Consume the rows up to the column header; header rows before it are season values."""
        found: dict[str, dict[Any, Decimal]] = {name: {} for name in set(_OVERRIDE_NAMES.values())}
        for row, cells in rows:
            if any(c.strip().lower() == "fiscode" for c in cells):
                self.overrides = ListOverrides(**found)
                return _RowParser(cells, row)
            if not any(c.strip() for c in cells):
                continue
            try:
                _override_row(cells, found)
            except ValueError as problem:
                self._fail(row, str(problem))
        raise InputError(f"{self.path.name}: no column header with 'Fiscode' found; is it a FIS points list?")


@dataclass
class PointsList:
    """A whole points list in memory, indexed by FIS code."""

    source: str
    header: ListHeader
    entries: list[ListEntry]
    errors: list[RowError] = field(default_factory=list)
    overrides: ListOverrides = field(default_factory=ListOverrides)
    _by_fiscode: dict[str, ListEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_fiscode = {entry.fiscode: entry for entry in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ListEntry]:
        return iter(self.entries)

    def get(self, fiscode: str | int) -> ListEntry | None:
        """The competitor with this FIS code, or None."""
        return self._by_fiscode.get(str(fiscode).strip())

    def points(self, fiscode: str | int, discipline: str) -> Decimal | None:
        """FIS points of a competitor in a discipline; None when not listed or without points."""
        entry = self.get(fiscode)
        return entry.points(discipline) if entry else None


def read_points_list(path: str | Path, *, strict: bool = False) -> PointsList:
    """Read a whole points list file (CSV or XLSX).

    Parameters
    ----------
    path
        The list file.
    strict
        Raise :class:`~alatau.errors.InputError` at the first bad row instead of collecting row errors.

    Returns
    -------
    PointsList
        Entries in file order, the row errors, the list header and any season values it carries.
    """
    reader = PointsListReader(path, strict=strict)
    entries = list(reader)
    header = reader.header or ListHeader(list_id="", name="")
    return PointsList(str(path), header, entries, reader.errors, reader.overrides)


# --- summary ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisciplineSummary:
    """How a discipline looks in the list: who has points, best and median, flags, the top of each gender."""

    discipline: str
    with_points: int
    best: Decimal | None
    median: Decimal | None
    flags: Mapping[str, int]
    top: Mapping[str, tuple[ListEntry, ...]]


@dataclass(frozen=True)
class ListSummary:
    """What ``alatau fis list`` shows."""

    source: str
    header: ListHeader
    nation: str | None
    competitors: int
    errors: tuple[RowError, ...]
    by_nation: Mapping[str, int]
    by_gender: Mapping[str, int]
    disciplines: tuple[DisciplineSummary, ...]
    overrides: ListOverrides

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form: points as strings (exact decimals), counts as numbers."""
        return {
            "source": self.source,
            "list_id": self.header.list_id,
            "name": self.header.name,
            "season": self.header.season,
            "calculation_date": _iso(self.header.calculation_date),
            "nation": self.nation,
            "competitors": self.competitors,
            "errors": [{"row": e.row, "message": e.message} for e in self.errors],
            "by_nation": dict(self.by_nation),
            "by_gender": dict(self.by_gender),
            "disciplines": [_discipline_dict(d) for d in self.disciplines],
            "overrides": self.overrides.as_dict(),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _discipline_dict(summary: DisciplineSummary) -> dict[str, Any]:
    return {
        "discipline": summary.discipline,
        "with_points": summary.with_points,
        "best": _text(summary.best),
        "median": _text(summary.median),
        "flags": dict(summary.flags),
        "top": {
            gender: [_top_dict(e, summary.discipline) for e in top] for gender, top in summary.top.items()
        },
    }


def _top_dict(entry: ListEntry, discipline: str) -> dict[str, Any]:
    standing = entry.standing(discipline)
    return {
        "fiscode": entry.fiscode,
        "name": entry.name,
        "nation": entry.nation,
        "points": _text(standing.points),
        "position": standing.position,
        "flag": standing.flag,
    }


def _ranking_key(discipline: str) -> Callable[[ListEntry], tuple[Decimal, int, str]]:
    def key(entry: ListEntry) -> tuple[Decimal, int, str]:
        standing = entry.disciplines[discipline]
        return (standing.points or Decimal(0), standing.position or 0, entry.fiscode)

    return key


def _summarise_discipline(entries: list[ListEntry], discipline: str, top: int) -> DisciplineSummary:
    standings = [(e, s) for e in entries if (s := e.disciplines.get(discipline)) is not None]
    scored = [e for e, s in standings if s.points is not None]
    points = [s.points for _, s in standings if s.points is not None]
    flags = Counter(s.flag for _, s in standings if s.flag)
    best: dict[str, tuple[ListEntry, ...]] = {}
    for gender in sorted({e.gender for e in scored}) if top > 0 else ():
        of_gender = (e for e in scored if e.gender == gender)
        best[gender] = tuple(heapq.nsmallest(top, of_gender, key=_ranking_key(discipline)))
    return DisciplineSummary(
        discipline=discipline,
        with_points=len(points),
        best=min(points) if points else None,
        median=statistics.median(points) if points else None,
        flags=dict(sorted(flags.items())),
        top=best,
    )


def summarise(points_list: PointsList, *, nation: str | None = None, top: int = 0) -> ListSummary:
    """Summarise a points list, optionally for one nation.

    Parameters
    ----------
    points_list
        The list as :func:`read_points_list` returns it.
    nation
        Three-letter FIS nation code: count only that nation's competitors.
    top
        How many of the best competitors per discipline and gender to include (0 = none).

    Returns
    -------
    ListSummary
        Counts by nation and gender, and per discipline how many have points, best, median, flag
        counts and the top competitors.
    """
    wanted = nation.strip().upper() if nation else None
    entries = [e for e in points_list.entries if wanted is None or e.nation == wanted]
    disciplines = [d for d in DISCIPLINES if any(d in e.disciplines for e in points_list.entries)]
    return ListSummary(
        source=points_list.source,
        header=points_list.header,
        nation=wanted,
        competitors=len(entries),
        errors=tuple(points_list.errors),
        by_nation=dict(Counter(e.nation for e in entries).most_common()),
        by_gender=dict(sorted(Counter(e.gender for e in entries).items())),
        disciplines=tuple(_summarise_discipline(entries, d, top) for d in disciplines),
        overrides=points_list.overrides,
    )


def entries_with_points(entries: Iterable[ListEntry], discipline: str) -> list[ListEntry]:
    """The entries that have points in ``discipline``, best first (position, then FIS code, on ties)."""
    code = discipline_code(discipline)
    return sorted((e for e in entries if e.points(code) is not None), key=_ranking_key(code))
