from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alatau.selfservice.models import Invitation


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address the invitation goes to"))
    kind = forms.ChoiceField(label=_("Who is invited"), choices=Invitation.Kind.choices)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The invited person's language, if you know it; the link opens the site in it too."),
    )


class SignUpForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ClaimRequestForm(forms.Form):
    email = forms.EmailField(label=_("The e-mail address your club has for you"))


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
