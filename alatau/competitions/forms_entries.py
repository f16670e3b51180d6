"""Forms of the entries side of the race office: points lists, points by hand, jury, entry rules, imports."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alatau.registry.models import Person


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


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class EntryRulesForm(forms.Form):
    online = forms.BooleanField(label=_("Open to online entries by the clubs"), required=False)
    deadline = forms.DateTimeField(label=_("Entry deadline"), required=False, widget=DateTimeInput)
    quota_per_club = forms.IntegerField(label=_("Quota per club"), min_value=1, required=False)
    quota_per_nation = forms.IntegerField(label=_("Quota per nation"), min_value=1, required=False)


class AthletesForm(forms.Form):
    people: "forms.ModelMultipleChoiceField[Person]" = forms.ModelMultipleChoiceField(
        label=_("Athletes"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class EntryChangeForm(forms.Form):
    """Withdraw an entry, or give it a bib by hand; with a reason."""

    entry = forms.TypedChoiceField(label=_("Entry"), coerce=int)
    bib = forms.IntegerField(label=_("Bib"), min_value=1, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, entries: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [(e.pk, f"{e.bib or '—'} {e.name}") for e in entries]  # type: ignore[attr-defined]


class EntryListForm(forms.Form):
    file = forms.FileField(label=_("Entry list (CSV or XLSX)"))
    override = forms.CharField(
        label=_("Licence override (reason)"), max_length=200, required=False,
        help_text=_("Enters the federation's athletes without a valid licence; audited."),
    )  # fmt: skip
