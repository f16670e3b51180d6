"""Renewal and CPD: typed CPD credits per person, the renewal rule of each qualification, renewal checked
against it (an educator may override, audited)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import is_authenticated
from alatau.education import services
from alatau.education.models import Certificate, CPDActivity, RenewalRule
from alatau.registry.models import Person


def can_record_cpd(user: Any, person: Person) -> bool:
    """Educators record anyone's CPD; a holder records their own."""
    own = is_authenticated(user) and person.account_id is not None and person.account_id == user.pk
    return services.can_educate(user) or own


def can_see_cpd(user: Any, person: Person) -> bool:
    return can_record_cpd(user, person)


def record_cpd(
    person: Person, date: dt.date, title: str, credit_type: str, credits: Decimal, *, user: Any
) -> CPDActivity:
    """One CPD activity with its typed credits; not in the future, credits above zero."""
    if not can_record_cpd(user, person):
        raise NotAllowed(_("Your role does not allow this."))
    errors: dict[str, list[str]] = {}
    if date > services.today():
        errors["date"] = [_("A CPD activity cannot be in the future.")]
    if credits <= 0:
        errors["credits"] = [_("Credits are above zero.")]
    if credit_type not in CPDActivity.CreditType.values:
        errors["credit_type"] = [_("Unknown credit type.")]
    if not title.strip():
        errors["title"] = [_("Give the activity's title.")]
    if errors:
        raise InvalidData(errors)
    activity = CPDActivity.objects.create(
        person=person,
        date=date,
        title=title.strip(),
        credit_type=credit_type,
        credits=credits.quantize(Decimal("0.01")),
    )
    activity.log_action("record_cpd", user, {"credit_type": credit_type, "credits": str(credits)})
    return activity


def period_start(certificate: Certificate) -> dt.date:
    """Credits count from the start of the certificate's current period: its issue or last renewal."""
    last = certificate.renewals.order_by("-renewed_on", "-id").first()
    return last.renewed_on if last is not None else certificate.issued


@dataclass
class RenewalCheck:
    """Where a holder stands against the renewal rule: what was earned and what is still missing."""

    rule: RenewalRule | None
    since: dt.date
    credits: Decimal
    seminar: bool
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing


def _credits(certificate: Certificate, rule: RenewalRule | None, since: dt.date, on_date: dt.date) -> Decimal:
    activities = CPDActivity.objects.filter(person=certificate.holder, date__gte=since, date__lte=on_date)
    if rule is not None and rule.credit_type:
        activities = activities.filter(credit_type=rule.credit_type)
    return activities.aggregate(total=Sum("credits"))["total"] or Decimal("0")


def check_renewal(certificate: Certificate, on_date: dt.date) -> RenewalCheck:
    """The holder's credits and seminar since the period's start, and what the rule still asks for."""
    rule = RenewalRule.objects.filter(programme=certificate.programme_id).first()
    since = period_start(certificate)
    seminar = CPDActivity.objects.filter(
        person=certificate.holder,
        date__gte=since,
        date__lte=on_date,
        credit_type=CPDActivity.CreditType.SEMINAR,
    ).exists()
    check = RenewalCheck(rule, since, _credits(certificate, rule, since, on_date), seminar)
    if rule is None:
        return check
    if check.credits < rule.credits_required:
        check.missing.append(
            _("%(have)s of %(need)s CPD credits since %(since)s.")
            % {"have": check.credits, "need": rule.credits_required, "since": since.strftime("%d.%m.%Y")}
        )
    if rule.seminar_required and not seminar:
        check.missing.append(
            _("No refresher seminar since %(since)s.") % {"since": since.strftime("%d.%m.%Y")}
        )
    age = services.age_on(certificate.holder.birth_date, on_date)
    if rule.max_age is not None and age >= rule.max_age:
        check.missing.append(
            _("Age limit %(limit)s reached (%(age)s).") % {"limit": rule.max_age, "age": age}
        )
    return check


def renew(
    certificate: Certificate, *, user: Any, on_date: dt.date | None = None, override_reason: str = ""
) -> Certificate:
    """Renew by the rule's interval when its requirements are met, or by an educator's audited override."""
    if not services.can_educate(user):
        raise NotAllowed(_("Your role does not allow this."))
    on_date = on_date or services.today()
    check = check_renewal(certificate, on_date)
    if not check.ok and not override_reason.strip():
        raise Conflict(check.missing[0])
    years = check.rule.interval_years if check.rule is not None else None
    note = _("Override: %(reason)s") % {"reason": override_reason.strip()} if not check.ok else ""
    with transaction.atomic():
        renewed = services.renew_certificate(certificate, user=user, on_date=on_date, note=note, years=years)
        if not check.ok:
            renewed.log_action(
                "renewal_override", user, {"missing": check.missing, "reason": override_reason}
            )
    return renewed
