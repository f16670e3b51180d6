"""Forms of the education pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from alatau.education.models import Assessment, Course, CPDActivity


class DateInput(forms.DateInput):
    input_type = "date"


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["programme", "organiser", "start_date", "end_date", "place", "capacity", "fee", "language"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The course cannot end before it starts."))
        return data


class EnrolForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    override_reason = forms.CharField(label=_("Override reason"), max_length=500, required=False)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.5"), max_value=24, initial=4)


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Assessment"), choices=Assessment.Kind.choices)
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=2)
    date = forms.DateField(label=_("Date"), widget=DateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CPDForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Activity"), max_length=200)
    credit_type = forms.ChoiceField(label=_("Credit type"), choices=CPDActivity.CreditType.choices)
    credits = forms.DecimalField(
        label=_("Credits"), min_value=Decimal("0.25"), max_digits=5, decimal_places=2
    )


class RenewForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Override reason (only when a requirement is missing)"), max_length=500, required=False
    )
