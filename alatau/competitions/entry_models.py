"""Online entries: each race's entry rules (deadline, quotas) and the club managers' entry requests.

A request is what a club manager asks for; the race office confirms it (it becomes an :class:`Entry`) or
refuses it with a reason. Imported by :mod:`alatau.competitions.models`, so Django sees these models.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.competitions.models import Entry, Race
from alatau.core.models import LoggedModel
from alatau.registry.models import Club, Person


class EntryRules(LoggedModel):
    """How clubs enter a race online: open or not, until when, and how many per club and per nation."""

    race = models.OneToOneField(Race, on_delete=models.CASCADE, related_name="entry_rules")
    online = models.BooleanField(_("open to online entries"), default=False)
    deadline = models.DateTimeField(_("entry deadline"), null=True, blank=True)
    quota_per_club = models.PositiveSmallIntegerField(_("quota per club"), null=True, blank=True)
    quota_per_nation = models.PositiveSmallIntegerField(_("quota per nation"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry rules")
        verbose_name_plural = _("entry rules")

    def __str__(self) -> str:
        return f"{self.race} entry rules"


class EntryRequest(LoggedModel):
    """A club manager's entry of one of their athletes: pending, then confirmed or refused with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="entry_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="entry_requests")
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="entry_requests")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["race", "requested_at", "pk"]
        verbose_name = _("entry request")
        verbose_name_plural = _("entry requests")

    def __str__(self) -> str:
        return f"{self.person} → {self.race} ({self.status})"
