"""``/people``: the registry, public-safe for everyone, in full for those who may see the person.

The public (no credentials, or a role that reads no registry) finds only the licensed competitors who
consented to publication, and never a minor's birth year (alatau.registry.privacy, docs/privacy.md).
Registry roles read names, current club, nationality, FIS code, gender and adults' birth years
of anyone. Federation staff (and administrators) and the manager of the person's current club
also get the birth date, contact details, roles and club history. Writes go through the registry services,
which check the caller's role and detect duplicates (409 with the people already registered).
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.common import get_or_404, get_or_422, if_match, ordered, page_of
from alatau.api.errors import (
    CREATE,
    DETAIL,
    READ,
    WRITE,
    ConflictErrorOut,
    DuplicateErrorOut,
    ErrorOut,
    responses,
)
from alatau.api.schemas import (
    MembershipIn,
    PageIn,
    PathId,
    PersonDetailOut,
    PersonFilter,
    PersonIn,
    PersonPage,
    PersonPatch,
)
from alatau.registry import services
from alatau.registry.models import Club, Membership, Person
from alatau.registry.privacy import people_listed_for, public_birth_year

router = Router(tags=["people"])

ORDERING = {"name": ("last_name", "first_name"), "fis_code": ("fis_code",), "created": ("created_at",)}
PUBLIC_FIELDS = (
    "last_name",
    "first_name",
    "last_name_cyrillic",
    "first_name_cyrillic",
    "gender",
    "nationality",
    "fis_code",
)
PRIVATE_FIELDS = (
    "birth_date",
    "email",
    "phone",
    "is_athlete",
    "is_coach",
    "is_official",
    "publication_consent",
)


#: Optional text fields: an explicit ``null`` stores them empty, as the forms do.
BLANK_FIELDS = ("last_name_cyrillic", "first_name_cyrillic", "email", "phone")


def blanks_for_nulls(data: dict[str, Any]) -> dict[str, Any]:
    return {key: "" if value is None and key in BLANK_FIELDS else value for key, value in data.items()}


def people(*, history: bool = False) -> QuerySet[Person]:
    """People with their memberships prefetched: the current one only, or the whole history."""
    memberships = Membership.objects.select_related("club").order_by("-start_date")
    if not history:
        memberships = memberships.filter(end_date__isnull=True)
    return Person.objects.all().prefetch_related(Prefetch("memberships", queryset=memberships))


def listed_people(user: Any, *, history: bool = False) -> QuerySet[Person]:
    """:func:`people` that ``user`` may find at all: the public gets the published ones only."""
    return people(history=history).filter(pk__in=people_listed_for(user).values("pk"))


def person_out(person: Person, user: Any, *, history: bool = False) -> dict[str, Any]:
    """The person's public fields, and the private ones when ``user`` may see them."""
    membership = services.current_membership(person)
    data: dict[str, Any] = {name: getattr(person, name) for name in PUBLIC_FIELDS}
    data.update(id=person.pk, name=str(person), version=person.version)
    data["club"] = {"id": membership.club.pk, "name": membership.club.name} if membership else None
    data["full"] = services.can_see_person(user, person)
    data["birth_year"] = person.birth_date.year if data["full"] else public_birth_year(person)
    if data["full"]:
        data.update({name: getattr(person, name) for name in PRIVATE_FIELDS})
        if history:
            data["memberships"] = [_membership_out(m) for m in person.memberships.all()]
    return data


def _membership_out(membership: Membership) -> dict[str, Any]:
    club = {"id": membership.club.pk, "name": membership.club.name}
    return {"club": club, "start_date": membership.start_date, "end_date": membership.end_date}


def filter_people(queryset: QuerySet[Person], filters: PersonFilter) -> QuerySet[Person]:
    queryset = services.search_people(queryset, filters.q)
    if filters.club is not None:
        queryset = queryset.filter(memberships__club=filters.club, memberships__end_date__isnull=True)
    if filters.nationality:
        queryset = queryset.filter(nationality=filters.nationality.upper())
    if filters.gender:
        queryset = queryset.filter(gender=filters.gender)
    if filters.fis_code:
        queryset = queryset.filter(fis_code=filters.fis_code)
    return ordered(queryset, filters.ordering, ORDERING)


@router.get("", response=responses(PersonPage, READ), auth=read_auth, summary="List people")
def list_people(request: HttpRequest, filters: Query[PersonFilter], page: Query[PageIn]) -> dict[str, Any]:
    """Registry roles list everyone, the public only the published competitors (docs/privacy.md).

    Private fields only where the caller may see them (``full``); a minor's birth year only then.
    """
    user = caller(request)
    found = filter_people(listed_people(user), filters)
    return page_of(found, page, lambda person: person_out(person, user))


@router.get("/{person_id}", response=responses(PersonDetailOut, DETAIL), auth=read_auth, summary="One person")
def get_person(request: HttpRequest, person_id: PathId) -> dict[str, Any]:
    user = caller(request)
    person = get_or_404(listed_people(user, history=True), _("No such person."), pk=person_id)
    return person_out(person, user, history=True)


def _detail(person_id: int, user: Any) -> dict[str, Any]:
    return person_out(people(history=True).get(pk=person_id), user, history=True)


@router.post(
    "",
    response=responses(PersonDetailOut, CREATE, status=201, conflict=DuplicateErrorOut),
    auth=write_auth,
    summary="Register a person",
)
def create_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Administrators register anyone; a club manager registers members of their clubs (``club_id``).

    Same FIS code, or same name and birth date, is a 409 listing the people already registered
    (``allow_duplicate`` accepts a namesake born the same day, never a second FIS code).
    """
    user = caller(request)
    data = blanks_for_nulls(
        payload.model_dump(
            exclude_unset=True, exclude={"club_id", "start_date", "allow_duplicate", "version"}
        )
    )
    club = get_or_422(Club.objects.all(), "club_id", pk=payload.club_id) if payload.club_id else None
    person = services.create_person(
        data, user=user, club=club, start_date=payload.start_date, allow_duplicate=payload.allow_duplicate
    )
    return Status(201, _detail(person.pk, user))


@router.patch(
    "/{person_id}",
    response=responses(PersonDetailOut, WRITE, conflict=ConflictErrorOut),
    auth=write_auth,
    summary="Update a person",
)
def update_person(request: HttpRequest, person_id: PathId, payload: PersonPatch) -> dict[str, Any]:
    """Change some fields (only those sent); administrators, or the manager of the person's club."""
    user = caller(request)
    person = get_or_404(people(), _("No such person."), pk=person_id)
    data = blanks_for_nulls(payload.model_dump(exclude_unset=True, exclude={"allow_duplicate"}))
    data["version"] = if_match(request, data.get("version"))
    services.update_person(person, data, user=user, allow_duplicate=payload.allow_duplicate)
    return _detail(person.pk, user)


@router.post(
    "/{person_id}/memberships",
    response=responses(PersonDetailOut, WRITE, status=201, conflict=ErrorOut),
    auth=write_auth,
    summary="Move a person into a club",
)
def join_club(request: HttpRequest, person_id: PathId, payload: MembershipIn) -> Status[dict[str, Any]]:
    """Make the club the person's current one from ``start_date``, closing the previous membership."""
    user = caller(request)
    person = get_or_404(Person.objects.all(), _("No such person."), pk=person_id)
    club = get_or_422(Club.objects.all(), "club_id", pk=payload.club_id)
    services.join_club(person, club, user=user, start_date=payload.start_date)
    return Status(201, _detail(person.pk, user))
