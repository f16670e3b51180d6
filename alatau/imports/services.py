"""Member import (check, then all-or-nothing write) and the member and licence exports.

The view stays thin: it stores the upload, asks :func:`check_import` for the report by row and calls
:func:`import_members`, which re-checks everything inside one transaction and writes nothing when any
row has a problem.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry
from alatau.core.permissions import can_manage_club
from alatau.errors import InputError
from alatau.imports.members import FIELDS, Member, RowProblem, clean_rows
from alatau.imports.parsing import Table
from alatau.registry.models import Club, Membership, Person
from alatau.registry.services import identity_key

#: Rows per query when checking against the registry (SQLite caps the parameters of one query).
CHUNK = 500
REQUIRED = [name for name, _label, required in FIELDS if required]


@dataclass
class Report:
    """The outcome of checking a file: clean members and the problems, by row."""

    total: int
    members: list[Member] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.members)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    def by_row(self, limit: int = 200) -> list[tuple[int, list[RowProblem]]]:
        """The first ``limit`` rows with problems, each with its problems."""
        grouped = groupby(sorted(self.problems, key=lambda p: p.row), key=lambda p: p.row)
        return [(row, list(problems)) for row, problems in grouped][:limit]


class ImportRejected(InputError):
    """The file has problems; nothing was imported. ``report`` holds them by row."""

    def __init__(self, report: Report) -> None:
        self.report = report
        message = ngettext(
            "%(rows)d row has problems; nothing was imported.",
            "%(rows)d rows have problems; nothing was imported.",
            report.bad_rows,
        )
        super().__init__(message % {"rows": report.bad_rows})


def check_mapping(mapping: dict[str, int | None], width: int) -> None:
    """Every required field fed by a column (Latin names may come from the Cyrillic ones); no column twice."""
    errors: dict[str, list[str]] = {}
    for name in REQUIRED:
        fed = mapping.get(name) is not None or mapping.get(f"{name}_cyrillic") is not None
        if not fed:
            errors[name] = [_("Choose the column that holds this field.")]
    used = [i for i in mapping.values() if i is not None]
    if any(not 0 <= i < width for i in used):
        errors["mapping"] = [_("A chosen column is not in the file.")]
    elif len(used) != len(set(used)):
        errors["mapping"] = [_("Each column can feed only one field.")]
    if errors:
        raise InvalidData(errors)


def check_import(table: Table, mapping: dict[str, int | None], *, today: dt.date | None = None) -> Report:
    """Check every row: missing fields, bad values, duplicates in the file and against the registry."""
    check_mapping(mapping, len(table.headers))
    checked = clean_rows(table, mapping, today or timezone.localdate())
    problems = checked.problems + registry_duplicates(checked.members)
    problems.sort(key=lambda p: p.row)
    return Report(total=len(table.rows), members=checked.members, problems=problems)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def registry_duplicates(members: list[Member]) -> list[RowProblem]:
    """Rows whose person is already registered (same FIS code, or same Latin name and birth date)."""
    columns = ("fis_code", "last_name", "first_name", "birth_date")
    codes = sorted({m.fis_code for m in members if m.fis_code})
    by_code: dict[str, str] = {}
    for chunk in _chunks(codes):
        for code, last, first, _born in Person.objects.filter(fis_code__in=chunk).values_list(*columns):
            by_code[code] = f"{last.upper()} {first}"
    by_name: dict[tuple[str, str, Any], str] = {}
    for chunk in _chunks(sorted({m.birth_date for m in members})):
        for _code, last, first, born in Person.objects.filter(birth_date__in=chunk).values_list(*columns):
            by_name[identity_key(last, first, born)] = f"{last.upper()} {first}"
    problems = []
    for member in members:
        found = by_code.get(member.fis_code or "") or by_name.get(member.name_key)
        if found:
            problems.append(
                RowProblem(
                    member.row, "duplicate", _("already in the registry: %(person)s") % {"person": found}
                )
            )
    return problems


@transaction.atomic
def import_members(
    table: Table,
    mapping: dict[str, int | None],
    club: Club,
    *,
    user: Any,
    start_date: dt.date | None = None,
) -> list[Person]:
    """Register every member of the file in ``club``, or none of them.

    Raises
    ------
    NotAllowed
        The user does not manage the club.
    InvalidData
        The mapping leaves a required field without a column.
    ImportRejected
        Any row has a problem (its ``report`` lists them by row); nothing is written.
    """
    if not can_manage_club(user, club):
        raise NotAllowed(_("You may not import members into this club."))
    report = check_import(table, mapping)
    if not report.ok:
        raise ImportRejected(report)
    try:
        people = Person.objects.bulk_create([_person(m) for m in report.members], batch_size=CHUNK)
    except IntegrityError as error:  # someone registered the same FIS code meanwhile
        raise Conflict(_("The registry changed during the import; check the file again.")) from error
    start = start_date or timezone.localdate()
    Membership.objects.bulk_create(
        [Membership(person=p, club=club, start_date=start) for p in people], batch_size=CHUNK
    )
    _log_created(people, club, start, user)
    return people


def _person(member: Member) -> Person:
    return Person(**{name: getattr(member, name) for name, _label, _required in FIELDS})


def _log_created(people: list[Person], club: Club, start: dt.date, user: Any) -> None:
    """One "imported" audit entry per person: its fields and its club (old → new), written in bulk.

    (registry.services.create_person writes "created" and "joined club"; one entry halves the
    import's largest write, and says where the person came from.)
    """
    kind = ContentType.objects.get_for_model(Person)
    actor = user if getattr(user, "is_authenticated", False) else None
    joined = {"club": [None, club.name], "from": [None, str(start)]}
    entries = []
    for person in people:
        fields = ((name, getattr(person, name)) for name, _label, _req in FIELDS)
        changes = {name: [None, str(value)] for name, value in fields if value not in (None, "")}
        entries.append(
            AuditEntry(
                content_type=kind,
                object_id=str(person.pk),
                object_repr=str(person)[:200],
                action="imported",
                actor=actor,
                changes=changes | joined,
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=CHUNK)


# --- exports ------------------------------------------------------------------------------------------

MEMBER_COLUMNS = [name for name, _label, _required in FIELDS] + ["club", "region"]
LICENCE_COLUMNS = [
    "number",
    "season",
    "kind",
    "discipline",
    "status",
    "last_name",
    "first_name",
    "birth_date",
    "gender",
    "fis_code",
    "club",
    "region",
    "fee",
    "valid_from",
    "valid_until",
]


def members_in_scope(clubs: dict[int, Club], season: int | None) -> QuerySet[Person]:
    """Current members of the clubs; with a season, the people licensed by those clubs that season."""
    if season is not None:
        people = Person.objects.filter(licences__season=season, licences__club__in=list(clubs))
    else:
        people = Person.objects.filter(memberships__club__in=list(clubs), memberships__end_date__isnull=True)
    return people.distinct().order_by("last_name", "first_name", "birth_date", "pk")


def licences_in_scope(clubs: dict[int, Club], season: int | None) -> QuerySet[Any]:
    from alatau.licences.models import Licence

    licences = Licence.objects.filter(club__in=list(clubs))
    return licences if season is None else licences.filter(season=season)


def member_rows(people: QuerySet[Person], clubs: dict[int, Club]) -> Iterator[list[Any]]:
    """Rows of :data:`MEMBER_COLUMNS`; the club is the current one within ``clubs`` (the export's scope)."""
    current = Membership.objects.filter(end_date__isnull=True, club__in=list(clubs))
    club_of = dict(current.values_list("person_id", "club_id"))
    for person in people.iterator(chunk_size=2000):
        club = clubs.get(club_of.get(person.pk, 0))
        yield [*(getattr(person, name) or "" for name in MEMBER_COLUMNS[:-2]), *_club_cells(club)]


def licence_rows(licences: QuerySet[Any]) -> Iterator[list[Any]]:
    from alatau.licences.services import season_label

    rows = licences.select_related("person", "club__region", "discipline").order_by("season", "number", "pk")
    for lic in rows.iterator(chunk_size=2000):
        person = lic.person
        yield [
            lic.number,
            season_label(lic.season),
            lic.kind,
            lic.discipline.code if lic.discipline else "",
            lic.status,
            person.last_name,
            person.first_name,
            person.birth_date,
            person.gender,
            person.fis_code or "",
            *_club_cells(lic.club),
            lic.fee,
            lic.valid_from,
            lic.valid_until,
        ]


def _club_cells(club: Club | None) -> list[str]:
    return [club.name, club.region.name_en] if club else ["", ""]


def export_scope(
    user: Any, clubs: QuerySet[Club], club_id: str | None, season: str | None
) -> tuple[dict[int, Club], int | None]:
    """The clubs (all visible ones, or the one asked for) and the season an export covers."""
    chosen = clubs.select_related("region")
    if club_id:
        if not club_id.isdigit() or not chosen.filter(pk=int(club_id)).exists():
            raise InvalidData({"club": [_("Unknown club, or not one of yours.")]})
        chosen = chosen.filter(pk=int(club_id))
    year = None
    if season:
        if not (season.isdigit() and 1990 <= int(season) <= 2100):
            raise InvalidData({"season": [_("A season is the year it starts, e.g. 2025.")]})
        year = int(season)
    return {club.pk: club for club in chosen}, year


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook, written in openpyxl's streaming (write-only) mode."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(
            [cell if isinstance(cell, int | float | Decimal | dt.date) else str(cell) for cell in row]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
