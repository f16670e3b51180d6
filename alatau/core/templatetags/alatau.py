"""Template helpers: role checks for the nav and the audit log's rows."""

import datetime as dt
import re
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from alatau.core import permissions
from alatau.core.models import AuditEntry

register = template.Library()

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: How the audit log's actions read in each language.
ACTIONS = {
    "created": _("created"),
    "updated": _("updated"),
    "joined club": _("joined club"),
    "left club": _("left club"),
    "requested": _("requested"),
    "approved": _("approved"),
    "active": _("activated"),
    "refused": _("refused"),
    "revoked": _("revoked"),
    "expired": _("expired"),
    "imported": _("imported"),
    "login_locked": _("locked out after failed logins"),
    "imported batch": _("imported a member file"),
}

#: Labels of change keys that are not model fields.
EXTRA_LABELS = {"club": _("club"), "from": _("from"), "until": _("until"), "reason": _("reason")}
EXTRA_LABELS |= {
    "file": _("file"),
    "created": _("new people"),
    "joined": _("registered people who joined the club"),
    "moved": _("moved from another club"),
    "unchanged": _("already members"),
    "left_where_they_are": _("left in their club"),
}


@register.filter
def role_label(user: Any) -> str:
    return permissions.role_label(user)


@register.filter
def can_see_registry(user: Any) -> bool:
    return permissions.can_see_registry(user)


@register.filter
def is_federation_admin(user: Any) -> bool:
    return permissions.is_federation_admin(user)


@register.filter
def can_import(user: Any) -> bool:
    """Federation administrators and club managers import members; other readers only export."""
    return permissions.is_federation_admin(user) or permissions.is_club_manager(user)


@register.filter
def is_under(path: str, prefix: str) -> bool:
    """Whether a page belongs to a section of the nav (its own URL or one below it)."""
    return bool(prefix) and str(path).startswith(prefix)


@register.filter
def audit_action(action: str) -> str:
    return str(ACTIONS.get(action, action))


def _field(model: Any, key: str) -> Any:
    try:
        return model._meta.get_field(key) if model else None
    except FieldDoesNotExist:
        return None


def _label(field: Any, key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    return str(getattr(field, "verbose_name", key))


def _shown(field: Any, value: Any) -> Any:
    """A stored value as people read it: the label of a choice, yes/no for a flag.

    Never fails, whatever the log holds: lists read as comma-separated items, objects as
    ``key: value`` pairs, anything else as its text (None stays None, shown as a dash).
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(_shown(field, item) or "—") for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_shown(None, item) or '—'}" for key, item in value.items())
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = dict(getattr(field, "flatchoices", None) or ())
    if isinstance(value, str | int | float) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and ISO_DATE.fullmatch(value):  # the log keeps dates as ISO text
        return _date(value)
    return value if isinstance(value, str | int | float) else str(value)


def _date(text: str) -> str:
    try:
        return formats.date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
    except ValueError:
        return text


@register.filter
def audit_changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field label, old, new) for each change of an audit entry."""
    model = entry.content_type.model_class()
    rows = []
    changes = entry.changes or {}
    if not isinstance(changes, dict):  # written by hand or by an older version: show it as it is
        changes = {"": changes}
    for key, value in changes.items():
        old, new = value if isinstance(value, list) and len(value) == 2 else (None, value)
        field = _field(model, key)
        rows.append((_label(field, key), _shown(field, old), _shown(field, new)))
    return rows


@register.filter
def audit_object_type(entry: AuditEntry) -> str:
    """The kind of object an audit entry is about, in the active language."""
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name if model else entry.content_type.model)


@register.filter
def can_read_audit(user: Any) -> bool:
    return permissions.can_read_audit(user)
