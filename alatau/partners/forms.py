"""The directory's filters, a partner's profile form (for its staff) and the reviewer's decision."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alatau.partners.models import Country, Kind, Trade


def _any(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class DirectoryForm(forms.Form):
    trade = forms.ChoiceField(label=_("Who can do"), choices=_any(Trade.choices), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=_any(Country.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(Kind.choices), required=False)
    q = forms.CharField(label=_("Name or town"), max_length=100, required=False)


class ProfileForm(forms.Form):
    """What a partner's staff may change: descriptions, trades, contacts, site and logo."""

    trades = forms.MultipleChoiceField(
        label=_("Trades"), choices=Trade.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    town = forms.CharField(label=_("Town"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    logo = forms.ImageField(label=_("Logo"), required=False, help_text=_("PNG or JPEG; resized to 400 px."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label, help_text = _("Description"), _("Markdown: paragraphs, **bold**, *italic*, links.")
        for lang, name in settings.LANGUAGES:
            self.fields[f"description_{lang}"] = forms.CharField(
                label=f"{label} ({name})",
                required=False,
                max_length=6000,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (for a rejection)"), max_length=500, required=False)
