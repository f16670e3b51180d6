"""What goes in and out of ``/api/v1/``: pydantic schemas (django-ninja), one per shape.

People and licences have one output schema each whose private fields are ``null`` unless the
caller may see them (``"full": true``), so that a list mixes both without changing shape.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, P, Schema
from ninja.params import PathEx
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, WithJsonSchema, model_validator

from alatau.licences.models import Licence
from alatau.registry.models import Gender
from alatau.registry.plausible import nation_codes, nationality_problem

KindCode = Literal["competitor", "coach", "official", "recreational"]
StatusCode = Literal["requested", "approved", "active", "expired", "revoked", "refused", "withdrawn"]
assert set(KindCode.__args__) == set(Licence.Kind.values)  # type: ignore[attr-defined]
assert set(StatusCode.__args__) == set(Licence.Status.values)  # type: ignore[attr-defined]
GenderCode = Literal["M", "W"]
assert set(GenderCode.__args__) == set(Gender.values)  # type: ignore[attr-defined]

MAX_LIMIT = 200
#: Ids are 64-bit database keys; anything larger is a 422, never a database overflow.
MAX_ID = 2**63 - 1
#: Far beyond any list the registry holds, and safe to add a limit to.
MAX_OFFSET = 10**9

#: An object id in a query or a body.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
#: An object id in the path: ``def get_club(request, club_id: PathId)``.
PathId = PathEx[int, P(ge=1, le=MAX_ID)]


def _nation(code: str) -> str:
    problem = nationality_problem(code)
    if problem:
        raise ValueError(problem)
    return code


#: A current IOC country code, as FIS lists use them (alatau/registry/data/nations.csv).
NationCode = Annotated[
    str,
    AfterValidator(_nation),
    WithJsonSchema({"type": "string", "enum": nation_codes(), "description": "IOC country code."}),
]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def optional(**constraints: Any) -> Any:
    """A field a PATCH may leave out but, when sent, must hold a value (``null`` is refused)."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class InputSchema(Schema):
    """A request body: a JSON object, never an array or a scalar read as "no fields"."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        sent = data._obj if isinstance(data, DjangoGetter) else data  # ninja wraps what it validates
        if not isinstance(sent, dict):
            raise ValueError("The body must be a JSON object.")
        return data


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="How many items to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class PageOut(Schema):
    count: int = Field(description="How many items match, over all pages.")
    limit: int
    offset: int


# --- regions and disciplines -------------------------------------------------------------------


class NamedOut(Schema):
    id: int
    code: str
    name: str = Field(description="In the language of the request (Accept-Language).")
    name_kk: str
    name_ru: str
    name_en: str
    name_fr: str


class RegionOut(NamedOut):
    kind: Literal["oblast", "city"]


class DisciplineOut(NamedOut):
    pass


# --- clubs ---------------------------------------------------------------------------------------


class RegionRef(Schema):
    code: str
    name: str


class ClubOut(Schema):
    id: int
    name: str
    short_name: str
    region: RegionRef
    town: str
    contact_name: str
    email: str
    phone: str
    website: str
    disciplines: list[str] = Field(description="Discipline codes.")
    version: int = Field(description="Raised by each change; send it back with an update.")


class ClubPage(PageOut):
    items: list[ClubOut]


class ClubPatch(InputSchema):
    """The fields to change; ``null`` on an optional text field stores it empty."""

    name: str = optional(min_length=1, max_length=200)
    short_name: str | None = Field(None, max_length=40)
    region: str = optional(max_length=32, description="Region code, e.g. almaty-city.")
    town: str = optional(min_length=1, max_length=120)
    contact_name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    website: str | None = Field(None, max_length=200)
    disciplines: list[str] = optional(max_length=20, description="Discipline codes.")
    version: int | None = Field(
        None, ge=0, le=2**31, description="The version the change starts from (or If-Match); 409 if outdated."
    )


class ClubIn(ClubPatch):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(description="Region code, e.g. almaty-city.")
    town: str = Field(min_length=1, max_length=120)


class ClubFilter(Schema):
    q: str | None = Field(None, max_length=200, description="Part of the name, short name or town.")
    region: str | None = Field(None, max_length=32, description="Region code.")
    discipline: str | None = Field(None, max_length=32, description="Discipline code.")
    ordering: Literal["name", "-name", "town", "-town", "created", "-created"] = "name"


# --- people --------------------------------------------------------------------------------------


class ClubRef(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    club: ClubRef
    start_date: dt.date
    end_date: dt.date | None


class PersonOut(Schema):
    id: int
    name: str
    last_name: str
    first_name: str
    last_name_cyrillic: str
    first_name_cyrillic: str
    gender: GenderCode
    nationality: str
    fis_code: str | None
    birth_year: int | None = Field(
        description="null for a minor unless the caller may see the person (full)."
    )
    club: ClubRef | None = Field(description="The current club.")
    full: bool = Field(description="Whether the private fields below are given (authorised callers only).")
    birth_date: dt.date | None = None
    email: str | None = None
    phone: str | None = None
    is_athlete: bool | None = None
    is_coach: bool | None = None
    is_official: bool | None = None
    publication_consent: dt.date | None = None
    version: int = Field(description="Raised by each change; send it back with an update.")


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut] | None = Field(
        None, description="Club history (authorised callers only)."
    )


class PersonPage(PageOut):
    items: list[PersonOut]


class PersonPatch(InputSchema):
    """The fields to change; ``null`` stores an optional text field empty and removes the FIS code."""

    last_name: str = optional(min_length=1, max_length=100)
    first_name: str = optional(min_length=1, max_length=100)
    last_name_cyrillic: str | None = Field(None, max_length=100)
    first_name_cyrillic: str | None = Field(None, max_length=100)
    birth_date: dt.date = optional(description="From 1900-01-01 to today.")
    gender: GenderCode = optional()
    nationality: NationCode = optional()
    fis_code: str | None = Field(None, max_length=12)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    is_athlete: bool = optional()
    is_coach: bool = optional()
    is_official: bool = optional()
    publication_consent: dt.date | None = Field(
        None, description="The day the person agreed to be published (docs/privacy.md); null: not public."
    )
    allow_duplicate: bool = Field(
        False,
        description="Register although someone has the same name and birth date (never the same FIS code).",
    )
    version: int | None = Field(
        None, ge=0, le=2**31, description="The version the change starts from (or If-Match); 409 if outdated."
    )


class PersonIn(PersonPatch):
    last_name: str = Field(min_length=1, max_length=100)
    first_name: str = Field(min_length=1, max_length=100)
    birth_date: dt.date = Field(description="From 1900-01-01 to today.")
    gender: GenderCode
    club_id: ObjectId | None = Field(
        None, description="Register as a member of this club (required of club managers)."
    )
    start_date: dt.date | None = Field(
        None, description="Membership start (today by default), not before the birth date."
    )


class PersonFilter(Schema):
    q: str | None = Field(
        None, max_length=200, description="Part of a name (Latin or Cyrillic) or a FIS code."
    )
    club: ObjectId | None = Field(None, description="Current club id.")
    nationality: str | None = Field(None, max_length=3, description="IOC country code.")
    gender: GenderCode | None = None
    fis_code: str | None = Field(None, max_length=12)
    ordering: Literal["name", "-name", "fis_code", "-fis_code", "created", "-created"] = "name"


class MembershipIn(InputSchema):
    club_id: ObjectId
    start_date: dt.date = Field(description="Not before the birth date, at most a year from today.")


# --- licences ------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class LicenceOut(Schema):
    id: int
    person: PersonRef
    club: ClubRef
    season: int = Field(description="Year the season starts (1 July).")
    season_label: str = Field(description="e.g. 2025/26")
    kind: KindCode
    status: StatusCode
    valid_from: dt.date
    valid_until: dt.date
    number: str = Field(description="Given on approval; empty before.")
    discipline: str | None = Field(description="Discipline code.")
    fee: Decimal = Field(description="Season fee in tenge.")
    requested_by: str | None
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    status_reason: str = Field(description="Why it was refused or revoked.")
    verification_token: str = Field(description="The token of the public verification page (QR code).")


class LicencePage(PageOut):
    items: list[LicenceOut]


class LicenceFilter(Schema):
    season: int | None = Field(None, ge=1900, le=2200, description="Year the season starts.")
    status: StatusCode | None = None
    kind: KindCode | None = None
    club: ObjectId | None = Field(None, description="Club id.")
    person: ObjectId | None = Field(None, description="Person id.")
    ordering: Literal["season", "-season", "name", "-name", "valid_until", "-valid_until"] = "-season"


class LicenceRequestIn(InputSchema):
    person_id: ObjectId
    club_id: ObjectId
    kind: KindCode
    season: int | None = Field(
        None, ge=1900, le=2200, description="Year the season starts (current by default)."
    )
    discipline: str | None = Field(None, max_length=32, description="Discipline code.")


class ReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class VerificationOut(Schema):
    """The public face of a licence: what the QR code on its card shows, nothing more."""

    name: str
    club: str
    kind: KindCode
    kind_label: str
    season: int
    season_label: str
    valid_from: dt.date
    valid_until: dt.date
    status: StatusCode
    valid: bool = Field(description="Active, and today lies within its validity.")
