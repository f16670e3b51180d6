"""How often a visitor may ask for a record's claim link: no mail-bombing the address on a record.

A record gets at most one asked-for link every ``ALATAU_CLAIM_LINK_MINUTES`` (10) and at most
``ALATAU_CLAIM_LINKS_PER_DAY`` (3) in 24 hours. The links already sent are the count (the
invitations with no inviter), so every server worker sees the same one. Invitations sent by a
club or the federation do not count and are never limited.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from alatau.registry.models import Person
from alatau.selfservice.models import Invitation


def _limits() -> tuple[dt.timedelta, int]:
    minutes = getattr(settings, "ALATAU_CLAIM_LINK_MINUTES", 10)
    return dt.timedelta(minutes=minutes), getattr(settings, "ALATAU_CLAIM_LINKS_PER_DAY", 3)


def may_send_asked_link(person: Person, now: dt.datetime | None = None) -> bool:
    """Whether another asked-for link may go to ``person``'s address now."""
    now = now or timezone.now()
    gap, per_day = _limits()
    asked = Invitation.objects.filter(person=person, invited_by__isnull=True)
    if asked.filter(created_at__gt=now - gap).exists():
        return False
    return asked.filter(created_at__gt=now - dt.timedelta(days=1)).count() < per_day
