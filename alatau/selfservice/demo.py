"""``alatau demo``, self-service: an athlete who claimed their record, a parent acting for a child."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password

from alatau.core.models import Role, User
from alatau.licences.models import Licence
from alatau.registry.models import Person
from alatau.selfservice.models import Guardianship
from alatau.selfservice.services import ADULT_AGE


def load_demo(today: dt.date, password: str) -> str:
    """Link the first licensed adult athlete to ``athlete`` and the youngest member to ``parent``."""
    hashed = make_password(password)
    adult_born = today.replace(year=today.year - ADULT_AGE, day=1)
    licensed = Licence.objects.filter(status=Licence.Status.ACTIVE, person__birth_date__lte=adult_born)
    holder = (
        Person.objects.filter(pk__in=licensed.values("person")).order_by("last_name", "first_name").first()
    )
    child = Person.objects.filter(birth_date__gt=adult_born).order_by("-birth_date", "last_name").first()
    made = []
    if holder is not None:
        athlete = User.objects.create(
            username="athlete", role=Role.PUBLIC, password=hashed, email="athlete@alatau.local"
        )
        holder.account = athlete
        holder.save(update_fields=["account"])
        holder.log_action("record claimed", athlete, {"account": [None, "athlete"]})
        made.append(f"athlete ({holder})")
    if child is not None:
        parent = User.objects.create(
            username="parent", role=Role.PUBLIC, password=hashed, email="parent@alatau.local"
        )
        Guardianship.objects.create(guardian=parent, person=child)
        child.log_action("guardian linked", parent, {"guardian": [None, "parent"]})
        made.append(f"parent (of {child})")
    if not made:
        return ""
    return f"self-service: log in as {' and '.join(made)}, password {password}, and open My page"
