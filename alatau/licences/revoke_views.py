"""Revoking a licence: never one click; a page says what happens and asks for a reason and a confirmation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_decide_licences
from alatau.core.web import add_service_errors, require
from alatau.licences import services
from alatau.licences.models import Licence


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("reason"), max_length=2000
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the licence stops being valid now and cannot be restored.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def licence_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page; POST: revoke once the reason is given and the box is ticked."""
    licence = get_object_or_404(services.visible_licences(request.user), pk=pk)
    require(can_decide_licences(request.user))
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if licence.status in (Licence.Status.APPROVED, Licence.Status.ACTIVE) and form.is_valid():
        try:
            services.revoke_licence(licence, user=request.user, reason=form.cleaned_data["reason"])
        except (InvalidData, NotAllowed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Licence revoked."))
            return redirect("licences:licence-detail", pk=pk)
    return render(request, "licences/revoke_confirm.html", {"licence": licence, "form": form})
