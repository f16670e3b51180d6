"""Self-service: invitations by e-mail, sign-up, the own page (licences, card, certificates, races),
own contact details (audited) and guardians acting for a minor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry, User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from alatau.selfservice import services
from alatau.selfservice.models import Guardianship, Invitation
from tests.web.conftest import login

URL = "http://testserver/en/me/claim/{}/"


def claim_url(token: str) -> str:
    return URL.format(token)


def sent_token() -> str:
    """The token in the last invitation e-mail's link."""
    match = re.search(r"/me/claim/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def child(db: None, club_shymbulak: Club) -> Person:
    """A minor of the Shymbulak club: ten years old."""
    born = today().replace(year=today().year - 10, day=1)
    person = Person.objects.create(last_name="Kim", first_name="Dana", birth_date=born, gender="W")
    Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2022, 7, 1))
    return person


@pytest.fixture
def active_licence(athlete: Person, club_shymbulak: Club, carol_manager: User, alice_admin: User) -> Licence:
    licence = request_licence(
        athlete, club_shymbulak, Licence.Kind.COMPETITOR, season_of(today()), user=carol_manager
    )
    return approve_licence(licence, user=alice_admin)


def test_a_club_manager_invites_a_member_by_email(athlete: Person, carol_manager: User) -> None:
    invitation = services.invite(
        athlete, email="aidar@example.kz", kind="self", user=carol_manager, claim_url=claim_url
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["aidar@example.kz"]
    token = sent_token()
    assert invitation.token_hash == services.token_hash(token) and token not in invitation.token_hash
    assert invitation.expires_at > invitation.created_at + dt.timedelta(days=13)
    entry = athlete.audit_entries().first()
    assert (
        entry is not None and entry.action == "self-service invitation sent" and entry.actor == carol_manager
    )


def test_only_the_federation_or_the_members_club_invites(
    athlete: Person, ridder_member: Person, carol_manager: User, alice_admin: User, paul_public: User
) -> None:
    with pytest.raises(NotAllowed):
        services.invite(
            ridder_member, email="o@example.kz", kind="self", user=carol_manager, claim_url=claim_url
        )
    with pytest.raises(NotAllowed):
        services.invite(athlete, email="a@example.kz", kind="self", user=paul_public, claim_url=claim_url)
    services.invite(ridder_member, email="o@example.kz", kind="self", user=alice_admin, claim_url=claim_url)
    with pytest.raises(InvalidData):
        services.invite(athlete, email="not an address", kind="self", user=alice_admin, claim_url=claim_url)
    with pytest.raises(InvalidData):  # an adult has no guardian
        services.invite(athlete, email="p@example.kz", kind="guardian", user=alice_admin, claim_url=claim_url)
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_sign_up_claims_the_record_once(athlete: Person, carol_manager: User) -> None:
    services.invite(athlete, email="aidar@example.kz", kind="self", user=carol_manager, claim_url=claim_url)
    token = sent_token()
    user, person = services.sign_up(token, username="aidar", password="Snow-Leopard-2026")
    athlete.refresh_from_db()
    assert person == athlete and athlete.account == user
    assert (
        user.email == "aidar@example.kz"
        and user.role == "public"
        and user.check_password("Snow-Leopard-2026")
    )
    assert athlete.audit_entries().first().action == "record claimed"  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="already been used"):
        services.sign_up(token, username="other", password="Snow-Leopard-2026")
    with pytest.raises(Conflict, match="already claimed"):
        services.invite(athlete, email="x@example.kz", kind="self", user=carol_manager, claim_url=claim_url)


def test_bad_sign_up_leaves_nothing_behind(athlete: Person, carol_manager: User) -> None:
    services.invite(athlete, email="aidar@example.kz", kind="self", user=carol_manager, claim_url=claim_url)
    token = sent_token()
    with pytest.raises(InvalidData) as weak:
        services.sign_up(token, username="aidar", password="123")
    assert "password1" in weak.value.errors
    with pytest.raises(InvalidData) as taken:
        services.sign_up(token, username="Carol", password="Snow-Leopard-2026")
    assert "username" in taken.value.errors
    athlete.refresh_from_db()
    assert athlete.account is None and not User.objects.filter(username="aidar").exists()
    assert Invitation.objects.get().accepted_at is None


def test_unknown_and_expired_links_are_refused(athlete: Person, carol_manager: User) -> None:
    with pytest.raises(NotAllowed):
        services.open_invitation("made-up-token")
    invitation = services.invite(
        athlete, email="a@example.kz", kind="self", user=carol_manager, claim_url=claim_url
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)
    with pytest.raises(Conflict, match="expired"):
        services.open_invitation(sent_token())


def test_a_guardian_acts_for_a_minor(child: Person, carol_manager: User) -> None:
    assert services.is_minor(child)
    services.invite(
        child, email="parent@example.kz", kind="guardian", user=carol_manager, claim_url=claim_url
    )
    parent, person = services.sign_up(sent_token(), username="parent", password="Snow-Leopard-2026")
    assert person == child and Guardianship.objects.filter(guardian=parent, person=child).exists()
    child.refresh_from_db()
    assert child.account is None  # the child's own account stays free
    assert list(services.represented_people(parent)) == [child]
    services.update_contact(
        child, {"email": "dana.parent@example.kz", "phone": "+7 701 000 00 00"}, user=parent
    )
    child.refresh_from_db()
    assert child.email == "dana.parent@example.kz"
    entry = child.audit_entries().first()
    assert (
        entry is not None
        and entry.actor == parent
        and entry.changes["email"] == ["", "dana.parent@example.kz"]
    )


def test_nobody_else_edits_the_contact_details(athlete: Person, paul_public: User) -> None:
    with pytest.raises(NotAllowed):
        services.update_contact(athlete, {"email": "x@example.kz"}, user=paul_public)
    athlete.account = paul_public
    athlete.save()
    with pytest.raises(InvalidData):
        services.update_contact(athlete, {"email": "", "phone": "call me"}, user=paul_public)
    count = AuditEntry.objects.count()
    services.update_contact(athlete, {"email": "", "phone": ""}, user=paul_public)  # nothing changed
    assert AuditEntry.objects.count() == count


# Pages


def test_the_person_page_offers_the_invitation_and_the_form_sends_it(
    client: Client, athlete: Person, carol_manager: User
) -> None:
    login(client, carol_manager)
    assert (
        reverse("selfservice:invite", args=[athlete.pk])
        in client.get(reverse("registry:person-detail", args=[athlete.pk])).content.decode()
    )
    url = reverse("selfservice:invite", args=[athlete.pk])
    response = client.post(url, {"email": "aidar@example.kz", "kind": "self"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert "http://testserver/en/me/claim/" in mail.outbox[0].body
    response = client.post(url, {"email": "nope", "kind": "self"})
    assert response.status_code == 200 and len(mail.outbox) == 1


def test_a_manager_of_another_club_gets_403(
    client: Client, ridder_member: Person, carol_manager: User
) -> None:
    login(client, carol_manager)
    assert client.get(reverse("selfservice:invite", args=[ridder_member.pk])).status_code == 403


def test_claim_page_signs_up_and_lands_on_my_page_with_the_card(
    client: Client, athlete: Person, carol_manager: User, active_licence: Licence
) -> None:
    services.invite(athlete, email="aidar@example.kz", kind="self", user=carol_manager, claim_url=claim_url)
    url = reverse("selfservice:claim", args=[sent_token()])
    assert "Zhakupov".upper() in client.get(url).content.decode()
    form = {"username": "aidar", "password1": "Snow-Leopard-2026", "password2": "Snow-Leopard-2026"}
    response = client.post(url, form, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("selfservice:my-page")
    assert active_licence.number in page and "Download my card" in page
    assert reverse("selfservice:my-page") in page  # the menu's "My page"
    card = client.get(reverse("selfservice:card", args=[active_licence.pk]))
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"
    assert card.content.startswith(b"%PDF")
    assert client.get(url).status_code == 410  # the link is used up


def test_a_logged_in_user_links_their_account(
    client: Client, athlete: Person, carol_manager: User, paul_public: User
) -> None:
    services.invite(athlete, email="paul@example.kz", kind="self", user=carol_manager, claim_url=claim_url)
    login(client, paul_public)
    response = client.post(reverse("selfservice:claim", args=[sent_token()]))
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.account == paul_public


def test_someone_elses_card_and_page_stay_closed(
    client: Client, athlete: Person, paul_public: User, active_licence: Licence
) -> None:
    login(client, paul_public)
    assert client.get(reverse("selfservice:card", args=[active_licence.pk])).status_code == 404
    assert client.get(reverse("selfservice:contact", args=[athlete.pk])).status_code == 404
    page = client.get(reverse("selfservice:my-page")).content.decode()
    assert "Ask your club manager" in page and active_licence.number not in page


def test_contact_page_saves_and_reads_in_russian(client: Client, athlete: Person, paul_public: User) -> None:
    athlete.account = paul_public
    athlete.save()
    login(client, paul_public)
    url = reverse("selfservice:contact", args=[athlete.pk]).replace("/en/", "/ru/")
    assert "Контактные данные" in client.get(url).content.decode()
    response = client.post(url, {"email": "aidar@example.kz", "phone": "+7 701 123 45 67"})
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.phone == "+7 701 123 45 67"


def test_own_certificates_and_races_appear(client: Client, athlete: Person, paul_public: User) -> None:
    from alatau.competitions.models import Entry, Event, Race
    from alatau.education.models import Certificate
    from tests.education.factories import make_programme

    athlete.account = paul_public
    athlete.save()
    certificate = Certificate.objects.create(
        code="abc123",
        number="KSF-C-0001",
        holder=athlete,
        programme=make_programme("coach-1"),
        issued=today(),
    )
    event = Event.objects.create(
        name="Shymbulak Cup", place="Shymbulak", start_date=today(), end_date=today(), status="published"
    )
    race = Race.objects.create(
        event=event, codex="0123", discipline="SL", gender="M", category="FIS", season="2025-26", date=today()
    )
    Entry.objects.create(race=race, bib=7, person=athlete, name="ZHAKUPOV Aidar", nation="KAZ")
    login(client, paul_public)
    page = client.get(reverse("selfservice:my-page")).content.decode()
    assert "KSF-C-0001" in page and "Shymbulak Cup" in page and "not official yet" in page
    assert reverse("competitions:race-detail", args=[race.pk]) in page
    pdf = client.get(reverse("selfservice:certificate", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_person_asks_for_the_link_to_the_address_on_their_record(
    client: Client, athlete: Person, child: Person
) -> None:
    athlete.email = "Aidar@Example.kz"
    athlete.save()
    child.email = "parents@example.kz"
    child.save()
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 1
    assert mail.outbox[-1].to == ["Aidar@Example.kz"]
    user, person = services.sign_up(sent_token(), username="aidar", password="Snow-Leopard-2026")
    assert person == athlete and Person.objects.get(pk=athlete.pk).account == user
    assert services.request_claim("aidar@example.kz", claim_url=claim_url) == 0  # claimed: no more links
    assert services.request_claim("parents@example.kz", claim_url=claim_url) == 1
    assert Invitation.objects.filter(person=child).get().kind == "guardian"


def test_the_ask_page_says_the_same_whether_the_address_is_known(client: Client, athlete: Person) -> None:
    athlete.email = "aidar@example.kz"
    athlete.save()
    url = reverse("selfservice:ask")
    assert url in client.get(reverse("login")).content.decode()
    known = client.post(url, {"email": "aidar@example.kz"}, follow=True).content.decode()
    unknown = client.post(url, {"email": "nobody@example.kz"}, follow=True).content.decode()
    assert len(mail.outbox) == 1
    message = "If a registry record holds this address"
    assert message in known and message in unknown


def test_the_demo_links_an_athlete_and_a_parent(active_licence: Licence, child: Person) -> None:
    from alatau.selfservice.demo import load_demo

    line = load_demo(today(), "demo-pass")
    athlete = User.objects.get(username="athlete")
    parent = User.objects.get(username="parent")
    assert "athlete (ZHAKUPOV Aidar)" in line and "parent (of KIM Dana)" in line
    assert list(services.represented_people(athlete)) == [active_licence.person]
    assert list(services.represented_people(parent)) == [child]
    assert athlete.check_password("demo-pass")


def test_the_person_page_says_who_has_claimed_the_record(
    client: Client, child: Person, carol_manager: User
) -> None:
    login(client, carol_manager)
    url = reverse("registry:person-detail", args=[child.pk])
    assert "not claimed" in client.get(url).content.decode()
    services.invite(
        child, email="parent@example.kz", kind="guardian", user=carol_manager, claim_url=claim_url
    )
    services.sign_up(sent_token(), username="dana-parent", password="Snow-Leopard-2026")
    page = client.get(url).content.decode()
    assert "guardians:" in page and "dana-parent" in page


def test_the_api_gives_my_records_and_licences(
    client: Client, active_licence: Licence, paul_public: User
) -> None:
    assert client.get("/api/v1/me").status_code == 401
    person = active_licence.person
    person.account = paul_public
    person.save()
    login(client, paul_public)
    records = client.get("/api/v1/me").json()
    assert [r["name"] for r in records] == ["ZHAKUPOV Aidar"]
    assert records[0]["licences"][0]["number"] == active_licence.number
    assert records[0]["licences"][0]["status"] == "active"
