"""Cup pages: the public list and standings (HTML and CSV), and the organiser's cup form."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.competitions import standings
from alatau.competitions.models import Cup, Race
from alatau.core.web import require
from alatau.errors import AlatauError


def cup_list(request: HttpRequest) -> HttpResponse:
    context = {"cups": Cup.objects.all(), "manages": standings.manages_cups(request.user)}
    return render(request, "competitions/cup_list.html", context)


def cup_detail(request: HttpRequest, cup_id: int) -> HttpResponse:
    cup = get_object_or_404(Cup, pk=cup_id)
    context = {"table": standings.cup_table(cup), "cup": cup, "manages": standings.manages_cups(request.user)}
    return render(request, "competitions/cup_detail.html", context)


def cup_csv(request: HttpRequest, cup_id: int) -> HttpResponse:
    cup = get_object_or_404(Cup, pk=cup_id)
    response = HttpResponse(standings.standings_csv(standings.cup_table(cup)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="standings-{cup.pk}-{cup.season}.csv"'
    return response


class CupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    season = forms.CharField(label=gettext_lazy("season"), max_length=7, help_text="2021-22")
    points_table = forms.CharField(
        label=gettext_lazy("points by place"), max_length=400, required=False,
        help_text=gettext_lazy("Empty: the World Cup table 100-80-60-50-…-1."),
    )  # fmt: skip
    tie_break = forms.ChoiceField(label=gettext_lazy("tie-break"), choices=Cup.TieBreak.choices)
    drop_worst = forms.IntegerField(label=gettext_lazy("worst results dropped"), min_value=0, initial=0)
    best_of = forms.IntegerField(label=gettext_lazy("best results counting"), min_value=1, required=False)
    age_classes = forms.CharField(
        label=gettext_lazy("age classes"), max_length=200, required=False,
        help_text=gettext_lazy("NAME:OLDEST, e.g. U14:13, U16:15; older ones stay in the race's category."),
    )  # fmt: skip
    rank_within_class = forms.BooleanField(
        label=gettext_lazy("places within the age class"), required=False, initial=True
    )
    races = forms.ModelMultipleChoiceField(
        label=gettext_lazy("races"), queryset=Race.objects.select_related("event").order_by("date", "pk"),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


def _initial(cup: Cup | None) -> dict[str, Any] | None:
    if cup is None:
        return None
    fields = ("name", "season", "points_table", "tie_break", "drop_worst", "best_of", "age_classes",
              "rank_within_class")  # fmt: skip
    return {key: getattr(cup, key) for key in fields} | {"races": list(cup.races.all())}


@login_required
def cup_edit(request: HttpRequest, cup_id: int | None = None) -> HttpResponse:
    require(standings.manages_cups(request.user))
    cup = get_object_or_404(Cup, pk=cup_id) if cup_id is not None else None
    form = CupForm(request.POST or None, initial=_initial(cup))
    if request.method == "POST" and form.is_valid():
        try:
            saved = standings.save_cup(request.user, cup, **form.cleaned_data)
        except AlatauError as error:
            for field, problems in getattr(error, "errors", {"__all__": [str(error)]}).items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Saved."))
            return redirect("competitions:cup-detail", cup_id=saved.pk)
    return render(request, "competitions/cup_edit.html", {"form": form, "cup": cup})
