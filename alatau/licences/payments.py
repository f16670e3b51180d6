"""Licence fees: recorded as paid, unpaid or waived (per licence or in bulk), a club's balance, receipts.

No payment provider yet. The seam for one is :func:`record_payment`: a provider's callback would
call it with ``method=Payment.Method.ONLINE`` and its transaction id as ``reference``, exactly as a
person recording a bank transfer does, so the audit log, the balance and the approval rule stay one.
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_manage_club, is_federation_admin
from alatau.licences.card import fonts
from alatau.licences.models import KindRule, Licence, Payment

__all__ = [
    "Balance",
    "check_approval_rule",
    "club_balance",
    "payment_of",
    "receipt_pdf",
    "record_payment",
    "record_payments",
    "settled",
]

State = Payment.State
#: Licences whose fee is owed: all but those that never were or were taken back before a decision.
NOT_OWED = (Licence.Status.REFUSED, Licence.Status.WITHDRAWN)


def payment_of(licence: Licence) -> Payment:
    """The licence's payment record; an unsaved "unpaid" one when nothing was recorded yet."""
    try:
        return licence.payment
    except Payment.DoesNotExist:
        return Payment(licence=licence, state=State.UNPAID, amount=licence.fee)


def settled(licence: Licence) -> bool:
    """Paid or waived."""
    return payment_of(licence).state in (State.PAID, State.WAIVED)


def _check_allowed(licence: Licence, state: str, user: Any) -> None:
    if not can_manage_club(user, licence.club):
        raise NotAllowed(_("You may not record payments of this club."))
    if state == State.WAIVED and not is_federation_admin(user):
        raise NotAllowed(_("Only the federation waives a licence fee."))


@transaction.atomic
def record_payment(
    licence: Licence,
    *,
    user: Any,
    state: str,
    method: str = "",
    reference: str = "",
    paid_on: dt.date | None = None,
) -> Payment:
    """Record the fee of ``licence`` as paid, unpaid or waived; who and when are kept, and logged.

    Raises
    ------
    NotAllowed
        The user does not manage the licence's club, or waives without being the federation.
    InvalidData
        An unknown state or method, a payment without its method, or a date in the future.
    """
    errors: dict[str, list[str]] = {}
    if state not in State.values:
        errors["state"] = [_("Choose paid, unpaid or waived.")]
    if method and method not in Payment.Method.values:
        errors["method"] = [_("Unknown payment method.")]
    if state == State.PAID and not method:
        errors["method"] = [_("Say how it was paid.")]
    day = paid_on or timezone.localdate()
    if day > timezone.localdate():
        errors["paid_on"] = [_("A payment cannot be dated in the future.")]
    if errors:
        raise InvalidData(errors)
    if licence.status in NOT_OWED:
        raise Conflict(
            _("No fee is owed for a licence that is %(status)s.") % {"status": licence.get_status_display()}
        )
    _check_allowed(licence, state, user)
    payment = Payment.objects.select_for_update().filter(licence=licence).first() or payment_of(licence)
    old = {
        "state": payment.state if payment.pk else None,
        "method": payment.method,
        "reference": payment.reference,
    }
    payment.state = state
    payment.amount = licence.fee if state == State.PAID else Decimal("0.00")
    payment.method = method if state == State.PAID else ""
    payment.reference = reference.strip()[:100] if state != State.UNPAID else ""
    payment.paid_on = day if state == State.PAID else None
    payment.recorded_by = user if getattr(user, "is_authenticated", False) else None
    payment.save()
    new = {"state": payment.state, "method": payment.method, "reference": payment.reference}
    changes = {key: [old[key], new[key]] for key in new if old[key] != new[key]}
    licence.log_action("payment", user, {**changes, "amount": [None, str(payment.amount)]})
    return payment


def record_payments(licences: list[Licence], **fields: Any) -> tuple[list[Payment], list[str]]:
    """:func:`record_payment` for several licences; returns the payments and one message per failure."""
    done, problems = [], []
    for licence in licences:
        try:
            done.append(record_payment(licence, **fields))
        except (InvalidData, NotAllowed, Conflict) as error:
            message = (
                " ".join(" ".join(m) for m in error.errors.values())
                if isinstance(error, InvalidData)
                else str(error)
            )
            problems.append(f"{licence.person}: {message}")
    return done, problems


@dataclass(frozen=True)
class Balance:
    """A club's fees of a season, in tenge."""

    due: Decimal
    paid: Decimal
    waived: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid - self.waived


def club_balance(club: Any, season: int) -> Balance:
    """What ``club`` owes for ``season``: the fees of its licences, what was paid and what was waived."""
    licences = Licence.objects.filter(club=club, season=season).exclude(status__in=NOT_OWED)
    due = licences.aggregate(total=Sum("fee"))["total"] or Decimal("0.00")
    paid = Payment.objects.filter(licence__in=licences, state=State.PAID).aggregate(total=Sum("amount"))[
        "total"
    ]
    waived = licences.filter(payment__state=State.WAIVED).aggregate(total=Sum("fee"))["total"]
    return Balance(due=due, paid=paid or Decimal("0.00"), waived=waived or Decimal("0.00"))


def check_approval_rule(licence: Licence) -> None:
    """Refuse to approve a licence whose kind the federation approves only once paid (or waived)."""
    rule = KindRule.objects.filter(kind=licence.kind).first()
    if rule is not None and rule.approve_only_when_paid and not settled(licence):
        raise Conflict(
            _("%(kind)s licences are approved only once paid: record the payment of %(person)s first.")
            % {"kind": licence.get_kind_display(), "person": licence.person}
        )


def receipt_pdf(payment: Payment, labels: dict[str, str]) -> bytes:
    """A one-page A5 receipt of a paid fee (``labels`` in the reader's language)."""
    licence = payment.licence
    regular, bold = fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5)
    canvas.setTitle(f"{labels['title']} {licence.number or licence.pk}")
    _, height = A5
    canvas.setFont(bold, 16)
    canvas.drawString(15 * mm, height - 20 * mm, labels["federation"])
    canvas.setFont(bold, 13)
    canvas.drawString(15 * mm, height - 30 * mm, labels["title"])
    rows = [
        (labels["person"], str(licence.person)),
        (labels["club"], licence.club.name),
        (
            labels["licence"],
            f"{licence.number or '—'} · {licence.get_kind_display()} · {licence.season_label}",
        ),
        (labels["amount"], f"{payment.amount:,.2f} ₸".replace(",", " ")),
        (labels["method"], payment.get_method_display()),
        (labels["reference"], payment.reference or "—"),
        (labels["paid_on"], payment.paid_on.isoformat() if payment.paid_on else "—"),
    ]
    y = height - 45 * mm
    for label, value in rows:
        canvas.setFont(regular, 9)
        canvas.drawString(15 * mm, y, label)
        canvas.setFont(bold, 10)
        canvas.drawString(55 * mm, y, value)
        y -= 8 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
