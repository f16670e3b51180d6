"""The every-URL test's partner objects: a published partner with staff and a pending revision."""

from typing import Any

from alatau.core.models import Role, User
from alatau.partners.models import Partner, PartnerTrade, Revision


def extend(world: dict[str, Any]) -> None:
    partner = Partner.objects.create(
        slug="world-partner",
        name="World Partner",
        kind="company",
        country="FR",
        published=True,
        description_en="**Lifts** <script>alert(1)</script>",
    )
    PartnerTrade.objects.create(partner=partner, trade="lifts")
    staff = User.objects.filter(role=Role.PARTNER).first()
    if staff is not None:
        partner.staff.add(staff)
    revision = Revision.objects.create(partner=partner, author=staff, data={"town": "Lyon"})
    world["partner"] = partner
    world["revision"] = revision
