"""A cleared timer record (ALGE ``c``/``d``, Microgate cleared flags) clears the stored time it refers to.

The timer sends the record of the cleared impulse again, flagged: same bib, channel and time of day. The
import then removes that time of day from the competitor's run (and the net time made from it), audited
as ``time cleared``; the impulse log keeps every line as read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.models import Race, RunTime

_FIELDS = {"start": ("start_tod", "start_tod_b"), "finish": ("finish_tod", "finish_tod_b")}


def clear_time(user: Any, race: Race, run: int, bib: int, channel: str, tod: Decimal) -> bool:
    """Clear the time of day ``tod`` stored on ``channel`` (start | finish) of ``bib``; False if none.

    Refused (the service's error) once the results are official.
    """
    with transaction.atomic():
        services._open(Race.objects.select_for_update().get(pk=race.pk))
        row = RunTime.objects.select_for_update().filter(entry__race=race, entry__bib=bib, run=run).first()
        field = _matching(row, channel, tod)
        if row is None or field is None:
            return False
        before = services._snapshot(row)
        setattr(row, field, None)
        row.net_time = None
        services._net_from_tods(row)
        row.version += 1
        row.updated_by = user if getattr(user, "is_authenticated", False) else None
        row.save()
        after = services._snapshot(row)
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        row.log_action("time cleared", user, changes)
    return True


def no_time_to_clear() -> str:
    """The report line of a cleared record whose time is not stored (already cleared or never read)."""
    return _("cleared impulse: no stored time to clear")


def _matching(row: RunTime | None, channel: str, tod: Decimal) -> str | None:
    if row is None:
        return None
    return next((f for f in _FIELDS.get(channel, ()) if getattr(row, f) == tod), None)
