"""Renewal and CPD: typed credits, the renewal rule (credits, seminar, age limit), the renew page with an
audited override, and the daily reminder command at 90, 30 and 7 days."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry, User
from alatau.education import renewal, services
from alatau.education.models import Certificate, CPDActivity, Programme, RenewalRule
from alatau.registry.models import Person
from tests.web.conftest import login

ISSUED = dt.date(2022, 6, 1)


@pytest.fixture
def certificate(candidate: Person, programme: Programme, edith_educator: User) -> Certificate:
    return services.issue_certificate(candidate, programme, ISSUED, user=edith_educator)


@pytest.fixture
def rule(programme: Programme) -> RenewalRule:
    return RenewalRule.objects.create(
        programme=programme,
        interval_years=4,
        credits_required=Decimal("2"),
        credit_type=CPDActivity.CreditType.EDUCATION,
        seminar_required=True,
        max_age=65,
    )


def _cpd(person: Person, user: User, kind: str, credits: str, day: dt.date = dt.date(2025, 1, 10)) -> None:
    renewal.record_cpd(person, day, f"{kind} {credits}", kind, Decimal(credits), user=user)


def test_cpd_is_typed_validated_and_audited(
    candidate: Person, edith_educator: User, paul_public: User
) -> None:
    _cpd(candidate, edith_educator, "education", "0.25")
    assert CPDActivity.objects.get().credits == Decimal("0.25")
    assert AuditEntry.objects.filter(action="record_cpd", changes__credits="0.25").exists()
    future = services.today() + dt.timedelta(days=3)
    with pytest.raises(InvalidData) as error:
        renewal.record_cpd(candidate, future, "", "nosuch", Decimal("0"), user=edith_educator)
    assert set(error.value.errors) == {"date", "credits", "credit_type", "title"}
    with pytest.raises(NotAllowed):
        _cpd(candidate, paul_public, "education", "1")


def test_rule_counts_only_its_credit_type_since_the_period_start(
    certificate: Certificate, rule: RenewalRule, candidate: Person, edith_educator: User
) -> None:
    on = dt.date(2026, 5, 1)
    _cpd(candidate, edith_educator, "practice", "5")
    _cpd(candidate, edith_educator, "education", "1.5", dt.date(2021, 1, 1))  # before the period
    check = renewal.check_renewal(certificate, on)
    assert check.credits == 0 and len(check.missing) == 2 and not check.ok
    _cpd(candidate, edith_educator, "education", "2")
    _cpd(candidate, edith_educator, "seminar", "1")
    check = renewal.check_renewal(certificate, on)
    assert check.ok and check.credits == 2 and check.seminar


def test_renewal_refused_then_met_extends_by_the_rule(
    certificate: Certificate, rule: RenewalRule, candidate: Person, edith_educator: User
) -> None:
    on = dt.date(2026, 5, 1)
    with pytest.raises(Conflict, match=r"0 of 2\.00 CPD credits since 01\.06\.2022"):
        renewal.renew(certificate, user=edith_educator, on_date=on)
    _cpd(candidate, edith_educator, "education", "2")
    _cpd(candidate, edith_educator, "seminar", "1")
    renewal.renew(certificate, user=edith_educator, on_date=on)
    assert certificate.expires == dt.date(2030, 6, 1)
    assert renewal.period_start(certificate) == on
    assert not renewal.check_renewal(certificate, dt.date(2026, 6, 1)).ok  # a new period, no credits yet


def test_age_limit_and_audited_override(
    certificate: Certificate, rule: RenewalRule, candidate: Person, edith_educator: User
) -> None:
    rule.max_age, rule.credits_required, rule.seminar_required = 36, Decimal("0"), False
    rule.save()
    assert renewal.check_renewal(certificate, dt.date(2026, 4, 30)).ok  # 35 the day before the birthday
    with pytest.raises(Conflict, match="Age limit 36"):
        renewal.renew(certificate, user=edith_educator, on_date=dt.date(2026, 5, 1))
    renewal.renew(
        certificate, user=edith_educator, on_date=dt.date(2026, 5, 1), override_reason="Board decision"
    )
    assert certificate.renewals.get().note == "Override: Board decision"
    assert AuditEntry.objects.filter(action="renewal_override").exists()


def test_without_a_rule_the_programme_validity_applies(
    certificate: Certificate, edith_educator: User
) -> None:
    renewal.renew(certificate, user=edith_educator, on_date=dt.date(2026, 5, 1))
    assert certificate.expires == dt.date(2030, 6, 1)


def test_renew_page(
    client: Client, certificate: Certificate, rule: RenewalRule, candidate: Person, edith_educator: User
) -> None:
    url = reverse("education:edu-certificate-renew", args=[certificate.pk])
    login(client, edith_educator)
    page = client.get(url).content.decode()
    assert "Extends the certificate by 4 years." in page and "A refresher seminar in the period" in page
    refused = client.post(url, {"override_reason": ""})
    assert refused.status_code == 200 and "CPD credits since" in refused.content.decode()
    assert client.post(url, {"override_reason": "Seminar abroad"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.renewals.count() == 1 and certificate.expires > ISSUED.replace(year=2026)


def test_cpd_page_for_educator_and_holder(
    client: Client, candidate: Person, edith_educator: User, paul_public: User
) -> None:
    url = reverse("education:edu-person-cpd", args=[candidate.pk])
    login(client, paul_public)
    assert client.get(url).status_code == 403
    candidate.account = paul_public
    candidate.save()
    data = {"date": "2025-02-01", "title": "Avalanche course", "credit_type": "safety", "credits": "1"}
    assert client.post(url, data).status_code == 302  # the holder records their own
    login(client, edith_educator)
    page = client.get(url).content.decode()
    assert "Avalanche course" in page and "Safety and first aid: 1.00" in page
    bad = client.post(url, {**data, "date": "2099-01-01"})
    assert "cannot be in the future" in bad.content.decode()


def test_daily_reminder_timer_sends_at_90_30_and_7_days(certificate: Certificate) -> None:
    """The command run every day for four months: exactly three mails, 90, 30 and 7 days before."""
    assert certificate.expires == dt.date(2026, 6, 1)
    day = dt.date(2026, 1, 1)
    while day <= certificate.expires:
        call_command("send_certificate_reminders", "--date", day.isoformat(), stdout=io.StringIO())
        call_command("send_certificate_reminders", "--date", day.isoformat(), stdout=io.StringIO())
        day += dt.timedelta(days=1)
    assert [m.subject.rsplit(" ", 2)[-2] for m in mail.outbox] == ["90", "30", "7"]
    assert sorted(certificate.reminders.values_list("days_before", flat=True)) == [7, 30, 90]


def test_reminders_restart_after_renewal(certificate: Certificate, edith_educator: User) -> None:
    services.send_reminders(dt.date(2026, 5, 25))
    renewal.renew(certificate, user=edith_educator, on_date=dt.date(2026, 5, 26))
    assert services.send_reminders(dt.date(2030, 3, 3)) == 1  # the new expiry gets its own reminders
    assert len(mail.outbox) == 2


def test_api_cpd_and_renewal(
    client: Client,
    certificate: Certificate,
    rule: RenewalRule,
    candidate: Person,
    edith_educator: User,
    paul_public: User,
) -> None:
    from tests.web.apiclient import ApiClient

    api, public = ApiClient(client, edith_educator), ApiClient(client, paul_public)
    body = {"date": "2025-02-01", "title": "Rules clinic", "credit_type": "education", "credits": "2"}
    assert public.post(f"/people/{candidate.pk}/cpd", body).status_code == 403
    assert api.post(f"/people/{candidate.pk}/cpd", {**body, "credits": "0"}).status_code == 422
    created = api.post(f"/people/{candidate.pk}/cpd", body)
    assert created.status_code == 201 and created.json()["credits"] == "2.00"
    assert [a["title"] for a in api.get(f"/people/{candidate.pk}/cpd").json()] == ["Rules clinic"]
    assert ApiClient(client).get(f"/people/{candidate.pk}/cpd").status_code == 401
    assert public.post(f"/certificates/{certificate.pk}/renew", {}).status_code == 403
    missing = api.post(f"/certificates/{certificate.pk}/renew", {})
    assert missing.status_code == 409 and "refresher seminar" in missing.json()["detail"]
    renewed = api.post(f"/certificates/{certificate.pk}/renew", {"override_reason": "Seminar abroad"})
    assert renewed.status_code == 200 and renewed.json()["expires"] > "2026-06-01"


def test_reminder_says_what_renewal_still_needs(
    certificate: Certificate, rule: RenewalRule, settings: object
) -> None:
    settings.SITE_URL = "https://alatau.example"  # type: ignore[attr-defined]
    services.send_reminders(dt.date(2026, 5, 25))
    body = mail.outbox[0].body
    assert "Still needed to renew:" in body and "No refresher seminar since" in body
    assert f"https://alatau.example/en/education/certificates/{certificate.pk}/renew/" in body
