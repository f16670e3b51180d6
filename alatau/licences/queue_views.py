"""The federation's queue page: waiting requests with their age, ticked and decided in one go."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alatau.core.errors import InvalidData
from alatau.core.permissions import can_decide_licences
from alatau.core.web import add_service_errors, require
from alatau.licences import queue


class DecisionForm(forms.Form):
    licences = forms.ModelMultipleChoiceField(queryset=queue.waiting(), widget=forms.CheckboxSelectMultiple)
    action = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))]
    )
    reason = forms.CharField(label=gettext_lazy("Reason (to refuse)"), required=False, max_length=500)


@login_required
@require_http_methods(["GET", "POST"])
def licence_queue(request: HttpRequest) -> HttpResponse:
    require(can_decide_licences(request.user))
    order = request.GET.get("order", "oldest")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = queue.decide(data["licences"], data["action"], user=request.user, reason=data["reason"])
        except InvalidData as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d licences decided.") % {"count": len(result.done)})
            for problem in result.problems:
                messages.warning(request, problem)
            return redirect(request.get_full_path())
    now = timezone.now()
    rows = [(licence, (now - licence.requested_at).days) for licence in queue.waiting(order)]
    context = {"form": form, "rows": rows, "order": order, "orders": queue.ORDER}
    return render(request, "licences/queue.html", context)
