"""Item 4 of issue 13 (payments) and the four-eyes rule of item 5."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import User
from alatau.licences import office, payments
from alatau.licences.models import KindRule, Licence
from alatau.licences.services import approve_licence, request_licence
from alatau.registry.models import Club, Person
from tests.web.conftest import login


@pytest.fixture
def requested(athlete: Person, club_shymbulak: Club, carol_manager: User) -> Licence:
    return request_licence(athlete, club_shymbulak, "competitor", office.coming_season(), user=carol_manager)


def test_record_paid_unpaid_waived_and_the_balance(
    requested: Licence, carol_manager: User, alice_admin: User, club_shymbulak: Club
) -> None:
    season = requested.season
    assert payments.club_balance(club_shymbulak, season).outstanding == Decimal("15000.00")
    paid = payments.record_payment(
        requested, user=carol_manager, state="paid", method="transfer", reference="TX-1"
    )
    assert paid.amount == Decimal("15000.00") and paid.recorded_by == carol_manager and paid.paid_on
    assert payments.club_balance(club_shymbulak, season).outstanding == Decimal("0.00")
    assert requested.audit_entries().first().action == "payment"  # type: ignore[union-attr]
    with pytest.raises(NotAllowed):
        payments.record_payment(requested, user=carol_manager, state="waived")
    payments.record_payment(requested, user=alice_admin, state="waived")
    balance = payments.club_balance(club_shymbulak, season)
    assert (balance.paid, balance.waived, balance.outstanding) == (Decimal("0.00"), Decimal("15000.00"), 0)
    with pytest.raises(InvalidData):
        payments.record_payment(requested, user=alice_admin, state="paid")  # how?
    with pytest.raises(InvalidData):
        payments.record_payment(
            requested,
            user=alice_admin,
            state="paid",
            method="cash",
            paid_on=dt.date.today() + dt.timedelta(days=9),
        )


def test_other_clubs_and_withdrawn_licences(
    requested: Licence, carol_manager: User, ridder_member: Person
) -> None:
    office.withdraw_request(requested, user=carol_manager)
    requested.refresh_from_db()
    with pytest.raises(Conflict):
        payments.record_payment(requested, user=carol_manager, state="paid", method="cash")


def test_approve_only_when_paid_is_a_rule_per_kind(
    requested: Licence, alice_admin: User, carol_manager: User
) -> None:
    KindRule.objects.create(kind="competitor", approve_only_when_paid=True)
    with pytest.raises(Conflict, match="approved only once paid"):
        approve_licence(requested, user=alice_admin)
    payments.record_payment(requested, user=carol_manager, state="paid", method="cash")
    assert approve_licence(requested, user=alice_admin).status == "active"


def test_four_eyes_rule(
    requested: Licence, alice_admin: User, settings: object, club_shymbulak: Club
) -> None:
    settings.ALATAU_FOUR_EYES = True  # type: ignore[attr-defined]
    mine = request_licence(requested.person, club_shymbulak, "coach", requested.season, user=alice_admin)
    with pytest.raises(NotAllowed, match="four-eyes"):
        approve_licence(mine, user=alice_admin)
    assert approve_licence(requested, user=alice_admin).status == "active"  # requested by Carol


def test_bulk_payment_page_receipt_and_export(
    client: Client, carol_manager: User, requested: Licence, athlete: Person, club_shymbulak: Club
) -> None:
    coach = request_licence(athlete, club_shymbulak, "coach", requested.season, user=carol_manager)
    login(client, carol_manager)
    url = reverse("licences:payments")
    page = client.get(url)
    assert page.status_code == 200 and "25&nbsp;000" in page.content.decode().replace(",", "&nbsp;").replace(
        " ", ""
    )
    response = client.post(
        url + f"?season={requested.season}",
        {
            "licences": [requested.pk, coach.pk],
            "state": "paid",
            "method": "cash",
            "reference": "=HYPERLINK()",
        },
        follow=True,
    )
    assert "2 payments recorded." in response.content.decode()
    assert payments.club_balance(club_shymbulak, requested.season).outstanding == 0
    receipt = client.get(reverse("licences:licence-receipt", args=[coach.pk]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")
    csv = client.get(reverse("licences:payment-export") + f"?season={requested.season}").content.decode()
    assert "'=HYPERLINK()" in csv and "Cash" in csv
    detail = client.get(reverse("licences:licence-detail", args=[coach.pk])).content.decode()
    assert 'id="receipt"' in detail and 'id="record-payment"' in detail


def test_one_licence_payment_form(client: Client, carol_manager: User, requested: Licence) -> None:
    login(client, carol_manager)
    url = reverse("licences:licence-payment", args=[requested.pk])
    client.post(url, {"state": "paid", "method": "card", "reference": "R1", "paid_on": "2026-01-02"})
    assert payments.payment_of(requested).state == "paid"
    bad = client.post(url, {"state": "paid"}, follow=True).content.decode()
    assert "Say how it was paid." in bad
    assert client.get(reverse("licences:licence-receipt", args=[requested.pk])).status_code == 200
