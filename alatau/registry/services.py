"""Registry workflows: people, duplicates and club membership.

Views, the API, imports and the demo all go through these functions, which check the
user's role, validate, write in one transaction and record every change in the audit log.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, DuplicatePerson, InvalidData, NotAllowed
from alatau.core.permissions import (
    can_manage_club,
    is_club_manager,
    is_federation_admin,
    managed_club_ids,
    reads_whole_registry,
)
from alatau.registry.models import Club, Membership, Person
from alatau.registry.plausible import membership_start_problem
from alatau.registry.search import search_filter
from alatau.registry.versions import RELATIONS, claim, expected_version

__all__ = [
    "PERSON_FIELDS",
    "Conflict",
    "DuplicatePerson",
    "InvalidData",
    "NotAllowed",
    "can_edit_person",
    "can_manage_club",
    "can_see_person",
    "create_person",
    "current_membership",
    "find_duplicates",
    "identity_key",
    "join_club",
    "leave_club",
    "search_people",
    "update_person",
    "visible_clubs",
    "visible_people",
]

M = TypeVar("M", bound=models.Model)

#: The fields of a person that callers may set (the keys of ``data``).
PERSON_FIELDS = (
    "last_name",
    "first_name",
    "last_name_cyrillic",
    "first_name_cyrillic",
    "birth_date",
    "gender",
    "nationality",
    "fis_code",
    "email",
    "phone",
    "is_athlete",
    "is_coach",
    "is_official",
    "publication_consent",
)


def visible_clubs(user: Any) -> QuerySet[Club]:
    """Clubs whose members and licences the user may see.

    All clubs for the federation-wide roles, the managed clubs for a club manager, none for
    the public. (The club directory itself — name, region, town, contact — is public.)
    """
    if reads_whole_registry(user):
        return Club.objects.all()
    if is_club_manager(user):
        return Club.objects.filter(pk__in=managed_club_ids(user))
    return Club.objects.none()


def visible_people(user: Any) -> QuerySet[Person]:
    """People the user may see: everyone for federation roles, current members for a club manager."""
    if reads_whole_registry(user):
        return Person.objects.all()
    if is_club_manager(user):
        return Person.objects.filter(
            memberships__club__in=managed_club_ids(user), memberships__end_date__isnull=True
        )
    return Person.objects.none()


def search_people(queryset: QuerySet[M], query: str | None, *, via: str = "") -> QuerySet[M]:
    """Rows whose person's names or FIS code contain every word of ``query``, in any case and script.

    ``via`` is the path to the person from the queryset's model (``"person__"`` for licences).
    """
    return search_filter(queryset, query, via=via)


def current_membership(person: Person) -> Membership | None:
    """The open membership (no end date), if the person belongs to a club now."""
    for membership in person.memberships.all():  # uses a prefetch when there is one
        if membership.end_date is None:
            return membership
    return None


def can_see_person(user: Any, person: Person) -> bool:
    if reads_whole_registry(user):
        return True
    membership = current_membership(person)
    return membership is not None and membership.club_id in managed_club_ids(user)


def can_edit_person(user: Any, person: Person) -> bool:
    """Administrators edit anyone; a club manager edits the current members of their clubs."""
    if is_federation_admin(user):
        return True
    membership = current_membership(person)
    return membership is not None and membership.club_id in managed_club_ids(user)


def identity_key(last_name: str, first_name: str, birth_date: dt.date | None) -> tuple[str, str, Any]:
    """Same person when there is no FIS code: Latin names (case-insensitive) and birth date."""
    return (str(last_name).strip().casefold(), str(first_name).strip().casefold(), birth_date)


def find_duplicates(data: Mapping[str, Any], *, exclude: Person | None = None) -> list[Person]:
    """People already registered with the same FIS code, or the same Latin name and birth date."""
    query = Q()
    if data.get("fis_code"):
        query |= Q(fis_code=str(data["fis_code"]).strip())
    if data.get("last_name") and data.get("first_name") and data.get("birth_date"):
        query |= Q(
            last_name__iexact=str(data["last_name"]).strip(),
            first_name__iexact=str(data["first_name"]).strip(),
            birth_date=data["birth_date"],
        )
    if not query:
        return []
    people = Person.objects.filter(query)
    if exclude is not None and exclude.pk is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people.order_by("pk")[:10])


def _clean_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - set(PERSON_FIELDS))
    if unknown:
        raise InvalidData({name: [_("Unknown field.")] for name in unknown})
    clean = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    if "fis_code" in clean and not clean["fis_code"]:
        clean["fis_code"] = None  # unique only when present: blanks are NULL
    if clean.get("nationality"):
        clean["nationality"] = str(clean["nationality"]).upper()
    return clean


def _validate(person: Person) -> None:
    try:
        person.full_clean(validate_unique=False)
    except ValidationError as error:
        raise InvalidData({k: [str(m) for m in v] for k, v in error.message_dict.items()}) from None


def _check_duplicates(person: Person, allow_duplicate: bool) -> None:
    found = find_duplicates(vars(person), exclude=person)
    same_code = [p for p in found if person.fis_code and p.fis_code == person.fis_code]
    if same_code:
        raise DuplicatePerson(
            _("FIS code %(code)s already belongs to %(person)s.")
            % {"code": person.fis_code, "person": same_code[0]},
            same_code,
        )
    if found and not allow_duplicate:
        raise DuplicatePerson(
            _("%(person)s, born %(date)s, is already registered.")
            % {"person": found[0], "date": person.birth_date},
            found,
        )


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Old → new for each changed field, as JSON-friendly strings."""

    def text(value: Any) -> Any:
        return value if value is None or isinstance(value, bool) else str(value)

    return {k: [text(old.get(k)), text(new.get(k))] for k in new if text(old.get(k)) != text(new.get(k))}


@transaction.atomic
def create_person(
    data: Mapping[str, Any],
    *,
    user: Any,
    club: Club | None = None,
    start_date: dt.date | None = None,
    allow_duplicate: bool = False,
) -> Person:
    """Register a person, optionally as a member of ``club`` from ``start_date`` (today by default).

    Raises
    ------
    NotAllowed
        A club manager without one of their clubs, or a role that cannot write.
    InvalidData
        Missing or malformed fields.
    DuplicatePerson
        Same FIS code (always), or same name and birth date (unless ``allow_duplicate``).
    """
    if not (is_federation_admin(user) or (club is not None and can_manage_club(user, club))):
        raise NotAllowed(_("You may not register people in this club."))
    person = Person(**_clean_data(data))
    _validate(person)
    _check_duplicates(person, allow_duplicate)
    person.save()
    fields = {name: getattr(person, name) for name in PERSON_FIELDS}
    person.log_action("created", user, _changes({}, fields))
    if club is not None:
        _open_membership(person, club, start_date or dt.date.today(), user)
    return person


@transaction.atomic
def update_person(
    person: Person, data: Mapping[str, Any], *, user: Any, allow_duplicate: bool = False
) -> Person:
    """Change some of a person's fields; the audit log records each old → new value."""
    if not can_edit_person(user, person):
        raise NotAllowed(_("You may not edit this person."))
    expected = expected_version(data.get("version"))
    clean = _clean_data({key: value for key, value in data.items() if key != "version"})
    stored_version = claim(person, expected, clean)
    old = {name: getattr(person, name) for name in clean}
    for name, value in clean.items():
        setattr(person, name, value)
    _validate(person)
    changes = _changes(old, {name: getattr(person, name) for name in clean})
    if not changes:
        return person
    if {"fis_code", "last_name", "first_name", "birth_date"} & set(changes):
        _check_duplicates(person, allow_duplicate)
    person.version = stored_version + 1
    person.save()
    person.log_action("updated", user, changes)
    return person


def _check_membership_date(person: Person, day: dt.date, field: str) -> None:
    """A membership date before the person's birth, or implausibly far away, is refused."""
    reason = membership_start_problem(day, person.birth_date)
    if reason:
        raise InvalidData({field: [reason]})


def _open_membership(person: Person, club: Club, start_date: dt.date, user: Any) -> Membership:
    _check_membership_date(person, start_date, "start_date")
    membership = Membership.objects.create(person=person, club=club, start_date=start_date)
    person.log_action("joined club", user, {"club": [None, club.name], "from": [None, str(start_date)]})
    return membership


@transaction.atomic
def join_club(person: Person, club: Club, *, user: Any, start_date: dt.date) -> Membership:
    """Make ``club`` the person's current club from ``start_date``, closing the previous membership.

    A club manager may take in people who have no current club or who move between the clubs
    they manage; transfers from another club are the federation's decision.
    """
    current = Membership.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    allowed = is_federation_admin(user) or (
        can_manage_club(user, club) and (current is None or can_manage_club(user, current.club))
    )
    if not allowed:
        raise NotAllowed(_("You may not move this person into this club."))
    if current is not None:
        if current.club_id == club.pk:
            raise Conflict(
                _("%(person)s is already a member of %(club)s.") % {"person": person, "club": club}
            )
        if start_date <= current.start_date:
            raise InvalidData({"start_date": [_("The new membership must start after the current one.")]})
        _close(current, start_date, user)
    return _open_membership(person, club, start_date, user)


def _close(membership: Membership, start_of_next: dt.date, user: Any) -> None:
    membership.end_date = start_of_next - dt.timedelta(days=1)
    membership.save(update_fields=["end_date"])
    membership.person.log_action(
        "left club", user, {"club": [membership.club.name, None], "until": [None, str(membership.end_date)]}
    )


@transaction.atomic
def leave_club(person: Person, *, user: Any, end_date: dt.date) -> Membership:
    """End the person's current membership on ``end_date``."""
    current = Membership.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current is None:
        raise Conflict(_("%(person)s has no current club.") % {"person": person})
    if not can_manage_club(user, current.club):
        raise NotAllowed(_("You may not change this membership."))
    if end_date < current.start_date:
        raise InvalidData({"end_date": [_("The membership cannot end before it starts.")]})
    _check_membership_date(person, end_date, "end_date")
    _close(current, end_date + dt.timedelta(days=1), user)
    return current


def people_of_clubs(clubs: Iterable[Club]) -> QuerySet[Person]:
    """Current members of the given clubs."""
    return Person.objects.filter(memberships__club__in=list(clubs), memberships__end_date__isnull=True)


CLUB_FIELDS = ("name", "short_name", "region", "town", "contact_name", "email", "phone", "website")


def _club_state(club: Club) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(club, name) for name in CLUB_FIELDS}
    if club.pk:
        state["disciplines"] = ", ".join(sorted(d.code for d in club.disciplines.all()))
        state["managers"] = ", ".join(sorted(u.username for u in club.managers.all()))
    return state


def _set_relations(club: Club, data: Mapping[str, Any], user: Any) -> None:
    if "disciplines" in data:
        club.disciplines.set(data["disciplines"])
    if "managers" in data:
        if not is_federation_admin(user):
            raise NotAllowed(_("Only a federation administrator appoints club managers."))
        club.managers.set(data["managers"])


@transaction.atomic
def create_club(data: Mapping[str, Any], *, user: Any) -> Club:
    """Register a club (federation administrators only); ``data`` may hold disciplines and managers."""
    if not is_federation_admin(user):
        raise NotAllowed(_("Only a federation administrator registers clubs."))
    club = Club(**{k: v for k, v in data.items() if k in CLUB_FIELDS})
    try:
        club.full_clean()
    except ValidationError as error:
        raise InvalidData({k: [str(m) for m in v] for k, v in error.message_dict.items()}) from None
    club.save()
    _set_relations(club, data, user)
    club.log_action("created", user, _changes({}, _club_state(club)))
    return club


@transaction.atomic
def update_club(club: Club, data: Mapping[str, Any], *, user: Any) -> Club:
    """Change a club's details; its managers may do so, only administrators change the managers."""
    if not can_manage_club(user, club):
        raise NotAllowed(_("You may not edit this club."))
    submitted = {key: value for key, value in data.items() if key in (*CLUB_FIELDS, *RELATIONS)}
    club.version = claim(club, expected_version(data.get("version")), submitted) + 1
    old = _club_state(club)
    for name in CLUB_FIELDS:
        if name in data:
            setattr(club, name, data[name])
    try:
        club.full_clean()
    except ValidationError as error:
        raise InvalidData({k: [str(m) for m in v] for k, v in error.message_dict.items()}) from None
    club.save()
    _set_relations(club, data, user)
    changes = _changes(old, _club_state(club))
    if changes:
        club.log_action("updated", user, changes)
    return club
