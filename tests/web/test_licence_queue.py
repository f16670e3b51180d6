"""The federation's queue: waiting requests with their age, sorted, approved or refused in bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import User
from alatau.licences import queue
from alatau.licences.models import KindRule, Licence
from alatau.licences.payments import record_payment
from alatau.licences.services import request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login


@pytest.fixture
def requests(club_shymbulak: Club, carol_manager: User) -> list[Licence]:
    made = []
    for n in range(3):
        person = Person.objects.create(
            last_name=f"Racer{n}", first_name="A", birth_date=dt.date(2004, 1, 1 + n), gender="M"
        )
        Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2020, 7, 1))
        made.append(
            request_licence(person, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
        )
    for days, licence in zip((9, 2, 5), made, strict=True):
        Licence.objects.filter(pk=licence.pk).update(requested_at=timezone.now() - dt.timedelta(days=days))
    return made


def test_the_queue_sorts_oldest_first_by_default(requests: list[Licence]) -> None:
    assert [lic.pk for lic in queue.waiting()] == [requests[0].pk, requests[2].pk, requests[1].pk]
    assert [lic.pk for lic in queue.waiting("newest")] == [requests[1].pk, requests[2].pk, requests[0].pk]


def test_bulk_approve_names_what_it_could_not_approve(requests: list[Licence], alice_admin: User) -> None:
    KindRule.objects.create(kind="competitor", approve_only_when_paid=True)
    record_payment(requests[0], state="paid", method="cash", user=alice_admin)
    result = queue.decide(requests, "approve", user=alice_admin)
    assert [lic.pk for lic in result.done] == [requests[0].pk]
    assert len(result.problems) == 2 and all(
        p.count("RACER") == 1 and "only once paid" in p for p in result.problems
    )
    assert Licence.objects.get(pk=requests[0].pk).status == "active"


def test_bulk_refusal_needs_a_reason_and_the_federation(
    requests: list[Licence], alice_admin: User, carol_manager: User
) -> None:
    with pytest.raises(NotAllowed):
        queue.decide(requests, "approve", user=carol_manager)
    with pytest.raises(InvalidData):
        queue.decide(requests, "refuse", user=alice_admin, reason=" ")
    result = queue.decide(requests[:2], "refuse", user=alice_admin, reason="medical certificate missing")
    assert len(result.done) == 2 and {lic.status for lic in result.done} == {"refused"}


def test_queue_page_shows_the_age_and_decides(
    client: Client, requests: list[Licence], alice_admin: User, carol_manager: User
) -> None:
    login(client, carol_manager)
    assert client.get(reverse("licences:queue")).status_code == 403
    login(client, alice_admin)
    page = client.get(reverse("licences:queue")).content.decode()
    assert "Requested on" in page and ">9<" in page and "RACER0" in page
    response = client.post(
        reverse("licences:queue"), {"licences": [r.pk for r in requests], "action": "approve"}
    )
    assert response.status_code == 302
    assert set(Licence.objects.filter(pk__in=[r.pk for r in requests]).values_list("status", flat=True)) == {
        "active"
    }
    assert "No request waits" in client.get(reverse("licences:queue")).content.decode()
