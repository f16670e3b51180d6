"""Small helpers the routers share: pages of a queryset, lookups that answer 404 or 422."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from alatau.api.errors import not_found
from alatau.api.schemas import PageIn
from alatau.core.errors import InvalidData

M = TypeVar("M", bound=Model)


def page_of(queryset: QuerySet[M], page: PageIn, convert: Callable[[M], Any]) -> dict[str, Any]:
    """One page of ``queryset`` (already filtered and ordered) with the total count."""
    items = [convert(item) for item in queryset[page.offset : page.offset + page.limit]]
    return {"count": queryset.count(), "limit": page.limit, "offset": page.offset, "items": items}


def get_or_404(queryset: QuerySet[M], message: str, **lookup: Any) -> M:
    """The one object, or a 404 in the API's error body."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise not_found(message)
    return found


def get_or_422(queryset: QuerySet[M], field: str, **lookup: Any) -> M:
    """An object named in the request body: a missing one is a field error (422), not a 404."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise InvalidData({field: [_("No such object.")]})
    return found


def ordered(queryset: QuerySet[M], ordering: str, fields: dict[str, tuple[str, ...]]) -> QuerySet[M]:
    """Order by one of the public ordering names (``"-name"`` reverses its first column).

    The other columns of the name, then ``id``, break ties in ascending order, so that pages
    are stable.
    """
    first, *rest = fields[ordering.lstrip("-")]
    return queryset.order_by(f"-{first}" if ordering.startswith("-") else first, *rest, "id")


def words(q: str | None) -> Iterable[str]:
    """The words of a search box, each of which must match."""
    return (q or "").split()


def if_match(request: Any, version: int | None) -> int | None:
    """The version an update starts from: ``version`` in the body, else the ``If-Match`` header."""
    if version is not None:
        return version
    from alatau.registry.versions import expected_version

    header = request.headers.get("If-Match", "").strip()
    return expected_version(header) if header and header != "*" else None
