"""``/regions`` and ``/disciplines``: the short, fixed lists everything else refers to by code."""

from django.http import HttpRequest
from ninja import Router

from alatau.api.auth import read_auth
from alatau.api.errors import READ, responses
from alatau.api.schemas import DisciplineOut, RegionOut
from alatau.registry.models import Discipline, Region

router = Router(tags=["regions and disciplines"], auth=read_auth)


@router.get("/regions", response=responses(list[RegionOut], READ), summary="The regions of Kazakhstan")
def list_regions(request: HttpRequest) -> list[Region]:
    """Oblasts and cities of republican significance (a short list: not paginated)."""
    return list(Region.objects.order_by("name_en"))


@router.get("/disciplines", response=responses(list[DisciplineOut], READ), summary="The ski disciplines")
def list_disciplines(request: HttpRequest) -> list[Discipline]:
    """Alpine, cross-country, ski jumping, … (a short list: not paginated)."""
    return list(Discipline.objects.order_by("id"))
