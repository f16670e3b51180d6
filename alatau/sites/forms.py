"""Forms of the study and project pages; the plan form edits the plan file's JSON field by field."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from alatau.core.models import Role, User
from alatau.sites.models import ConstraintLayer, Criteria, LayerKind, Project

DISCIPLINE_CHOICES = [
    ("DH", _("Downhill")),
    ("SG", _("Super-G")),
    ("GS", _("Giant slalom")),
    ("SL", _("Slalom")),
]
LIFT_TYPES = [
    ("drag", _("Drag lift")),
    ("carpet", _("Magic carpet")),
    ("chair-2", _("Fixed chair, 2 seats")),
    ("chair-3", _("Fixed chair, 3 seats")),
    ("chair-4", _("Fixed chair, 4 seats")),
    ("chair-6", _("Fixed chair, 6 seats")),
    ("chair-8", _("Fixed chair, 8 seats")),
    ("chair-4d", _("Detachable chair, 4 seats")),
    ("chair-6d", _("Detachable chair, 6 seats")),
    ("chair-8d", _("Detachable chair, 8 seats")),
    ("gondola", _("Gondola")),
    ("cable-car", _("Cable car")),
]
DIFFICULTIES = [
    ("", _("From the gradient")),
    ("beginner", _("Beginner")),
    ("novice", _("Novice")),
    ("low-intermediate", _("Low intermediate")),
    ("intermediate", _("Intermediate")),
    ("advanced-intermediate", _("Advanced intermediate")),
    ("expert", _("Expert")),
]


class StudyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    west = forms.FloatField(label=_("West (°E)"), min_value=-180, max_value=180)
    south = forms.FloatField(label=_("South (°N)"), min_value=-90, max_value=90)
    east = forms.FloatField(label=_("East (°E)"), min_value=-180, max_value=180)
    north = forms.FloatField(label=_("North (°N)"), min_value=-90, max_value=90)
    criteria = forms.ChoiceField(label=_("Course criteria"), choices=Criteria.choices)
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"),
        choices=DISCIPLINE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["DH", "SG", "GS", "SL"],
    )
    access_lon = forms.FloatField(
        label=_("Access point longitude"), initial=76.89, required=False, min_value=-180, max_value=180
    )
    access_lat = forms.FloatField(
        label=_("Access point latitude"), initial=43.24, required=False, min_value=-90, max_value=90
    )
    layers = forms.ModelMultipleChoiceField(
        label=_("Constraint layers"),
        queryset=ConstraintLayer.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LayerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=LayerKind.choices)
    file = forms.FileField(label=_("GeoJSON file"))


class ProjectForm(forms.ModelForm):
    beds = forms.IntegerField(label=_("Beds"), min_value=0, initial=0)
    partners = forms.ModelMultipleChoiceField(
        label=_("Invited partners (read-only)"),
        queryset=User.objects.filter(role=Role.PARTNER),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["name", "description", "published", "partners"]


class LiftForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    type = forms.ChoiceField(label=_("Type"), choices=LIFT_TYPES)
    vertical_m = forms.FloatField(label=_("Vertical (m)"), min_value=1)
    capacity_pph = forms.IntegerField(label=_("Capacity (people/hour)"), min_value=1)
    length_m = forms.FloatField(label=_("Length (m)"), min_value=1, required=False)


class PisteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    length_m = forms.FloatField(label=_("Length (m)"), min_value=1)
    width_m = forms.FloatField(label=_("Width (m)"), min_value=1)
    difficulty = forms.ChoiceField(label=_("Difficulty"), choices=DIFFICULTIES, required=False)
    mean_gradient_pct = forms.FloatField(label=_("Mean gradient (%)"), min_value=0, required=False)


LiftFormSet = formset_factory(LiftForm, extra=2, can_delete=True)
PisteFormSet = formset_factory(PisteForm, extra=3, can_delete=True)


def rows(formset: Any) -> list[dict[str, Any]]:
    """The filled, not deleted rows of a valid formset, without empty optional values."""
    kept = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        kept.append({k: v for k, v in data.items() if k != "DELETE" and v not in (None, "")})
    return kept


def initial_rows(items: list[dict[str, Any]], fields: Any) -> list[dict[str, Any]]:
    return [{k: item.get(k) for k in fields} for item in items]
