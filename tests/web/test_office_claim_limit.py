"""Item 7 of issue 13 (leftover): asking for a claim link again and again sends no flood of e-mails."""

import datetime as dt

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alatau.core.models import User
from alatau.registry.models import Person
from alatau.selfservice import services
from alatau.selfservice.models import Invitation


def claim_url(token: str) -> str:
    return f"http://testserver/me/claim/{token}/"


def test_a_second_ask_within_minutes_sends_nothing(athlete: Person) -> None:
    athlete.email = "aidar@example.kz"
    athlete.save()
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 1
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 0
    assert len(mail.outbox) == 1 and Invitation.objects.count() == 1
    Invitation.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 1


def test_at_most_three_asked_links_a_day(athlete: Person) -> None:
    athlete.email = "aidar@example.kz"
    athlete.save()
    for hours in (20, 10, 5):
        services.request_claim("aidar@example.kz", claim_url=claim_url)
        Invitation.objects.filter(created_at__gt=timezone.now() - dt.timedelta(minutes=1)).update(
            created_at=timezone.now() - dt.timedelta(hours=hours)
        )
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 0
    Invitation.objects.filter(created_at__lt=timezone.now() - dt.timedelta(hours=19)).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 1
    assert len(mail.outbox) == 4


def test_invitations_by_the_club_are_not_limited(athlete: Person, carol_manager: User) -> None:
    athlete.email = "aidar@example.kz"
    athlete.save()
    services.request_claim("aidar@example.kz", claim_url=claim_url)
    services.invite(athlete, email="aidar@example.kz", kind="self", user=carol_manager, claim_url=claim_url)
    assert len(mail.outbox) == 2


def test_the_page_answers_the_same_when_limited(client: Client, athlete: Person) -> None:
    athlete.email = "aidar@example.kz"
    athlete.save()
    url = reverse("selfservice:ask")
    pages = [client.post(url, {"email": "aidar@example.kz"}, follow=True).content.decode() for _ in range(3)]
    assert len(mail.outbox) == 1
    assert all("If a registry record holds this address" in page for page in pages)
