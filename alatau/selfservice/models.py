"""Invitations to claim a registry record, and the guardians (parents) who act for a minor."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel
from alatau.registry.models import Person


class Invitation(LoggedModel):
    """An invitation sent by e-mail: its link (a token, kept here only as a hash) claims the record."""

    class Kind(models.TextChoices):
        SELF = "self", _("The person themselves")
        GUARDIAN = "guardian", _("A parent or guardian (for a minor)")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    email = models.EmailField(_("email"))
    kind = models.CharField(_("who is invited"), max_length=16, choices=Kind.choices, default=Kind.SELF)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.person} → {self.email}"


class Guardianship(LoggedModel):
    """A guardian's account acts for a minor's record: their page, card and contact details."""

    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wards", verbose_name=_("guardian")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("person")
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "person"], name="one_guardianship_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} ⇢ {self.person}"
