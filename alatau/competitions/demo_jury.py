"""The demo's signed slalom gets what a real one has: a named jury and a filled timing form.

The jury goes through :func:`alatau.competitions.jury.name_jury`. The demo's officials' register is
loaded after the race office's demo (the education app comes later), so the administrator names them
with an audited override reason. The technical delegate is the ``td`` login's registry person when it
has one, otherwise the first demo official, given a FIS TD number when they lack one.
"""

from __future__ import annotations

from alatau.competitions import timingreport
from alatau.competitions.jury import name_jury
from alatau.competitions.models import Race
from alatau.core.models import User
from alatau.registry.models import Person
from alatau.registry.services import update_person

JURY_OVERRIDE = "Demo: the officials' register is loaded after the race office"
TD_NUMBER = "KAZTD331"
DEVICES = {
    "timer_a": {"brand": "ALGE", "model": "TdC 8001", "serial": "A-8001-331", "homologation": "TI.001.12"},
    "timer_b": {"brand": "ALGE", "model": "Timy3", "serial": "B-331", "homologation": "TI.002.15"},
    "start_device": {"brand": "ALGE", "model": "SG2-R", "serial": "", "homologation": ""},
    "start_clock": {"brand": "ALGE", "model": "ASC3", "serial": "", "homologation": ""},
    "cells_a": {"brand": "ALGE", "model": "PR1a-d", "serial": "", "homologation": "PC.005"},
    "cells_b": {"brand": "ALGE", "model": "PR1a-d", "serial": "", "homologation": "PC.005"},
}  # fmt: skip


def _delegate(admin: User, officials: list[Person]) -> Person | None:
    own = Person.objects.filter(account__username="td").first()
    if own is not None and own.fis_code:
        return own
    if not officials:
        return None
    chosen = officials.pop(0)
    if not chosen.fis_code:
        chosen = update_person(chosen, {"fis_code": TD_NUMBER}, user=admin)
    return chosen


def name_demo_jury(admin: User, race: Race) -> Race:
    """TD, referee and chief of race from the demo's officials, named with the override reason."""
    officials = list(Person.objects.filter(is_official=True).order_by("pk")[:3])
    chosen = {"td": _delegate(admin, officials)}
    for field in ("referee", "chief_of_race"):
        chosen[field] = officials.pop(0) if officials else None
    return name_jury(admin, race, {k: v for k, v in chosen.items() if v is not None}, JURY_OVERRIDE)


def fill_timing_form(admin: User, race: Race) -> None:
    """The timing form of the demo race: the ``timekeeper`` login, ALGE devices, synchronisation."""
    keeper = User.objects.get(username="timekeeper")
    timingreport.save_setup(admin, race, {
        "timekeeper_lastname": keeper.last_name, "timekeeper_firstname": keeper.first_name,
        "timekeeper_nation": "KAZ", "timekeeper_company": "Shymbulak Timing", "devices": DEVICES,
        "timer_b_used": True, "start_device_type": 10, "software_brand": "Alatau", "software_version": "1.0",
        "connection_a": "Cable", "connection_b": "Radio", "connection_voice": "Radio",
        "sync_time": "08:30:00", "handsync_time": "08:31:00", "synccheck_a": "09:45:00.0000",
        "synccheck_b": "09:45:00.0002", "certify": True,
    })  # fmt: skip
