"""The educators' dashboard: holders by qualification, region and gender, expiring in 90 days, pass rates;
its CSV/XLSX exports with formula cells neutralised; a person's qualifications on their registry page."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from alatau.core.models import User
from alatau.education import dashboard, services
from alatau.education.models import Course, Programme
from alatau.registry.models import Club, Person
from tests.education.factories import make_person, make_programme
from tests.web.conftest import login


@pytest.fixture
def holders(
    programme: Programme, edith_educator: User, club_shymbulak: Club, athlete: Person
) -> dict[str, Person]:
    today = services.today()
    woman = make_person("=HYPERLINK(1)", "Eve", dt.date(1990, 1, 1))  # a name that is a formula
    man = athlete  # a Shymbulak member (Almaty), gender M
    td = make_programme("national-td", kind="official", official_role="technical_delegate", validity_years=2)
    services.issue_certificate(woman, programme, today - dt.timedelta(days=10), user=edith_educator)
    services.issue_certificate(man, programme, today - dt.timedelta(days=4 * 365 - 30), user=edith_educator)
    services.issue_certificate(man, td, today, user=edith_educator)
    old = make_person("Old", "Oleg", dt.date(1960, 1, 1))
    services.issue_certificate(old, programme, today.replace(year=today.year - 9), user=edith_educator)
    revoked = services.issue_certificate(old, td, today, user=edith_educator)
    services.revoke_certificate(revoked, "Fraud", user=edith_educator)
    return {"woman": woman, "man": man, "old": old}


def test_holders_by_qualification_region_and_gender(holders: dict[str, Person]) -> None:
    """Distinct people: the man holds two valid certificates, Oleg only expired and revoked ones."""
    by = dashboard.holders_by(services.today())
    assert {(h.label, h.holders) for h in by["qualification"]} == {("Coach 1", 2), ("National Td", 1)}
    assert {(h.label, h.holders) for h in by["gender"]} == {("Women", 1), ("Men", 1)}
    almaty = str(holders["man"].memberships.get().club.region)
    assert {(h.label, h.holders) for h in by["region"]} == {(almaty, 1), ("No club", 1)}


def test_expiring_within_90_days(holders: dict[str, Person]) -> None:
    soon = dashboard.expiring(services.today())
    assert [c.holder for c in soon] == [holders["man"]]


def test_pass_rates(course: Course, edith_educator: User) -> None:
    people = [make_person(f"P{i}", "X", dt.date(1990, 1, 1)) for i in range(3)]
    course.capacity = 5
    course.save()
    for i, person in enumerate(people):
        enrolment = services.enrol(course, person, user=edith_educator)
        for kind in ("theory", "practical"):
            score = Decimal("90") if i < 2 else Decimal("10")
            services.record_assessment(enrolment, kind, score, user=edith_educator, on_date=course.start_date)
    services.complete_course(course, user=edith_educator)
    (rate,) = dashboard.pass_rates()
    assert (rate.completed, rate.failed, rate.rate) == (2, 1, Decimal("66.7"))


def test_dashboard_page_and_exports(client: Client, holders: dict[str, Person], edith_educator: User) -> None:
    login(client, edith_educator)
    page = client.get(reverse("education:edu-dashboard")).content.decode()
    assert "Holders by region" in page and "Coach 1" in page
    csv = client.get(reverse("education:edu-dashboard-export", args=["holders", "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text.replace(",=", "\n=")
    xlsx = client.get(reverse("education:edu-dashboard-export", args=["expiring", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Number" and len(rows) == 2 and rows[1][1] == "Zhakupov"
    rates = client.get(reverse("education:edu-dashboard-export", args=["pass-rates", "csv"]))
    assert rates.status_code == 200 and "Pass rate (%)" in rates.content.decode("utf-8-sig")


def test_dashboard_is_for_educators(client: Client, tom_trainer: User, carol_manager: User) -> None:
    for user in (tom_trainer, carol_manager):
        login(client, user)
        assert client.get(reverse("education:edu-dashboard")).status_code == 403
        assert (
            client.get(reverse("education:edu-dashboard-export", args=["holders", "csv"])).status_code == 403
        )


def test_person_page_shows_qualifications_and_history(
    client: Client, holders: dict[str, Person], alice_admin: User
) -> None:
    login(client, alice_admin)
    page = client.get(reverse("registry:person-detail", args=[holders["old"].pk])).content.decode()
    assert 'id="education-record"' in page and "Expired" in page and "Revoked" in page


def test_holder_sees_own_record(client: Client, holders: dict[str, Person], paul_public: User) -> None:
    login(client, paul_public)
    assert "not linked" in client.get(reverse("education:edu-my")).content.decode()
    woman = holders["woman"]
    woman.account = paul_public
    woman.save()
    page = client.get(reverse("education:edu-my")).content.decode()
    assert "Coach 1" in page and "Valid" in page
    certificate = woman.certificates.get()
    assert client.get(reverse("education:edu-certificate-pdf", args=[certificate.pk])).status_code == 200
    other = holders["man"].certificates.first()
    assert other is not None
    assert client.get(reverse("education:edu-certificate-detail", args=[other.pk])).status_code == 403


@pytest.mark.parametrize(
    "lang, word",
    [("kk", "Өңір бойынша иелер"), ("ru", "Владельцы по регионам"), ("fr", "Titulaires par région")],
)
def test_dashboard_in_every_language(
    client: Client, holders: dict[str, Person], edith_educator: User, lang: str, word: str
) -> None:
    login(client, edith_educator)
    assert word in client.get(f"/{lang}/education/dashboard/").content.decode()
    certificate = holders["man"].certificates.first()
    assert certificate is not None
    for path in (f"certificates/{certificate.pk}/renew/", f"people/{holders['man'].pk}/cpd/", "import/"):
        assert client.get(f"/{lang}/education/{path}").status_code == 200
