"""Renewal and CPD pages: a person's CPD activities (recorded by an educator or the holder), and the
renewal page of a certificate, checked against its qualification's renewal rule."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.web import add_service_errors, require
from alatau.education import renewal, services
from alatau.education.forms import CPDForm, RenewForm
from alatau.education.models import Certificate, CPDActivity
from alatau.education.views import _own_or_educator
from alatau.registry.models import Person


@login_required
@require_http_methods(["GET", "POST"])
def person_cpd(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's CPD activities with their credits by type; educators and the holder add to them."""
    person = get_object_or_404(Person, pk=pk)
    require(renewal.can_see_cpd(request.user, person))
    form = CPDForm(request.POST or None, initial={"date": services.today()})
    if request.method == "POST" and form.is_valid():
        try:
            renewal.record_cpd(person, user=request.user, **form.cleaned_data)
        except (InvalidData, NotAllowed) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("CPD activity recorded."))
            return redirect("education:edu-person-cpd", pk=person.pk)
    activities = CPDActivity.objects.filter(person=person)
    totals: dict[str, Decimal] = {}
    for activity in activities:
        label = activity.get_credit_type_display()
        totals[label] = totals.get(label, Decimal("0")) + activity.credits
    context = {"person": person, "activities": activities, "totals": totals, "form": form}
    return render(request, "education/person_cpd.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """The renewal rule, what the holder has earned since the period began, and (educators) renew."""
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "programme"), pk=pk)
    _own_or_educator(request, certificate)
    educating = services.can_educate(request.user)
    form = RenewForm(request.POST or None)
    if request.method == "POST":
        require(educating)
        if form.is_valid():
            try:
                renewal.renew(
                    certificate, user=request.user, override_reason=form.cleaned_data["override_reason"]
                )
            except Conflict as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Certificate renewed until %(date)s.") % {"date": f"{certificate.expires:%d.%m.%Y}"},
                )
                return redirect("education:edu-certificate-detail", pk=certificate.pk)
    context = {
        "certificate": certificate,
        "check": renewal.check_renewal(certificate, services.today()),
        "renewals": certificate.renewals.all(),
        "educating": educating,
        "form": form,
    }
    return render(request, "education/certificate_renew.html", context)
