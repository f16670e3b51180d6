"""``/clubs``: the public club directory; administrators create clubs, managers update their own."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.common import get_or_404, get_or_422, if_match, ordered, page_of
from alatau.api.errors import CREATE, DETAIL, READ, WRITE, StaleErrorOut, responses
from alatau.api.schemas import ClubFilter, ClubIn, ClubOut, ClubPage, ClubPatch, PageIn, PathId
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.permissions import can_create_club, can_manage_club
from alatau.registry import services
from alatau.registry.models import Club, Discipline, Region
from alatau.registry.search import search_filter

router = Router(tags=["clubs"])

ORDERING = {"name": ("name",), "town": ("town", "name"), "created": ("created_at",)}
CLUB_FIELDS = ("name", "short_name", "town", "contact_name", "email", "phone", "website")


def clubs() -> QuerySet[Club]:
    return Club.objects.select_related("region").prefetch_related("disciplines")


def club_out(club: Club) -> dict[str, Any]:
    data = {name: getattr(club, name) for name in CLUB_FIELDS}
    region = {"code": club.region.code, "name": club.region.name}
    disciplines = [d.code for d in club.disciplines.all()]
    return {"id": club.pk, **data, "region": region, "disciplines": disciplines, "version": club.version}


def filter_clubs(queryset: QuerySet[Club], filters: ClubFilter) -> QuerySet[Club]:
    queryset = search_filter(queryset, filters.q)  # name, short name and town, in any case and script
    if filters.region:
        queryset = queryset.filter(region__code=filters.region)
    if filters.discipline:
        queryset = queryset.filter(disciplines__code=filters.discipline)
    return ordered(queryset, filters.ordering, ORDERING)


@router.get("", response=responses(ClubPage, READ), auth=read_auth, summary="List clubs")
def list_clubs(request: HttpRequest, filters: Query[ClubFilter], page: Query[PageIn]) -> dict[str, Any]:
    """The club directory (public): filter by region, discipline or a search term."""
    return page_of(filter_clubs(clubs(), filters), page, club_out)


@router.get("/{club_id}", response=responses(ClubOut, DETAIL), auth=read_auth, summary="One club")
def get_club(request: HttpRequest, club_id: PathId) -> dict[str, Any]:
    return club_out(get_or_404(clubs(), _("No such club."), pk=club_id))


@router.post("", response=responses(ClubOut, CREATE, status=201), auth=write_auth, summary="Create a club")
def create_club(request: HttpRequest, payload: ClubIn) -> Status[dict[str, Any]]:
    """Federation administrators only."""
    user = caller(request)
    if not can_create_club(user):
        raise NotAllowed(_("Only a federation administrator creates clubs."))
    club = save_club(None, payload.model_dump(exclude_unset=True), user)
    return Status(201, club_out(club))


@router.patch(
    "/{club_id}",
    response=responses(ClubOut, WRITE, conflict=StaleErrorOut),
    auth=write_auth,
    summary="Update a club",
)
def update_club(request: HttpRequest, club_id: PathId, payload: ClubPatch) -> dict[str, Any]:
    """Administrators update any club; a club manager only the clubs they manage."""
    user = caller(request)
    club = get_or_404(clubs(), _("No such club."), pk=club_id)
    if not can_manage_club(user, club):
        raise NotAllowed(_("You may not change this club."))
    data = payload.model_dump(exclude_unset=True)
    data["version"] = if_match(request, data.get("version"))
    return club_out(save_club(club, data, user))


def save_club(club: Club | None, data: dict[str, Any], user: Any) -> Club:
    """Create or update a club through the registry services, as the pages do (one audit shape).

    The API speaks in codes (region, disciplines); the services take the objects the forms give.
    """
    values: dict[str, Any] = {}
    for name in CLUB_FIELDS:
        if name in data:  # an explicit null on a text field means "no value"
            value = data[name]
            values[name] = "" if value is None else value.strip() if isinstance(value, str) else value
    if "region" in data:
        values["region"] = get_or_422(Region.objects.all(), "region", code=data["region"])
    disciplines = _disciplines(data.get("disciplines"))
    if disciplines is not None:
        values["disciplines"] = disciplines
    if club is None:
        return services.create_club(values, user=user)
    values["version"] = data.get("version")
    return services.update_club(club, values, user=user)


def _disciplines(codes: list[str] | None) -> list[Discipline] | None:
    if codes is None:
        return None
    found = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidData(
            {"disciplines": [_("Unknown discipline: %(code)s.") % {"code": c} for c in unknown]}
        )
    return [found[code] for code in dict.fromkeys(codes)]
