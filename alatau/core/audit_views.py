"""The audit log in the app: every recorded change, filtered by actor, object and date, newest first.

Open to federation administrators and read-only staff; every other role gets the 403 page.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from alatau.core.models import AuditEntry, User
from alatau.core.permissions import can_read_audit
from alatau.core.web import paginate, query_without_page, require


def _object_types() -> list[tuple[str, str]]:
    """The kinds of object the log holds entries for, by their name in the active language."""
    ids = AuditEntry.objects.values_list("content_type", flat=True).distinct()
    types = ContentType.objects.filter(pk__in=set(ids))
    named = [(str(t.pk), str(_model_name(t))) for t in types]
    return [("", "—"), *sorted(named, key=lambda pair: pair[1])]


def _model_name(content_type: ContentType) -> Any:
    model = content_type.model_class()
    return model._meta.verbose_name if model else content_type.model


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(queryset=User.objects.none(), label=_("who"), required=False)
    object_type = forms.ChoiceField(label=_("object type"), required=False)
    object = forms.CharField(label=_("object"), required=False, max_length=200)
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actors = AuditEntry.objects.exclude(actor=None).values_list("actor", flat=True).distinct()
        self.fields["actor"].queryset = User.objects.filter(pk__in=set(actors)).order_by("username")  # type: ignore[attr-defined]
        self.fields["object_type"].choices = _object_types()  # type: ignore[attr-defined]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_entries(data: dict[str, Any]) -> "QuerySet[AuditEntry]":
    """Audit entries matching the cleaned filters, newest first."""
    entries = AuditEntry.objects.select_related("actor", "content_type").order_by("-created_at", "-id")
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("object_type"):
        entries = entries.filter(content_type_id=int(data["object_type"]))
    if data.get("object"):
        text = data["object"].strip()
        entries = entries.filter(object_repr__icontains=text) | entries.filter(object_id=text)
    if data.get("since"):
        entries = entries.filter(created_at__gte=_day_start(data["since"]))
    if data.get("until"):
        entries = entries.filter(created_at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
    return entries


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require(can_read_audit(request.user))
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = paginate(request, filtered_entries(data))
    context = {"form": form, "page": page, "query": query_without_page(request)}
    return render(request, "alatau/audit_log.html", context)
