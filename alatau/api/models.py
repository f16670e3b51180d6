"""API tokens: the credential of scripts and other systems that write through ``/api/v1/``.

Only the SHA-256 digest of a token is stored; the token itself is shown once, when it is
issued (``alatau manage create_api_token USER`` or the Django admin), and never again.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Every token starts with this, so that a leaked one is recognisable in logs and scanners.
TOKEN_PREFIX = "alatau_"

#: ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token (256 bits), prefixed so that it is recognisable."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked, not expired, and their user still active."""
        unexpired = models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        return self.filter(unexpired, revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the timing system.")
    )
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("token starts with"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the token never expires.")
    )
    read_only = models.BooleanField(
        _("read-only"),
        default=False,
        help_text=_("A read-only token reads what its user may read; it never writes."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @classmethod
    def issue(
        cls, user: Any, name: str, *, expires_at: Any = None, read_only: bool = False
    ) -> tuple["ApiToken", str]:
        """Create a token for ``user``; return it with the plain token, which is not stored."""
        token = new_token()
        api_token = cls(user=user, name=name, expires_at=expires_at, read_only=read_only)
        api_token.set_key(token)
        api_token.save()
        return api_token, token

    def set_key(self, token: str) -> None:
        self.key_hash = digest(token)
        self.key_start = token[: len(TOKEN_PREFIX) + 4]

    @classmethod
    def authenticate(cls, token: str) -> "ApiToken | None":
        """The live token matching ``token`` (with its user), or None; notes when it was used."""
        if not token:
            return None
        api_token = cls.objects.live().select_related("user").filter(key_hash=digest(token)).first()
        if api_token is not None:
            api_token.touch()
        return api_token

    @classmethod
    def find(cls, token: str) -> "ApiToken | None":
        """The token matching ``token`` whatever its state (revoked, expired), with its user."""
        if not token:
            return None
        return cls.objects.select_related("user").filter(key_hash=digest(token)).first()

    def touch(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
