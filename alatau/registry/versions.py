"""Optimistic locking for people and clubs: an edit made from an older version is refused.

Every save through the services raises the object's ``version``. An edit that says which
version it started from (a hidden form field, ``version`` or ``If-Match`` in the API) is
refused with :class:`~alatau.core.errors.StaleVersion` when someone saved in between; the error
lists the stored values that differ from the edit, so that the second person sees what changed.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from alatau.core.errors import InvalidData, StaleVersion

RELATIONS = ("disciplines", "managers")


def expected_version(value: Any) -> int | None:
    """The version an edit started from (None: not given), refusing anything but a whole number."""
    if value is None or value == "":
        return None
    text = str(value).strip().strip('"').removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 18:
        raise InvalidData(
            {"version": [_("The version is a whole number, as the object's last read gave it.")]}
        )
    return int(text)


def claim(obj: models.Model, expected: int | None, submitted: Mapping[str, Any]) -> int:
    """Lock the stored row and return its version; refuse the edit if it started from another one."""
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if stored is None:
        return int(getattr(obj, "version", 0))
    version = int(getattr(stored, "version", 0))
    if expected is None or expected == version:
        return version
    changed = {}
    for name, value in submitted.items():
        now = _text(_value(stored, name))
        if name != "version" and now != _text(value):
            changed[name] = now
    raise StaleVersion(_message(stored, changed), changed, version)


def _message(stored: models.Model, changed: Mapping[str, Any]) -> str:
    shown = "; ".join(
        f"{_label(stored, name)}: {'—' if v in (None, '') else v}" for name, v in changed.items()
    )
    message = _("%(object)s was saved by someone else while you were editing it.") % {"object": stored}
    if shown:
        message += " " + _("Stored now: %(values)s.") % {"values": shown}
    return message + " " + _("Check the values and save again to keep yours.")


def _label(obj: models.Model, name: str) -> str:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a key that is not a field (never in practice): its name
        return name
    return str(getattr(field, "verbose_name", name))


def _value(obj: models.Model, name: str) -> Any:
    if name in RELATIONS:
        return list(getattr(obj, name).all())
    return getattr(obj, name, None)


def _text(value: Any) -> Any:
    """Values as the audit log keeps them, so that stored and submitted compare alike."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(sorted(_key(item) for item in value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def _key(item: Any) -> str:
    return str(getattr(item, "code", None) or getattr(item, "username", None) or item)
