"""The codes a request may name, stated in the OpenAPI schema as enums: what the server accepts now.

Regions and disciplines are rows of the registry (an administrator may add one), so their enums are
filled when the schema is served; FIS seasons come from :mod:`alatau.fis.seasons`.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.db import DatabaseError

from alatau.fis.seasons import season_names
from alatau.registry.models import Discipline, Region


def _regions() -> list[str]:
    return list(Region.objects.order_by("code").values_list("code", flat=True))


def _disciplines() -> list[str]:
    return list(Discipline.objects.order_by("code").values_list("code", flat=True))


#: (component schema, property, where the code sits: the value itself or the items of a list, codes).
CODE_FIELDS: list[tuple[str, str, str, Callable[[], list[str]]]] = [
    ("ClubIn", "region", "value", _regions),
    ("ClubPatch", "region", "value", _regions),
    ("ClubIn", "disciplines", "items", _disciplines),
    ("ClubPatch", "disciplines", "items", _disciplines),
    ("LicenceRequestIn", "discipline", "value", _disciplines),
    ("RaceIn", "season", "value", lambda: list(season_names())),
]


def _string_branches(prop: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The string part of a property: itself, or its non-null ``anyOf`` branch (``str | None``)."""
    branches = prop.get("anyOf", [prop])
    yield from (branch for branch in branches if branch.get("type") == "string")


def add_code_enums(schema: dict[str, Any]) -> None:
    """Write the allowed codes into the request schemas that name regions, disciplines or seasons."""
    components = schema.get("components", {}).get("schemas", {})
    cache: dict[Callable[[], list[str]], list[str]] = {}
    for component, name, where, codes in CODE_FIELDS:
        prop = components.get(component, {}).get("properties", {}).get(name)
        if prop is None:
            continue
        target = prop.get("items", {}) if where == "items" else prop
        try:
            allowed = cache.setdefault(codes, codes())
        except DatabaseError:  # no registry tables yet (a schema served before migrating)
            return
        for branch in _string_branches(target):
            branch["enum"] = allowed
