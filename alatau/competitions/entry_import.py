"""Importing an entry list (CSV or XLSX): a report by row, then all or nothing, as the member import does.

The file is read by the member import's reader (:func:`alatau.imports.parsing.read_table`: any delimiter,
the common encodings, XLSX). Columns are found by their header: bib (optional), FIS code, name (or last
and first name), nation, points (optional: a value overrides the points list, an empty cell takes the
list's). Each row is checked as :func:`alatau.competitions.services.add_entries` would enter it (registry,
licence, points list, guest); one bad row and nothing is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alatau.competitions import services
from alatau.competitions.models import Entry, Race
from alatau.errors import InputError
from alatau.imports.members import RowProblem
from alatau.imports.parsing import Table, read_table

MAX_BYTES = 2 * 1024 * 1024
#: Accepted headers of each field, compared without case, spaces, dots, dashes and underscores.
HEADERS = {
    "bib": ("bib", "nr", "no", "startnumber", "startno", "dossard", "номер", "нөмір"),
    "fis_code": ("fiscode", "fis", "code", "competitorcode", "кодфис", "фискод"),
    "name": ("name", "competitor", "athlete", "competitorname", "nom", "имя", "аты"),
    "last_name": ("lastname", "surname", "familyname", "фамилия", "тегі"),
    "first_name": ("firstname", "givenname", "prenom", "prénom"),
    "nation": ("nation", "nat", "nationcode", "country", "nsa", "pays", "страна", "ел"),
    "points": ("points", "fispoints", "pts", "очки", "ұпай"),
}


@dataclass
class EntryReport:
    """A checked entry list: the entries ready to make and the problems, by row (header = row 1)."""

    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.items)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    def by_row(self, limit: int = 200) -> list[tuple[int, list[RowProblem]]]:
        grouped = groupby(sorted(self.problems, key=lambda p: p.row), key=lambda p: p.row)
        return [(row, list(problems)) for row, problems in grouped][:limit]


class EntriesRejected(InputError):
    """The entry list has problems; nothing was entered. ``report`` holds them by row."""

    def __init__(self, report: EntryReport) -> None:
        self.report = report
        message = ngettext(
            "%(rows)d row has problems; nothing was entered.",
            "%(rows)d rows have problems; nothing was entered.",
            report.bad_rows,
        )
        super().__init__(message % {"rows": report.bad_rows})


def _key(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def columns(table: Table) -> dict[str, int]:
    """The column of each field found in the header."""
    found: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        for name, accepted in HEADERS.items():
            if _key(header) in accepted and name not in found:
                found[name] = index
    if "fis_code" not in found and "name" not in found and "last_name" not in found:
        raise InputError(_("The entry list needs a FIS code or a name column (header row first)."))
    return found


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _item(row: list[str], found: dict[str, int]) -> dict[str, Any]:
    name = _cell(row, found.get("name"))
    if not name:
        name = f"{_cell(row, found.get('last_name')).upper()} {_cell(row, found.get('first_name'))}".strip()
    item: dict[str, Any] = {"fis_code": _cell(row, found.get("fis_code")), "name": name}
    item["nation"] = _cell(row, found.get("nation")).upper()
    item["bib"] = _cell(row, found.get("bib"))
    points = _cell(row, found.get("points")).replace(",", ".")
    if points:
        item["fis_points"], item["points_reason"] = points, _("given in the entry list")
    return item


def check(race: Race, data: bytes, filename: str, override: str = "") -> EntryReport:
    """Read and check an entry list against the race; writes nothing."""
    if len(data) > MAX_BYTES:
        raise InputError(_("The file is too large for an entry list."))
    table = read_table(data, filename)
    found = columns(table)
    report = EntryReport(total=len(table.rows))
    listed = services.points_list_for(race)
    seen = _taken(race)
    for offset, row in enumerate(table.rows):
        number = offset + 2
        item = _item(row, found)
        problems = _row_problems(race, item, number, listed, override, seen)
        report.problems.extend(problems)
        if not problems:
            report.items.append(item)
    return report


def _taken(race: Race) -> dict[str, set[Any]]:
    entries = race.entries.all()
    return {
        "bib": set(entries.exclude(bib=None).values_list("bib", flat=True)),
        "fis_code": set(entries.exclude(fis_code="").values_list("fis_code", flat=True)),
    }


def _row_problems(
    race: Race, item: dict[str, Any], row: int, listed: Any, override: str, seen: dict[str, set[Any]]
) -> list[RowProblem]:
    problems = []
    bib_text = item.pop("bib")
    if bib_text and (not bib_text.isdigit() or int(bib_text) < 1):
        problems.append(RowProblem(row, "bib", _("A bib is a whole number from 1.")))
    elif bib_text:
        item["bib"] = int(bib_text)
        if item["bib"] in seen["bib"]:
            problems.append(
                RowProblem(
                    row,
                    "bib",
                    _("Bib %(bib)s is already given (in the race or in the file).") % {"bib": item["bib"]},
                )
            )
        seen["bib"].add(item["bib"])
    try:
        entry = _identified(race, item, row, listed, override)
    except InputError as error:
        return [*problems, RowProblem(row, "fis_code", str(error))]
    if entry.fis_code and entry.fis_code in seen["fis_code"]:
        message = _("FIS code %(code)s is already entered (in the race or in the file).")
        problems.append(RowProblem(row, "fis_code", message % {"code": entry.fis_code}))
    seen["fis_code"].add(entry.fis_code)
    return problems


def _identified(race: Race, item: dict[str, Any], row: int, listed: Any, override: str) -> Entry:
    """The entry :func:`services.add_entries` would make of the row (not saved); its refusal as an error."""
    where = _("row %(row)s") % {"row": row}
    if item.get("nation") and (len(item["nation"]) != 3 or not item["nation"].isalpha()):
        raise InputError(_("%(where)s: a three-letter nation code, e.g. KAZ.") % {"where": where})
    return services._identify(race, item, where, listed, override)


def import_entries(user: Any, race: Race, data: bytes, filename: str, override: str = "") -> list[Entry]:
    """Check the list again and enter every row in one transaction, or nothing (:class:`EntriesRejected`)."""
    services._allow(services.organises(user, race.event))
    services._open(race)
    report = check(race, data, filename, override)
    if report.problems:
        raise EntriesRejected(report)
    if not report.items:
        raise InputError(_("The file has no entry rows."))
    made = services.add_entries(user, race, report.items, override)
    race.log_action("entries imported", user, {"file": [None, filename], "entries": [None, len(made)]})
    return made
