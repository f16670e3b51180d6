"""The education objects of the every-URL walk: a course with a session and an enrolment, a certificate."""

import datetime as dt
from decimal import Decimal
from typing import Any

from alatau.core.models import Role, User
from alatau.education import services
from tests.education.factories import make_course, make_programme


def extend(world: dict[str, Any]) -> None:
    educator = User.objects.create(username="world-educator", role=Role.COACH_EDUCATOR)
    programme = make_programme("world-coach-1")
    course = make_course(programme, services.today())
    session = services.add_session(course, course.start_date, "Rules", user=educator)
    enrolment = services.enrol(course, world["person"], user=educator)
    services.record_assessment(enrolment, "theory", Decimal("75"), user=educator)
    certificate = services.issue_certificate(
        world["person"], programme, services.today() - dt.timedelta(days=3), user=educator
    )
    world.update(
        {
            "edu-course": course,
            "edu-session": session,
            "edu-enrolment": enrolment,
            "edu-certificate": certificate,
        }
    )
