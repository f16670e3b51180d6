"""Member import (check, then all-or-nothing write) and the member and licence exports.

The view stays thin: it stores the upload, asks :func:`check_import` for the report by row and calls
:func:`import_members`, which re-checks everything inside one transaction and writes nothing when any
row has a problem. People already in the registry are added to the club (alatau.imports.registered).
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

from alatau.core.cells import export_text
from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry
from alatau.core.permissions import can_manage_club
from alatau.errors import InputError
from alatau.imports.members import FIELDS, Member, RowProblem, clean_rows
from alatau.imports.members import start_problems as birth_start_problems
from alatau.imports.parsing import Table
from alatau.imports.registered import (
    CHUNK,
    Registered,
    add_current_clubs,
    join,
    match_registry,
    start_problems,
    transfer_problems,
)
from alatau.registry.models import Club, Membership, Person

REQUIRED = [name for name, _label, required in FIELDS if required]


@dataclass
class Report:
    """The outcome of checking a file: clean members (new and registered) and the problems, by row."""

    total: int
    members: list[Member] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: Clean rows that are people already in the registry (a subset of ``members``).
    registered: list[Registered] = field(default_factory=list)
    club: Club | None = None

    @property
    def new(self) -> list[Member]:
        """Clean rows that become new people."""
        known = {r.row for r in self.registered}
        return [m for m in self.members if m.row not in known]

    @property
    def joining(self) -> list[Registered]:
        """Registered people who join the club (from another club, or from none)."""
        return [r for r in self.registered if not r.stays(self.club)]

    @property
    def staying(self) -> list[Registered]:
        """Registered people already current members of the club: nothing to do."""
        return [r for r in self.registered if r.stays(self.club)]

    @property
    def to_import(self) -> int:
        """People the import creates or adds to the club (when the registered ones are added)."""
        return len(self.new) + len(self.joining)

    def registered_lines(self) -> list[dict[str, Any]]:
        """Each registered row for the report: its person and what the import does (stays, moves, joins)."""
        lines = []
        for r in self.registered:
            action = "stays" if r.stays(self.club) else "moves" if r.club_id else "joins"
            lines.append({"row": r.row, "person": str(r.person), "action": action, "club": r.club_name})
        return lines

    @property
    def ok(self) -> bool:
        """No problems, and somebody to create or to add to the club."""
        return not self.problems and bool(self.new or self.joining)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    def by_row(self, limit: int = 200) -> list[tuple[int, list[RowProblem]]]:
        """The first ``limit`` rows with problems, each with its problems."""
        grouped = groupby(sorted(self.problems, key=lambda p: p.row), key=lambda p: p.row)
        return [(row, list(problems)) for row, problems in grouped][:limit]


@dataclass
class Imported:
    """What an import did: people created, registered people who joined the club, and those already in it."""

    created: list[Person]
    joined: list[int]  # ids of registered people who joined the club
    unchanged: int  # registered people already current members of the club
    moved: int = 0  # of ``joined``: those who left another club for this one


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


def check_import(
    table: Table,
    mapping: dict[str, int | None],
    *,
    club: Club | None = None,
    today: dt.date | None = None,
    start_date: dt.date | None = None,
    lock: bool = False,
    user: Any = None,
    date_order: str = "day",
) -> Report:
    """Check every row: missing fields, bad values, duplicates in the file, matches in the registry.

    A row that is exactly one registered person is not a problem: it is reported in
    ``registered``, with the person's current club (see alatau.imports.registered). Rows that
    match several people, or one person whose FIS code, birth date or gender differ, are problems.
    Given the ``user`` who would import, a move out of a club they do not manage is a problem too
    (transfers between clubs are the federation's, as in ``registry.services.join_club``).
    """
    check_mapping(mapping, len(table.headers))
    day = today or timezone.localdate()
    checked = clean_rows(table, mapping, day, date_order)
    matched = match_registry(checked.members)
    add_current_clubs(matched.registered, lock=lock)
    problems = checked.problems + matched.problems
    problems += start_problems(matched.registered, club, start_date or day)
    problems += birth_start_problems(checked.members, start_date or day, day)
    problems += transfer_problems(matched.registered, club, user)
    problems.sort(key=lambda p: p.row)
    members = sorted([*matched.new, *(r.member for r in matched.registered)], key=lambda m: m.row)
    return Report(len(table.rows), members, problems, matched.registered, club)


@transaction.atomic
def import_members(
    table: Table,
    mapping: dict[str, int | None],
    club: Club,
    *,
    user: Any,
    start_date: dt.date | None = None,
    join_registered: bool = True,
    filename: str = "",
    date_order: str = "day",
) -> Imported:
    """Register the file's new people in ``club`` and add the registered ones to it, or do nothing.

    ``join_registered=False`` leaves the people already in the registry where they are and
    imports only the new ones. ``date_order`` ("day", the default, or "month") is how the
    file's ambiguous NN/NN/YYYY dates read, for every row (alatau.imports.dates).

    Raises
    ------
    NotAllowed
        The user does not manage the club.
    InvalidData
        The mapping leaves a required field without a column, or there is nobody to import.
    ImportRejected
        Any row has a problem (its ``report`` lists them by row); nothing is written.
    """
    if not can_manage_club(user, club):
        raise NotAllowed(_("You may not import members into this club."))
    start = start_date or timezone.localdate()
    mover = user if join_registered else None  # people left where they are move nowhere
    report = check_import(
        table, mapping, club=club, start_date=start, lock=True, user=mover, date_order=date_order
    )
    if not report.ok:
        raise ImportRejected(report)
    joining = report.joining if join_registered else []
    if not report.new and not joining:
        raise InvalidData(
            {"registered": [_("Nobody to import: everyone in the file is already registered.")]}
        )
    try:
        people = Person.objects.bulk_create([_person(m) for m in report.new], batch_size=CHUNK)
        Membership.objects.bulk_create(
            [Membership(person=p, club=club, start_date=start) for p in people], batch_size=CHUNK
        )
        joined = join(joining, club, start, user)
    except IntegrityError as error:  # someone registered the same person or membership meanwhile
        raise Conflict(_("The registry changed during the import; check the file again.")) from error
    _log_created(people, club, start, user)
    moved = sum(1 for r in joining if r.club_id is not None)
    imported = Imported(people, joined, len(report.staying) if join_registered else 0, moved)
    left = 0 if join_registered else len(report.joining)
    log_batch(club, imported, user=user, filename=filename, left_where_they_are=left)
    return imported


def log_batch(club: Club, imported: Imported, *, user: Any, filename: str, left_where_they_are: int) -> None:
    """One "imported batch" audit entry on the club: the file's name and what the import did, in counts."""
    counts = {
        "created": len(imported.created),
        "joined": len(imported.joined) - imported.moved,
        "moved": imported.moved,
        "unchanged": imported.unchanged,
        "left_where_they_are": left_where_they_are,
    }
    changes: dict[str, Any] = {"file": [None, filename or "—"]}
    changes |= {key: [None, count] for key, count in counts.items()}
    club.log_action("imported batch", user, changes)


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
    sheet.append([export_text(str(cell)) for cell in header])
    for row in rows:
        sheet.append(
            [
                cell if isinstance(cell, int | float | Decimal | dt.date) else export_text(str(cell))
                for cell in row
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
