# ruff: noqa: F811 - a fixture of tests/web is imported by name and then requested
"""The jury from the registry, checked against the officials' register on the race date; admin overrides."""

import datetime as dt

import pytest
from django.test import Client

from alatau.competitions import jury, services
from alatau.competitions.models import Race
from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import User
from alatau.education import services as education
from alatau.education.models import Certificate, Kind, OfficialRole
from alatau.registry.models import Person
from tests.competitions.conftest import RACE_DAY
from tests.education.factories import make_programme
from tests.web.conftest import edith_educator, login  # noqa: F401 - the educator fixture


def official(last: str, fis_code: str, nation: str = "KAZ") -> Person:
    return Person.objects.create(
        last_name=last, first_name="Official", birth_date=dt.date(1975, 5, 5), gender="M",
        nationality=nation, fis_code=fis_code, is_official=True,
    )  # fmt: skip


def certify(person: Person, role: str, issued: dt.date, educator: User, years: int) -> Certificate:
    programme = make_programme(
        f"{role}-{person.pk}", kind=Kind.OFFICIAL, official_role=role, validity_years=years
    )
    return education.issue_certificate(person, programme, issued, user=educator)


@pytest.fixture
def officials(edith_educator: User) -> dict[str, Person]:
    """A TD whose two-year certificate expired before race day, a qualified TD, referee and chief of race."""
    made = {
        "expired_td": official("Expired", "TD001"),
        "td": official("Valid", "TD002", "AUT"),
        "referee": official("Referee", "RF001"),
        "chief": official("Chief", "CR001"),
        "nobody": official("Nobody", "NB001"),
    }
    certify(made["expired_td"], OfficialRole.TECHNICAL_DELEGATE, dt.date(2019, 6, 1), edith_educator, 2)
    certify(made["td"], OfficialRole.TECHNICAL_DELEGATE, dt.date(2021, 6, 1), edith_educator, 2)
    certify(made["referee"], OfficialRole.REFEREE, dt.date(2020, 1, 1), edith_educator, 4)
    certify(made["chief"], OfficialRole.CHIEF_OF_RACE, dt.date(2020, 1, 1), edith_educator, 4)
    return made


def test_a_td_whose_certificate_expired_before_the_race_is_refused(
    race: Race, officials: dict[str, Person], oscar_organiser: User
) -> None:
    expired = Certificate.objects.get(holder=officials["expired_td"])
    assert expired.expires is not None and expired.expires < RACE_DAY
    with pytest.raises(InvalidData) as refused:
        jury.name_jury(
            oscar_organiser, race, {"td": officials["expired_td"], "referee": officials["referee"]}
        )
    assert list(refused.value.errors) == ["td"]
    assert f"expired on {expired.expires:%d.%m.%Y}" in refused.value.errors["td"][0]
    race.refresh_from_db()
    assert race.td is None and race.referee is None and not race.audit_entries().filter(action="jury named")


def test_a_qualified_jury_is_named_and_audited(
    race: Race, officials: dict[str, Person], oscar_organiser: User
) -> None:
    chosen = {"td": officials["td"], "referee": officials["referee"], "chief_of_race": officials["chief"],
              "start_referee": officials["nobody"]}  # fmt: skip
    jury.name_jury(oscar_organiser, race, chosen)
    race.refresh_from_db()
    assert race.td == officials["td"] and race.start_referee == officials["nobody"]
    changes = race.audit_entries().get(action="jury named").changes
    assert changes["td"] == [None, "VALID Official TD002 (AUT)"] and "override" not in changes
    lines = {line["field"]: line for line in jury.jury_lines(race)}
    assert lines["td"]["verdict"].ok and lines["start_referee"]["verdict"] is None


def test_only_a_federation_admin_overrides_the_register(
    race: Race, officials: dict[str, Person], oscar_organiser: User, alice_admin: User
) -> None:
    chosen = {"td": officials["expired_td"], "chief_of_race": officials["nobody"]}
    with pytest.raises(NotAllowed):
        jury.name_jury(oscar_organiser, race, chosen, "No other TD available")
    jury.name_jury(alice_admin, race, chosen, "No other TD available")
    race.refresh_from_db()
    assert race.td == officials["expired_td"] and race.chief_of_race == officials["nobody"]
    entry = jury.overrides(race)[0]
    assert entry.actor == alice_admin and entry.changes["override"] == [None, "No other TD available"]
    reasons = entry.changes["not qualified"][1]
    assert any("holds no qualification as Chief of race" in r for r in reasons) and len(reasons) == 2


def test_an_official_race_keeps_its_jury(timed: Race, officials: dict[str, Person], ted_delegate: User,
                                         oscar_organiser: User) -> None:  # fmt: skip
    services.make_official(ted_delegate, timed)
    timed.refresh_from_db()
    with pytest.raises(Conflict):
        jury.name_jury(oscar_organiser, timed, {"td": officials["td"]})


# --- the page ----------------------------------------------------------------------------------------


def test_the_jury_page_refuses_an_expired_td_and_takes_an_admin_override(
    client: Client, race: Race, officials: dict[str, Person], oscar_organiser: User, alice_admin: User
) -> None:
    url = f"/en/races/{race.pk}/office/jury/"
    login(client, oscar_organiser)
    refused = client.post(url, {"td": officials["expired_td"].pk, "referee": officials["referee"].pk})
    assert refused.status_code == 400 and b"expired on" in refused.content
    assert b"override" not in refused.content.split(b'id="jury-form"')[1].lower().split(b"<button")[0]
    login(client, alice_admin)
    done = client.post(url, {"td": officials["expired_td"].pk, "override": "Only TD in the region"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "EXPIRED Official" in page and "TD001" in page and "Only TD in the region" in page


@pytest.mark.parametrize(
    "persona",
    [None, "alice_admin", "carol_manager", "oscar_organiser", "tina_timekeeper", "rita_referee",
     "ted_delegate", "sue_speaker", "paul_public"],
)  # fmt: skip
def test_the_jury_page_as_every_role(
    client: Client,
    request: pytest.FixtureRequest,
    race: Race,
    officials: dict[str, Person],
    persona: str | None,
) -> None:
    if persona:
        login(client, request.getfixturevalue(persona))
    url = f"/ru/races/{race.pk}/office/jury/"
    assert client.get(url).status_code in (200, 302, 403), persona
    answer = client.post(url, {"td": officials["td"].pk})
    assert answer.status_code in (302, 403), persona
