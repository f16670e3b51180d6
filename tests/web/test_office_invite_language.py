"""Item 7 of issue 13 (leftover): the invitation e-mail in the invited person's language, when known."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.registry.models import Person
from alatau.selfservice import services
from tests.web.conftest import login


def test_the_service_writes_in_the_given_language(athlete: Person, carol_manager: User) -> None:
    def claim_url(token: str) -> str:
        return "http://testserver" + reverse("selfservice:claim", args=[token])

    services.invite(
        athlete, email="a@example.kz", kind="self", user=carol_manager, claim_url=claim_url, language="ru"
    )
    message = mail.outbox[-1]
    assert "Здравствуйте" in message.body or "Федерация" in message.body
    assert "/ru/me/claim/" in message.body and "Alatau" in message.subject
    services.invite(
        athlete, email="a@example.kz", kind="self", user=carol_manager, claim_url=claim_url, language="xx"
    )
    assert "/en/me/claim/" in mail.outbox[-1].body  # unknown: the active language


def test_the_invite_page_offers_the_language_and_sends_in_it(
    client: Client, athlete: Person, carol_manager: User
) -> None:
    login(client, carol_manager)
    url = reverse("selfservice:invite", args=[athlete.pk])
    page = client.get(url).content.decode()
    assert 'name="language"' in page and '<option value="en" selected>' in page
    response = client.post(url, {"email": "aidar@example.kz", "kind": "self", "language": "kk"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert "/kk/me/claim/" in body and "Hello" not in body
    assert "Invite" in client.get(url).content.decode()  # the inviter's own page stays in English
