"""Forms of the licence pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alatau.licences.models import Licence, Payment
from alatau.licences.services import season_label, season_of, today
from alatau.registry.models import Club, Discipline, Person


def season_choices(back: int = 0) -> list[tuple[int, str]]:
    """The current and the next season (and ``back`` earlier ones)."""
    now = season_of(today())
    return [(year, season_label(year)) for year in range(now + 1, now - back - 1, -1)]


class PersonSearch(forms.Form):
    """The first step of a licence request: find the person among the members one may request for."""

    q = forms.CharField(required=False, max_length=100, label=_("Name or FIS code"))
    club = forms.ModelChoiceField(
        Club.objects.none(), required=False, label=_("club"), empty_label=_("All clubs")
    )

    def __init__(self, *args: Any, clubs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["club"]).queryset = clubs


class LicenceRequestForm(forms.Form):
    # Chosen in the search step and carried as an id: the page never lists every person.
    person = forms.ModelChoiceField(
        Person.objects.none(),
        label=_("person"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose one of your clubs' current members.")},
    )
    kind = forms.ChoiceField(choices=Licence.Kind.choices, label=_("kind"))
    season = forms.TypedChoiceField(coerce=int, choices=(), label=_("season"))
    discipline = forms.ModelChoiceField(
        Discipline.objects.all(),
        required=False,
        label=_("discipline"),
        empty_label=_("No particular discipline"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        cast(forms.ChoiceField, self.fields["season"]).choices = season_choices()
        self.fields["season"].initial = season_of(today())


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("reason"), max_length=2000)


class LicenceFilter(forms.Form):
    season = forms.TypedChoiceField(coerce=int, choices=(), required=False, label=_("season"))
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *Licence.Status.choices], required=False, label=_("status")
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *Licence.Kind.choices], required=False, label=_("kind")
    )
    club = forms.ModelChoiceField(
        Club.objects.none(), required=False, label=_("club"), empty_label=_("All clubs")
    )
    q = forms.CharField(required=False, label=_("Search"))

    def __init__(self, *args: Any, clubs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["club"]).queryset = clubs
        cast(forms.ChoiceField, self.fields["season"]).choices = [
            ("", _("All seasons")),
            *season_choices(back=10),
        ]


class LicenceCheckForm(forms.Form):
    """The public check of a licence by the number printed on its card."""

    number = forms.CharField(
        max_length=20,
        label=_("Licence number"),
        help_text=_("As printed on the card, for example KZ25-00001."),
    )

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip().upper()


class BulkRequestForm(forms.Form):
    """Several members at once: one kind of licence for one season."""

    people = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("members"),
        error_messages={"required": _("Tick at least one member.")},
    )
    kind = forms.ChoiceField(choices=Licence.Kind.choices, label=_("kind"))
    season = forms.TypedChoiceField(coerce=int, choices=(), label=_("season"))

    def __init__(self, *args: Any, people: Any, season: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["people"]).queryset = people
        cast(forms.ChoiceField, self.fields["season"]).choices = season_choices()
        self.fields["season"].initial = season


class PaymentForm(forms.Form):
    """Paid, unpaid or waived, with how, the reference and the day."""

    state = forms.ChoiceField(choices=Payment.State.choices, label=_("payment"))
    method = forms.ChoiceField(
        choices=[("", "—"), *Payment.Method.choices], required=False, label=_("method")
    )
    reference = forms.CharField(max_length=100, required=False, label=_("reference"))
    paid_on = forms.DateField(
        required=False,
        label=_("paid on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today when left empty."),
    )


class BulkPaymentForm(PaymentForm):
    licences = forms.ModelMultipleChoiceField(
        Licence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("licences"),
        error_messages={"required": _("Tick at least one licence.")},
    )

    def __init__(self, *args: Any, licences: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["licences"]).queryset = licences
