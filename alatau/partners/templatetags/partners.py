"""``{% partners_of race %}`` (or a course, a resort project): the published partners working on it."""

from typing import Any

from django import template

from alatau.partners.models import Partner

register = template.Library()


def _involved(obj: Any) -> list[tuple[Partner, str]]:
    """(partner, its part) for a race (timing, sponsorship), a course or a resort project."""
    if obj._meta.label == "competitions.Race":
        support = obj.partner_support.filter(partner__published=True).select_related("partner")
        return [(row.partner, str(row.get_kind_display())) for row in support]
    if obj._meta.label in ("education.Course", "sites.Project"):
        return [(partner, "") for partner in obj.partner_organisations.filter(published=True)]
    return []


@register.inclusion_tag("partners/_involved.html")
def partners_of(obj: Any) -> dict[str, Any]:
    return {"involved": _involved(obj) if obj is not None else []}
