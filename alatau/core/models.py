"""Users with a federation role, and the audit log every change to people and licences goes to."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation administrator")
    CLUB_MANAGER = "club_manager", _("Club manager")
    ORGANISER = "organiser", _("Competition organiser")
    COACH_EDUCATOR = "coach_educator", _("Coach educator")
    STAFF = "staff", _("Read-only staff")
    # Race officials (the race office): timing only, statuses and DSQ, sign-off, read-only big screen.
    TIMEKEEPER = "timekeeper", _("Timekeeper")
    REFEREE = "referee", _("Referee")
    TECHNICAL_DELEGATE = "technical_delegate", _("Technical delegate")
    SPEAKER = "speaker", _("Speaker")
    # Staff education: runs the sessions and marks the assessments of the courses they are named on.
    TRAINER = "trainer", _("Trainer / examiner")
    # The public site: writes and publishes news, moderates comments.
    EDITOR = "editor", _("Editor")
    # A partner company's staff: edits its own organisation's profile only.
    PARTNER = "partner", _("Partner")
    # Resort planning: site studies and resort projects.
    PLANNER = "planner", _("Resort planner")
    PUBLIC = "public", _("Public")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PUBLIC)

    @property
    def is_federation_admin(self) -> bool:
        return self.is_superuser or self.role == Role.FEDERATION_ADMIN


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, and which fields changed (old → new)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(_("action"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class LoggedModel(models.Model):
    """A model whose changes are written to the audit log (after pretix's LoggedModel)."""

    class Meta:
        abstract = True

    def log_action(self, action: str, user: Any = None, changes: dict[str, Any] | None = None) -> AuditEntry:
        actor = user if getattr(user, "is_authenticated", False) else None
        return AuditEntry.objects.create(
            content_type=ContentType.objects.get_for_model(type(self)),
            object_id=str(self.pk),
            object_repr=str(self)[:200],
            action=action,
            actor=actor,
            changes=changes or {},
        )

    def audit_entries(self) -> "models.QuerySet[AuditEntry]":
        return AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=str(self.pk)
        ).select_related("actor")


class LoginFailure(models.Model):
    """One refused login (wrong password or API token), for throttling: see :mod:`alatau.core.throttle`.

    Kept in the database so that every server worker sees the same count; rows older than the
    throttle's window no longer count and are deleted as new failures come.
    """

    class Kind(models.TextChoices):
        SITE = "site", _("site login")
        ADMIN = "admin", _("admin login")
        TOKEN = "token", _("API token")

    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=45, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username or '—'} {self.address}"
