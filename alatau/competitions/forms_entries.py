"""Forms of the entries side of the race office: points lists, points by hand, jury, entry rules, imports."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


class PointsListForm(forms.Form):
    file = forms.FileField(label=_("FIS points list (CSV or XLSX)"))
    number = forms.CharField(label=_("List number"), max_length=20, required=False,
                             help_text=_("Left empty: the number written in the file."))  # fmt: skip
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput)


class PointsByHandForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("Entry"), coerce=int)
    fis_points = forms.CharField(label=_("FIS points"), max_length=10, required=False,
                                 help_text=_("Empty: no points."))  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, entries: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [(e.pk, f"{e.bib or '—'} {e.name}") for e in entries]  # type: ignore[attr-defined]


class JuryForm(forms.Form):
    """One registry choice per jury position, and the administrator's override reason."""

    override = forms.CharField(
        label=_("Override the officials' register (federation administrator, with a reason)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, positions: Any = (), people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        override = self.fields.pop("override")
        for name, label in positions.items():
            self.fields[name] = forms.ModelChoiceField(queryset=people, required=False, label=label)
        self.fields["override"] = override
