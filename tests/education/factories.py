"""Small builders of programmes, courses and people for the education tests and the every-URL world."""

import datetime as dt
from decimal import Decimal
from typing import Any

from alatau.education.models import AwardingBody, Course, Kind, Module, Programme
from alatau.registry.models import Person


def make_programme(code: str, **extra: Any) -> Programme:
    fields: dict[str, Any] = {
        "kind": Kind.COACH,
        "level": 1,
        "awarding_body": AwardingBody.FEDERATION,
        "validity_years": 4,
        **extra,
    }
    name = code.replace("-", " ").title()
    programme = Programme.objects.create(
        code=code, name_en=name, name_ru=name, name_kk=name, name_fr=name, **fields
    )
    Module.objects.create(
        programme=programme,
        order=1,
        hours=Decimal("16"),
        name_en="Rules",
        name_ru="Правила",
        name_kk="Ережелер",
        name_fr="Règles",
    )
    return programme


def make_course(programme: Programme, start: dt.date, capacity: int = 20) -> Course:
    return Course.objects.create(
        programme=programme,
        organiser="Kazakhstan Ski Federation",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        place="Shymbulak",
        capacity=capacity,
        fee=Decimal("25000.00"),
        language="ru",
    )


def make_person(last: str, first: str, birth: dt.date, email: str = "") -> Person:
    return Person.objects.create(last_name=last, first_name=first, birth_date=birth, gender="W", email=email)
