"""Login throttling: per account and per address, with a lockout, for the site, the admin and API tokens.

Our own rather than django-axes: axes hooks into ``authenticate()``, which API tokens never go
through, and its lockout page would be a second, untranslated face. The failures are rows in
the database (:class:`~alatau.core.models.LoginFailure`), so that every gunicorn worker counts
the same ones; a per-process cache would let each worker allow its own five tries.

An account is locked after ``ALATAU_LOGIN_FAILURES`` (5) failures within the window, an address
after ``ALATAU_LOGIN_ADDRESS_FAILURES`` (20), each for ``ALATAU_LOGIN_LOCKOUT_MINUTES`` (15)
after its last failure. While locked, even the right password is refused. Each lockout is
written to the audit log.
"""

import datetime as dt
import math

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from alatau.core.models import AuditEntry, LoginFailure, User


def _limits() -> tuple[int, int, dt.timedelta]:
    minutes = getattr(settings, "ALATAU_LOGIN_LOCKOUT_MINUTES", 15)
    per_account = getattr(settings, "ALATAU_LOGIN_FAILURES", 5)
    return per_account, getattr(settings, "ALATAU_LOGIN_ADDRESS_FAILURES", 20), dt.timedelta(minutes=minutes)


def client_address(request: HttpRequest) -> str:
    """The caller's address: behind a trusted proxy, the last one it appended to X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "ALATAU_TRUSTED_PROXIES", [])
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if remote in trusted and forwarded:
        outside = [address for address in forwarded if address not in trusted]
        return (outside or forwarded)[-1][:45]
    return remote[:45]


def _normal(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def _lock_end(failures: QuerySet[LoginFailure], limit: int, lockout: dt.timedelta) -> dt.datetime | None:
    seen = failures.aggregate(n=Count("pk"), last=Max("at"))
    if seen["n"] >= limit and seen["last"] is not None:
        return seen["last"] + lockout
    return None


def locked_until(username: str | None, address: str) -> dt.datetime | None:
    """When the lockout of this account or this address ends; None when neither is locked."""
    per_account, per_address, lockout = _limits()
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - lockout)
    ends = [_lock_end(recent.filter(address=address), per_address, lockout)]
    if _normal(username):
        ends.append(_lock_end(recent.filter(username=_normal(username)), per_account, lockout))
    later = [end for end in ends if end is not None and end > now]
    return max(later, default=None)


def record_failure(username: str | None, address: str, kind: str) -> dt.datetime | None:
    """Count one refused login; write the audit entry when it locks the account or the address."""
    per_account, per_address, lockout = _limits()
    now = timezone.now()
    name = _normal(username)
    LoginFailure.objects.filter(at__lte=now - lockout).delete()
    LoginFailure.objects.create(username=name, address=address, kind=kind, at=now)
    recent = LoginFailure.objects.filter(at__gt=now - lockout)
    crossed = recent.filter(address=address).count() == per_address
    crossed |= bool(name) and recent.filter(username=name).count() == per_account
    if crossed:
        _audit_lockout(name, address, kind, now + lockout)
    return locked_until(name, address)


def clear_account(username: str | None) -> None:
    """A successful login forgets the account's failures (not the address's)."""
    if _normal(username):
        LoginFailure.objects.filter(username=_normal(username)).delete()


def _audit_lockout(username: str, address: str, kind: str, until: dt.datetime) -> None:
    user = User.objects.filter(username__iexact=username).first() if username else None
    target = user if user is not None else LoginFailure
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(user.pk) if user is not None else address,
        object_repr=(username or address)[:200],
        action="login_locked",
        changes={"username": username, "address": address, "kind": kind, "until": until.isoformat()},
    )


def lockout_message(until: dt.datetime) -> str:
    """The translated refusal, with the minutes left."""
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many failed logins for this account or from this address. Try again in %(minutes)d minute.",
        "Too many failed logins for this account or from this address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
