"""Forms of the registry pages; the services do the writing."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alatau.core.models import Role, User
from alatau.registry.models import Club, Discipline, Gender, Person, Region
from alatau.registry.plausible import membership_start_problem
from alatau.registry.services import PERSON_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERSON_GENDERS = [(Gender.MEN.value, _("Male")), (Gender.WOMEN.value, _("Female"))]


class ManagerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        """A manager as people know them: the full name, with the login to tell namesakes apart."""
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class ClubForm(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    website = forms.URLField(required=False, assume_scheme="https", label=_("website"))
    disciplines = forms.ModelMultipleChoiceField(
        Discipline.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("disciplines")
    )

    class Meta:
        model = Club
        fields = [
            "name",
            "short_name",
            "region",
            "town",
            "contact_name",
            "email",
            "phone",
            "website",
            "disciplines",
        ]

    def __init__(self, *args: Any, with_managers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        cast(forms.ModelChoiceField, self.fields["region"]).empty_label = _("Choose a region")
        if with_managers:
            self.fields["managers"] = ManagerChoice(
                User.objects.filter(role=Role.CLUB_MANAGER, is_active=True).order_by("username"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("managers"),
                initial=self.instance.managers.all() if self.instance.pk else [],
            )


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    club = forms.ModelChoiceField(Club.objects.none(), required=False, label=_("club"))
    member_since = forms.DateField(required=False, widget=DATE, label=_("member since"))
    confirm_duplicate = forms.BooleanField(
        required=False,
        label=_("This is a different person with the same name and birth date"),
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"birth_date": DATE, "publication_consent": DATE}

    def __init__(self, *args: Any, clubs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        if clubs is None:  # editing: membership changes have their own form
            del self.fields["club"], self.fields["member_since"]
        else:
            club = cast(forms.ModelChoiceField, self.fields["club"])
            club.queryset, club.empty_label = clubs, _("No club for now")
            self.fields["member_since"].initial = dt.date.today()
        # A person's gender reads in the singular; the model's choices name the FIS categories (Men, Women).
        cast(forms.ChoiceField, self.fields["gender"]).choices = [("", "—"), *PERSON_GENDERS]

    def clean_nationality(self) -> str:
        return str(self.cleaned_data["nationality"]).strip().upper()  # checked by the model's validator

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, born = data.get("member_since"), data.get("birth_date")
        reason = membership_start_problem(since, born) if since else None
        if reason:
            self.add_error("member_since", reason)
        return data

    def person_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}
        if self.instance.pk:  # an edit: the version it started from (see alatau.registry.versions)
            data["version"] = self.cleaned_data.get("version")
        return data


class MembershipForm(forms.Form):
    club = forms.ModelChoiceField(Club.objects.none(), label=_("club"), empty_label=_("Choose a club"))
    start_date = forms.DateField(widget=DATE, label=_("from"), initial=dt.date.today)

    def __init__(self, *args: Any, clubs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["club"]).queryset = clubs


class PersonFilter(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    club = forms.ModelChoiceField(
        Club.objects.none(), required=False, label=_("club"), empty_label=_("All clubs")
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), required=False, label=_("region"), empty_label=_("All regions")
    )
    gender = forms.ChoiceField(
        choices=[("", _("Women and men")), *Gender.choices], required=False, label=_("gender")
    )
    role = forms.ChoiceField(
        choices=[
            ("", _("All roles")),
            ("athlete", _("athlete")),
            ("coach", _("coach")),
            ("official", _("official")),
        ],
        required=False,
        label=_("role"),
    )

    def __init__(self, *args: Any, clubs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["club"]).queryset = clubs


class ClubFilter(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    region = forms.ModelChoiceField(
        Region.objects.all(), required=False, label=_("region"), empty_label=_("All regions")
    )
    discipline = forms.ModelChoiceField(
        Discipline.objects.all(), required=False, label=_("discipline"), empty_label=_("All disciplines")
    )
