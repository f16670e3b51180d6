"""Licences per season (1 July – 30 June), with their approval workflow."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel
from alatau.registry.models import Club, Discipline, Person


class Licence(LoggedModel):
    class Kind(models.TextChoices):
        COMPETITOR = "competitor", _("Competitor")
        COACH = "coach", _("Coach")
        OFFICIAL = "official", _("Official")
        RECREATIONAL = "recreational", _("Recreational")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="licences", verbose_name=_("person")
    )
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="licences", verbose_name=_("club"))
    season = models.PositiveSmallIntegerField(_("season"), help_text=_("Year the season starts (1 July)."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    discipline = models.ForeignKey(
        Discipline,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("discipline"),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    fee = models.DecimalField(_("fee"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    verification_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-season", "person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["season", "status"])]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                condition=~models.Q(number=""),
                name="licence_number_unique_in_season",
            ),
            models.UniqueConstraint(
                fields=["person", "season", "kind"],
                condition=~models.Q(status__in=["refused", "revoked", "withdrawn"]),
                name="one_live_licence_per_person_season_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.person} {self.season_label}"

    @property
    def season_label(self) -> str:
        """``2025/26`` for the season starting in July 2025."""
        return f"{self.season}/{(self.season + 1) % 100:02d}"


class Payment(LoggedModel):
    """Whether a licence's fee is paid: recorded by hand today; a payment provider would write the same
    row (``method`` "online", its transaction id as ``reference``) through :mod:`alatau.licences.payments`."""

    class State(models.TextChoices):
        UNPAID = "unpaid", _("Unpaid")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        TRANSFER = "transfer", _("Bank transfer")
        CARD = "card", _("Card")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    licence = models.OneToOneField(
        Licence, on_delete=models.CASCADE, related_name="payment", verbose_name=_("licence")
    )
    state = models.CharField(_("payment"), max_length=8, choices=State.choices, default=State.UNPAID)
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.licence} {self.state}"


class KindRule(LoggedModel):
    """The federation's rule for one licence kind: whether it is approved only once paid (or waived)."""

    kind = models.CharField(_("kind"), max_length=16, choices=Licence.Kind.choices, unique=True)
    approve_only_when_paid = models.BooleanField(_("approve only when paid"), default=False)

    class Meta:
        verbose_name = _("licence kind rule")
        verbose_name_plural = _("licence kind rules")

    def __str__(self) -> str:
        return str(Licence.Kind(self.kind).label)
