"""Payment pages: record a licence's fee (one or many), a club's balance, receipts, the accountant's CSV."""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_see_registry, is_club_manager, is_federation_admin
from alatau.core.web import require
from alatau.licences import office, payments, services
from alatau.licences.forms import BulkPaymentForm, PaymentForm, season_choices
from alatau.licences.models import Licence, Payment


def _season(request: HttpRequest) -> int:
    wanted = request.GET.get("season", "")
    seasons = [year for year, _label in season_choices(back=5)]
    return int(wanted) if wanted.isdigit() and int(wanted) in seasons else office.coming_season()


def _owed(user: Any, season: int) -> Any:
    return (
        services.visible_licences(user)
        .filter(season=season)
        .exclude(status__in=payments.NOT_OWED)
        .select_related("person", "club", "payment")
        .order_by("club__name", "person__last_name", "person__first_name")
    )


@login_required
@require_POST
def licence_payment(request: HttpRequest, pk: int) -> HttpResponse:
    licence = get_object_or_404(services.visible_licences(request.user), pk=pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("licences:licence-detail", pk=pk)
    try:
        payments.record_payment(licence, user=request.user, **form.cleaned_data)
    except (InvalidData, NotAllowed, Conflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Payment recorded."))
    return redirect("licences:licence-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def payment_list(request: HttpRequest) -> HttpResponse:
    """A season's fees of the user's clubs: balance per club, and tick licences to record them at once."""
    require(is_federation_admin(request.user) or is_club_manager(request.user))
    season = _season(request)
    owed = _owed(request.user, season)
    form = BulkPaymentForm(request.POST or None, licences=owed)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("licences"))
        done, problems = payments.record_payments(chosen, user=request.user, **data)
        if done:
            messages.success(
                request,
                ngettext("%(count)d payment recorded.", "%(count)d payments recorded.", len(done))
                % {"count": len(done)},
            )
        for problem in problems:
            messages.error(request, problem)
        return redirect(f"{request.path}?season={season}")
    clubs = sorted({licence.club for licence in owed}, key=lambda club: club.name)
    context = {
        "form": form,
        "season": season,
        "seasons": season_choices(back=5),
        "rows": [(licence, payments.payment_of(licence)) for licence in owed],
        "balances": [(club, payments.club_balance(club, season)) for club in clubs],
    }
    return render(request, "licences/payments.html", context)


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def payment_export(request: HttpRequest) -> HttpResponse:
    """The accountant's CSV of a season's fees and payments."""
    require(can_see_registry(request.user))
    season = _season(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-{season}.csv"'
    response.write("\ufeff")  # spreadsheets then read UTF-8
    writer = csv.writer(response)
    head = [_("Number"), _("Person"), _("Club"), _("Season"), _("Kind"), _("Fee"), _("payment"), _("method")]
    writer.writerow([*head, _("reference"), _("paid on"), _("recorded by")])
    for licence in _owed(request.user, season):
        payment = payments.payment_of(licence)
        who = payment.recorded_by.get_username() if payment.recorded_by else ""
        row = [
            licence.number,
            licence.person,
            licence.club.name,
            licence.season_label,
            licence.get_kind_display(),
        ]
        row += [licence.fee, payment.get_state_display(), payment.get_method_display(), payment.reference]
        writer.writerow(
            [_cell(v) for v in [*row, payment.paid_on.isoformat() if payment.paid_on else "", who]]
        )
    return response


@login_required
def licence_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF receipt of a paid fee."""
    licence = get_object_or_404(
        services.visible_licences(request.user).select_related("person", "club"), pk=pk
    )
    payment = payments.payment_of(licence)
    if payment.state != Payment.State.PAID:
        raise Http404(_("Only a paid fee has a receipt."))
    labels = {
        "federation": _("Kazakh Ski Federation"),
        "title": _("Receipt"),
        "person": _("Person"),
        "club": _("Club"),
        "licence": _("Licence"),
        "amount": _("amount"),
        "method": _("method"),
        "reference": _("reference"),
        "paid_on": _("paid on"),
    }
    response = HttpResponse(payments.receipt_pdf(payment, labels), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{licence.number or licence.pk}.pdf"'
    return response


def licence_payment_context(licence: Licence, user: Any) -> dict[str, Any]:
    """What the licence page shows of its fee: the payment and, for those who may, the form."""
    payment = payments.payment_of(licence)
    may = licence.status not in payments.NOT_OWED and (
        is_federation_admin(user) or licence.club_id in office._clubs(user).values_list("pk", flat=True)
    )
    initial = {"state": payment.state, "method": payment.method, "reference": payment.reference}
    return {"payment": payment, "payment_form": PaymentForm(initial=initial) if may else None}
