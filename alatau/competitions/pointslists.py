"""FIS points lists in the race office: upload a list, take each entry's points from the list of race day,
and set an entry's points by hand with a reason.

The file is read by the same reader as ``alatau fis list`` (:func:`alatau.fis.pointslist.read_points_list`);
the list in force on race day is :func:`alatau.competitions.services.points_list_for`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.models import Entry, PointsList, Race
from alatau.core.errors import InvalidData
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.errors import InputError
from alatau.fis.pointslist import read_points_list

#: A FIS list is about 2 MB as CSV; anything far beyond is not one.
MAX_LIST_BYTES = 30 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")


def can_upload(user: Any) -> bool:
    """Federation administrators and competition organisers load points lists."""
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.ORGANISER)


def upload(
    user: Any, data: bytes, filename: str, *, number: str, valid_from: dt.date, valid_until: dt.date
) -> PointsList:
    """Store an uploaded list file (CSV or XLSX as FIS publishes it) with its number and validity."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidData({"file": [_("A FIS points list is a .csv or .xlsx file.")]})
    if len(data) > MAX_LIST_BYTES:
        raise InvalidData({"file": [_("The file is too large for a FIS points list.")]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(filename).name or f"list{suffix}")
        path.write_bytes(data)
        _refuse_bad_rows(path)
        return services.upload_points_list(
            user, path, number=number.strip(), valid_from=valid_from, valid_until=valid_until
        )


def _refuse_bad_rows(path: Path) -> None:
    """A list with rows the reader cannot take is refused whole, naming the first of them."""
    errors = read_points_list(path).errors
    if errors:
        shown = [_("Row %(row)s: %(problem)s") % {"row": e.row, "problem": e.message} for e in errors[:5]]
        more = [_("… and %(n)s more rows.") % {"n": len(errors) - 5}] if len(errors) > 5 else []
        raise InvalidData({"file": [*shown, *more]})


def list_in_force(race: Race) -> PointsList | None:
    """The list the race takes its points from: its own, else the one valid on race day."""
    return services.points_list_for(race)


def take_list_points(user: Any, race: Race) -> int:
    """Give every entry not set by hand its points from the list in force; the number of entries changed."""
    services._allow(services.organises(user, race.event))
    services._open(race)
    listed = list_in_force(race)
    if listed is None:
        raise InputError(_("No FIS points list is valid on the race day."))
    found = {e.fis_code: e for e in listed.entries.filter(fis_code__in=_codes(race))}
    changed = 0
    with transaction.atomic():
        for entry in race.entries.filter(points_set_by_hand=False).exclude(fis_code=""):
            listed_entry = found.get(entry.fis_code)
            points = listed_entry.points_in(race.discipline) if listed_entry else None
            if listed_entry is None or points == entry.fis_points:
                continue
            old, entry.fis_points = entry.fis_points, points
            entry.save(update_fields=["fis_points"])
            changes = {"fis_points": [_text(old), _text(points)], "list": [None, listed.number]}
            entry.log_action("points from list", user, changes)
            changed += 1
    return changed


def _codes(race: Race) -> list[str]:
    return list(race.entries.exclude(fis_code="").values_list("fis_code", flat=True))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def set_by_hand(user: Any, entry: Entry, points_text: str, reason: str) -> Entry:
    """The organiser's points for one entry (empty = no points), audited with the reason."""
    text = points_text.strip().replace(",", ".")
    try:
        points = services._decimal(text, _("FIS points")) if text else None
    except InputError as error:
        raise InvalidData({"fis_points": [str(error)]}) from None
    return services.set_points(user, entry, points, reason)


def points_sources(race: Race, listed: PointsList | None) -> dict[int, str]:
    """Where each entry's points come from (by hand with the reason, or the list), for the entries pages."""
    codes: set[str] = set()
    if listed is not None:
        codes = set(listed.entries.filter(fis_code__in=_codes(race)).values_list("fis_code", flat=True))
    sources: dict[int, str] = {}
    for entry in race.entries.all():
        if entry.points_set_by_hand:
            sources[entry.pk] = _("by hand: %(reason)s") % {"reason": entry.points_reason}
        elif listed is not None and entry.fis_code in codes:
            sources[entry.pk] = _("list %(number)s") % {"number": listed.number}
    return sources
