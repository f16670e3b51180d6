"""Officiating days by position: the race office's juries (races already held) plus the days logged."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from alatau.competitions.models import Event, Race, RaceRun
from alatau.core.models import User
from alatau.education import experience, services
from alatau.education.models import Course, Enrolment, ExperienceLog, OfficialRole, PrerequisiteRule
from alatau.registry.models import Person
from tests.education.factories import make_course, make_person, make_programme
from tests.web.conftest import login

RULE = PrerequisiteRule.Kind


@pytest.fixture
def event(db: None) -> Event:
    return Event.objects.create(
        name="Almaty Cup", place="Shymbulak", start_date=dt.date(2025, 1, 10), end_date=dt.date(2025, 3, 1)
    )


def held(event: Event, day: dt.date, codex: str, **jury: Person) -> Race:
    return Race.objects.create(
        event=event, codex=codex, discipline="GS", gender="W", category="FIS", season="2024-25", date=day,
        **jury,
    )  # fmt: skip


@pytest.fixture
def referee_course(db: None) -> Course:
    programme = make_programme("referee-national", kind="official", official_role=OfficialRole.REFEREE)
    PrerequisiteRule.objects.create(
        programme=programme, kind=RULE.EXPERIENCE, value=2, position=OfficialRole.REFEREE
    )
    return make_course(programme, dt.date(2026, 3, 2))


def test_a_referee_with_three_jury_days_meets_two_days_as_referee(
    event: Event, referee_course: Course, edith_educator: User
) -> None:
    rita = make_person("Referee", "Rita", dt.date(1980, 1, 1))
    for n, day in enumerate((dt.date(2025, 1, 10), dt.date(2025, 1, 11), dt.date(2025, 2, 2))):
        held(event, day, f"01{n}", referee=rita)
    assert experience.experience(rita, OfficialRole.REFEREE, referee_course.start_date).served == 3
    enrolment = services.enrol(referee_course, rita, user=edith_educator)
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_one_jury_day_is_refused_with_the_reason(
    event: Event, referee_course: Course, edith_educator: User
) -> None:
    roman = make_person("Once", "Roman", dt.date(1980, 1, 1))
    held(event, dt.date(2025, 1, 10), "020", referee=roman)
    held(event, dt.date(2025, 1, 11), "021", chief_of_race=roman)  # another position does not count
    with pytest.raises(services.PrerequisiteMissing) as refused:
        services.enrol(referee_course, roman, user=edith_educator)
    reason = str(refused.value)
    assert "2 days of experience as Referee" in reason and "1: 0 logged, 1 on race juries" in reason
    assert Enrolment.objects.get(person=roman).reason == reason


def test_logged_days_add_to_jury_days(event: Event, referee_course: Course, edith_educator: User) -> None:
    lena = make_person("Logged", "Lena", dt.date(1980, 1, 1))
    held(event, dt.date(2025, 1, 10), "030", referee=lena)
    ExperienceLog.objects.create(person=lena, position=OfficialRole.REFEREE, date=dt.date(2024, 3, 1))
    found = experience.experience(lena, OfficialRole.REFEREE, referee_course.start_date)
    assert (found.logged, found.served, found.days) == (1, 1, 2)
    assert services.enrol(referee_course, lena, user=edith_educator).status == Enrolment.Status.ENROLLED


def test_races_not_yet_held_and_two_races_on_one_day(event: Event, edith_educator: User) -> None:
    tom = make_person("Future", "Tom", dt.date(1980, 1, 1))
    today = services.today()
    held(event, dt.date(2025, 1, 10), "040", td=tom)
    held(event, dt.date(2025, 1, 10), "041", td=tom)  # the same day: one day of experience
    held(event, today, "042", td=tom)  # today's race is not past yet
    held(event, today + dt.timedelta(days=5), "043", td=tom)
    later = today + dt.timedelta(days=30)
    assert experience.jury_days(tom, OfficialRole.TECHNICAL_DELEGATE, later) == 1
    assert experience.jury_days(tom, OfficialRole.TECHNICAL_DELEGATE, dt.date(2025, 1, 9)) == 0


def test_course_setter_days_come_from_the_runs(event: Event) -> None:
    setter = make_person("Setter", "Sam", dt.date(1980, 1, 1))
    race = held(event, dt.date(2025, 2, 2), "050")
    RaceRun.objects.create(race=race, number=1, course_setter=setter)
    RaceRun.objects.create(race=race, number=2, course_setter=setter)
    assert experience.jury_days(setter, OfficialRole.COURSE_SETTER, dt.date(2026, 1, 1)) == 1
    assert experience.jury_days(setter, OfficialRole.GATE_JUDGE, dt.date(2026, 1, 1)) == 0


def test_the_persons_page_shows_the_experience(
    client: Client, event: Event, athlete: Person, alice_admin: User
) -> None:
    held(event, dt.date(2025, 1, 10), "060", referee=athlete)
    ExperienceLog.objects.create(
        person=athlete, position=OfficialRole.GATE_JUDGE, date=dt.date(2024, 3, 1), days=4
    )
    assert [(label, e.days) for label, e in experience.summary(athlete, services.today())] == [
        ("Referee", 1), ("Gate judge", 4)
    ]  # fmt: skip
    login(client, alice_admin)
    page = client.get(reverse("registry:person-detail", args=[athlete.pk])).content.decode()
    table = page[page.index('id="officiating-experience"') :]
    assert "Referee" in table and "Gate judge" in table
