# ruff: noqa: E501
"""The education part of ``alatau demo``: a national pathway in four languages and a few years of courses.

Coach levels 1–3, instructor levels 1–2, first aid and the officials' ladder up to national TD, with
their modules and prerequisites as data; past courses whose certificates are mostly valid, some expired
and one revoked; and two courses still to come for the public calendar.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from alatau.core.models import User
from alatau.education import services
from alatau.education.models import (
    AwardingBody,
    Course,
    CPDActivity,
    Kind,
    Module,
    OfficialRole,
    PrerequisiteRule,
    Programme,
    RenewalRule,
)
from alatau.registry.models import Person

SEED = 2026
# code, kind, role, level, body, validity, (kk, ru, en, fr)
PROGRAMMES: list[tuple[str, str, str, int, str, int, tuple[str, str, str, str]]] = [
    ("first-aid", Kind.FIRST_AID, "", 1, AwardingBody.STATE, 3, ("Алғашқы көмек", "Первая помощь", "First aid", "Premiers secours")),
    ("coach-1", Kind.COACH, "", 1, AwardingBody.FEDERATION, 4, ("1-деңгейлі жаттықтырушы", "Тренер 1-го уровня", "Coach level 1", "Entraîneur niveau 1")),
    ("coach-2", Kind.COACH, "", 2, AwardingBody.FEDERATION, 4, ("2-деңгейлі жаттықтырушы", "Тренер 2-го уровня", "Coach level 2", "Entraîneur niveau 2")),
    ("coach-3", Kind.COACH, "", 3, AwardingBody.STATE, 4, ("3-деңгейлі жаттықтырушы", "Тренер 3-го уровня", "Coach level 3", "Entraîneur niveau 3")),
    ("instructor-1", Kind.INSTRUCTOR, "", 1, AwardingBody.ISIA, 6, ("1-деңгейлі нұсқаушы", "Инструктор 1-го уровня", "Instructor level 1", "Moniteur niveau 1")),
    ("instructor-2", Kind.INSTRUCTOR, "", 2, AwardingBody.ISIA, 6, ("2-деңгейлі нұсқаушы", "Инструктор 2-го уровня", "Instructor level 2", "Moniteur niveau 2")),
    ("timekeeper", Kind.OFFICIAL, OfficialRole.TIMEKEEPER, 1, AwardingBody.FEDERATION, 4, ("Хронометрист", "Хронометрист", "Timekeeper", "Chronométreur")),
    ("gate-judge", Kind.OFFICIAL, OfficialRole.GATE_JUDGE, 1, AwardingBody.FEDERATION, 4, ("Қақпа төрешісі", "Судья на воротах", "Gate judge", "Juge de porte")),
    ("chief-of-race", Kind.OFFICIAL, OfficialRole.CHIEF_OF_RACE, 1, AwardingBody.FEDERATION, 4, ("Жарыс бастығы", "Начальник трассы", "Chief of race", "Chef de course")),
    ("referee", Kind.OFFICIAL, OfficialRole.REFEREE, 1, AwardingBody.FEDERATION, 4, ("Төреші", "Рефери", "Referee", "Arbitre")),
    ("national-td", Kind.OFFICIAL, OfficialRole.TECHNICAL_DELEGATE, 2, AwardingBody.FEDERATION, 2, ("Ұлттық техникалық делегат", "Национальный технический делегат", "National technical delegate", "Délégué technique national")),
]  # fmt: skip
MODULES = [
    (("Теория", "Теория", "Theory", "Théorie"), Decimal("12")),
    (("Тәжірибе", "Практика", "Practice on snow", "Pratique sur neige"), Decimal("24")),
    (("Емтихан", "Экзамен", "Examination", "Examen"), Decimal("4")),
]  # fmt: skip
# programme, required qualification (or a rule kind with its value)
PREREQUISITES: list[tuple[str, str, Decimal | None]] = [
    ("coach-1", PrerequisiteRule.Kind.MIN_AGE, Decimal("18")),
    ("coach-2", "coach-1", None),
    ("coach-3", "coach-2", None),
    ("coach-2", PrerequisiteRule.Kind.FIRST_AID, None),
    ("instructor-2", "instructor-1", None),
    ("referee", "gate-judge", None),
    ("chief-of-race", "gate-judge", None),
    ("national-td", "referee", None),
    ("national-td", PrerequisiteRule.Kind.MIN_AGE, Decimal("25")),
]
# programme: extension in years, CPD credits (and their type), refresher seminar, age limit
RENEWAL_RULES: list[tuple[str, int, Decimal, str, bool, int | None]] = [
    ("coach-1", 4, Decimal("2"), CPDActivity.CreditType.EDUCATION, False, None),
    ("coach-2", 4, Decimal("3"), CPDActivity.CreditType.EDUCATION, True, None),
    ("instructor-1", 6, Decimal("1"), "", True, None),
    ("first-aid", 3, Decimal("0"), "", True, None),
    ("national-td", 2, Decimal("0"), "", True, 65),
    ("referee", 4, Decimal("1"), CPDActivity.CreditType.PRACTICE, True, None),
]
# programme, years ago, place
PAST_COURSES = [
    ("first-aid", 2, "Almaty"), ("coach-1", 5, "Shymbulak"), ("coach-1", 1, "Shymbulak"),
    ("coach-2", 3, "Ridder"), ("instructor-1", 4, "Tabagan"), ("gate-judge", 6, "Ak Bulak"),
    ("gate-judge", 2, "Shymbulak"), ("referee", 3, "Almaty"), ("national-td", 3, "Almaty"),
    ("timekeeper", 1, "Almaty"),
]  # fmt: skip


def _programmes() -> dict[str, Programme]:
    made = {}
    for code, kind, role, level, body, years, (kk, ru, en, fr) in PROGRAMMES:
        made[code] = programme = Programme.objects.create(
            code=code, kind=kind, official_role=role, level=level, awarding_body=body, validity_years=years,
            name_kk=kk, name_ru=ru, name_en=en, name_fr=fr,
        )  # fmt: skip
        for order, ((mkk, mru, men, mfr), hours) in enumerate(MODULES, start=1):
            Module.objects.create(
                programme=programme,
                order=order,
                hours=hours,
                name_kk=mkk,
                name_ru=mru,
                name_en=men,
                name_fr=mfr,
            )
    for code, rule, value in PREREQUISITES:
        if rule in made:
            PrerequisiteRule.objects.create(
                programme=made[code], kind=PrerequisiteRule.Kind.QUALIFICATION, required_programme=made[rule]
            )
        else:
            PrerequisiteRule.objects.create(programme=made[code], kind=rule, value=value)
    return made


def _course(programme: Programme, start: dt.date, place: str, creator: User, trainer: User) -> Course:
    course = Course.objects.create(
        programme=programme, organiser="Kazakh Ski Federation", start_date=start,
        end_date=start + dt.timedelta(days=4), place=place, capacity=16, fee=Decimal("45000"), created_by=creator,
    )  # fmt: skip
    course.trainers.add(trainer)
    course.examiners.add(trainer)
    course.log_action("created", creator, {"programme": programme.code})
    return course


def _past_courses(made: dict[str, Programme], today: dt.date, educator: User, trainer: User) -> list[Any]:
    rng = random.Random(SEED)
    adults = list(Person.objects.filter(birth_date__lte=services.add_years(today, -26)).order_by("pk"))
    certificates = []
    for code, years, place in PAST_COURSES:
        start = services.add_years(today, -years) - dt.timedelta(days=rng.randint(20, 120))
        course = _course(made[code], start, place, educator, trainer)
        for person in rng.sample(adults, 6):
            certificates.append(
                services.issue_certificate(person, made[code], course.end_date, user=educator, course=course)
            )
    return certificates


def _renewal_rules(made: dict[str, Programme]) -> None:
    for code, years, credits, credit_type, seminar, max_age in RENEWAL_RULES:
        RenewalRule.objects.create(
            programme=made[code], interval_years=years, credits_required=credits, credit_type=credit_type,
            seminar_required=seminar, max_age=max_age,
        )  # fmt: skip


CPD_TITLES = [
    ("FIS update seminar (online)", CPDActivity.CreditType.SEMINAR, Decimal("1")),
    ("Youth coaching workshop", CPDActivity.CreditType.EDUCATION, Decimal("1.5")),
    ("Avalanche awareness", CPDActivity.CreditType.SAFETY, Decimal("0.5")),
    ("National Cup, gate judge", CPDActivity.CreditType.PRACTICE, Decimal("0.25")),
]


def _cpd(certificates: list[Any], today: dt.date) -> int:
    """One to three CPD activities for a dozen holders, so that some can renew and some cannot yet."""
    rng = random.Random(SEED + 1)
    holders = sorted({c.holder for c in certificates}, key=lambda p: p.pk)[:12]
    made = 0
    for person in holders:
        for title, credit_type, credits in rng.sample(CPD_TITLES, rng.randint(1, 3)):
            day = today - dt.timedelta(days=rng.randint(30, 700))
            CPDActivity.objects.create(
                person=person, date=day, title=title, credit_type=credit_type, credits=credits
            )
            made += 1
    return made


def load_demo(today: dt.date) -> str:
    educator, trainer = User.objects.get(username="educator"), User.objects.get(username="trainer")
    made = _programmes()
    _renewal_rules(made)
    certificates = _past_courses(made, today, educator, trainer)
    _cpd(certificates, today)
    services.revoke_certificate(
        certificates[-1], "Certificate issued in error: the final examination was not taken", user=educator,
        on_date=today - dt.timedelta(days=30),
    )  # fmt: skip
    for code, days, place in (("coach-1", 25, "Shymbulak"), ("gate-judge", 40, "Medeu")):
        _course(made[code], today + dt.timedelta(days=days), place, educator, trainer)
    made["coach-1"].approval = "club"  # from now on, enrolments on coach level 1 wait for the club's approval
    made["coach-1"].save(update_fields=["approval"])
    return f"education: {len(made)} programmes, {Course.objects.count()} courses, {len(certificates)} certificates"
