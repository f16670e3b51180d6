"""The office entry form sets a guest's FIS points (by hand, audited); bad points are refused."""

from decimal import Decimal

from django.test import Client

from alatau.competitions.models import Race
from alatau.core.models import User
from tests.web.conftest import login


def test_a_guest_is_entered_with_fis_points(client: Client, entered: Race, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    url = f"/en/races/{entered.pk}/office/entries/"
    assert b'name="fis_points"' in client.get(url).content
    form = {"action": "add", "name": "NEW Nina", "nation": "CZE", "bib": "", "fis_points": "33,5"}
    assert client.post(url, form).status_code == 302
    guest = entered.entries.get(name="NEW Nina")
    assert guest.guest and guest.fis_points == Decimal("33.50") and guest.points_set_by_hand
    bad = client.post(url, form | {"name": "BAD Bo", "fis_points": "lots"}, follow=True)
    assert b"not a number" in bad.content and not entered.entries.filter(name="BAD Bo").exists()
    plain = client.post(url, form | {"name": "NO Points", "fis_points": ""})
    assert plain.status_code == 302 and entered.entries.get(name="NO Points").fis_points is None
