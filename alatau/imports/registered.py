"""Rows of a member file whose person is already in the registry.

A club's member list comes back every season, and people move between clubs: a row that matches
exactly one registered person (same FIS code, or same Latin name and birth date) is not a new
person but a member to add to the club, with :func:`registry.services.join_club`'s meaning — the
current membership in another club ends the day before, and someone already a current member of
the club needs nothing. A row that matches several people, or one person whose FIS code, birth
date or gender say otherwise, stays a problem: only the federation can tell who it is.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from alatau.core.models import AuditEntry
from alatau.core.permissions import is_federation_admin, managed_club_ids
from alatau.imports.members import Member, RowProblem
from alatau.registry.models import Club, Membership, Person
from alatau.registry.services import identity_key

#: Rows per query when checking against the registry (SQLite caps the parameters of one query).
CHUNK = 500
_COLUMNS = ("pk", "fis_code", "last_name", "first_name", "birth_date", "gender")


@dataclass(frozen=True)
class Known:
    """A registered person, as much as the check needs."""

    pk: int
    fis_code: str | None
    last_name: str
    first_name: str
    birth_date: dt.date
    gender: str

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass
class Registered:
    """A row of the file that is a person already in the registry, and their current club."""

    member: Member
    person: Known
    club_id: int | None = None  # the current club, if any
    club_name: str = ""
    since: dt.date | None = None

    @property
    def row(self) -> int:
        return self.member.row

    def stays(self, club: Club | None) -> bool:
        """Already a current member of ``club``: nothing to do."""
        return club is not None and self.club_id == club.pk


@dataclass
class Matched:
    new: list[Member] = field(default_factory=list)
    registered: list[Registered] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _known(members: list[Member]) -> tuple[dict[str, Known], dict[tuple[str, str, Any], list[Known]]]:
    """The registered people the rows may be: by FIS code, and by Latin name and birth date."""
    by_code: dict[str, Known] = {}
    for chunk in chunks(sorted({m.fis_code for m in members if m.fis_code})):
        for values in Person.objects.filter(fis_code__in=chunk).values_list(*_COLUMNS):
            by_code[values[1]] = Known(*values)
    by_name: dict[tuple[str, str, Any], list[Known]] = {}
    for chunk in chunks(sorted({m.birth_date for m in members})):
        for values in Person.objects.filter(birth_date__in=chunk).values_list(*_COLUMNS):
            known = Known(*values)
            by_name.setdefault(identity_key(known.last_name, known.first_name, known.birth_date), []).append(
                known
            )
    return by_code, by_name


def conflict(member: Member, person: Known) -> str | None:
    """Why the row cannot be ``person`` although it matches them, or None when it agrees."""
    if member.fis_code and person.fis_code and member.fis_code != person.fis_code:
        message = _("matches %(person)s in the registry, whose FIS code is %(code)s")
        return message % {"person": person, "code": person.fis_code}
    if member.birth_date != person.birth_date:
        message = _("FIS code %(code)s belongs to %(person)s, born %(date)s")
        return message % {"code": member.fis_code, "person": person, "date": person.birth_date.isoformat()}
    if member.gender != person.gender:
        return _("matches %(person)s in the registry, who is of the other gender") % {"person": person}
    return None


def match_registry(members: list[Member]) -> Matched:
    """Sort clean rows into new people, registered people, and rows that cannot be told apart."""
    by_code, by_name = _known(members)
    matched, taken = Matched(), dict[int, int]()
    for member in members:
        candidates = {k.pk: k for k in by_name.get(member.name_key, [])}
        if member.fis_code in by_code:
            candidates[by_code[member.fis_code].pk] = by_code[member.fis_code]
        problem = _problem(member, list(candidates.values()), taken)
        if problem:
            matched.problems.append(RowProblem(member.row, "duplicate", problem))
        elif candidates:
            person = next(iter(candidates.values()))
            taken[person.pk] = member.row
            matched.registered.append(Registered(member, person))
        else:
            matched.new.append(member)
    return matched


def _problem(member: Member, candidates: list[Known], taken: dict[int, int]) -> str | None:
    if len(candidates) > 1:
        names = ", ".join(sorted(str(k) for k in candidates))
        return _("matches several people in the registry (%(people)s); ask the federation") % {
            "people": names
        }
    if not candidates:
        return None
    person = candidates[0]
    problem = conflict(member, person)
    if problem is None and person.pk in taken:
        problem = _("same registered person as row %(row)d of the file") % {"row": taken[person.pk]}
    return problem


def add_current_clubs(registered: list[Registered], *, lock: bool = False) -> None:
    """Fill each registered row's current club (locking the memberships inside the import's transaction)."""
    by_person = {r.person.pk: r for r in registered}
    for chunk in chunks(sorted(by_person)):
        current = Membership.objects.filter(person_id__in=chunk, end_date__isnull=True)
        if lock:
            current = current.select_for_update()
        for person_id, club_id, name, since in current.values_list(
            "person_id", "club_id", "club__name", "start_date"
        ):
            row = by_person[person_id]
            row.club_id, row.club_name, row.since = club_id, name, since


def start_problems(registered: list[Registered], club: Club | None, start: dt.date) -> list[RowProblem]:
    """Moves that cannot start on ``start``: the current membership elsewhere began that day or later."""
    message = _("joined %(club)s on %(date)s; the move into this club must start later")
    return [
        RowProblem(r.row, "start_date", message % {"club": r.club_name, "date": r.since.isoformat()})
        for r in registered
        if r.since is not None and not r.stays(club) and r.since >= start
    ]


def transfer_problems(registered: list[Registered], club: Club | None, user: Any) -> list[RowProblem]:
    """Moves out of a club the user does not manage: as with join_club, transfers are the federation's."""
    if user is None or is_federation_admin(user):
        return []
    managed = set(managed_club_ids(user))
    message = _(
        "registered in %(club)s: only the federation can transfer a member from another club;"
        " remove the row or ask a federation administrator"
    )
    return [
        RowProblem(r.row, "club", message % {"club": r.club_name})
        for r in registered
        if r.club_id is not None and not r.stays(club) and r.club_id not in managed
    ]


def join(registered: list[Registered], club: Club, start: dt.date, user: Any) -> list[int]:
    """Make ``club`` the current club of the registered rows; returns the ids of the people who joined.

    Like join_club, in bulk: the membership elsewhere ends the day before ``start``, and each
    change is audited ("left club", "joined club").
    """
    moving = [r for r in registered if not r.stays(club)]
    leaving = [r.person.pk for r in moving if r.club_id is not None]
    until = start - dt.timedelta(days=1)
    for chunk in chunks(leaving):
        Membership.objects.filter(person_id__in=chunk, end_date__isnull=True).update(end_date=until)
    Membership.objects.bulk_create(
        [Membership(person_id=r.person.pk, club=club, start_date=start) for r in moving], batch_size=CHUNK
    )
    _audit(moving, club, start, user)
    return [r.person.pk for r in moving]


def _audit(moving: list[Registered], club: Club, start: dt.date, user: Any) -> None:
    kind = ContentType.objects.get_for_model(Person)
    actor = user if getattr(user, "is_authenticated", False) else None
    until = str(start - dt.timedelta(days=1))

    def entry(row: Registered, action: str, changes: dict[str, Any]) -> AuditEntry:
        return AuditEntry(
            content_type=kind,
            object_id=str(row.person.pk),
            object_repr=str(row.person)[:200],
            action=action,
            actor=actor,
            changes=changes,
        )

    entries = [
        entry(r, "left club", {"club": [r.club_name, None], "until": [None, until]})
        for r in moving
        if r.club_id
    ]
    joined = {"club": [None, club.name], "from": [None, str(start)]}
    entries += [entry(r, "joined club", joined) for r in moving]
    AuditEntry.objects.bulk_create(entries, batch_size=CHUNK)
