"""Forms of the education pages."""

from decimal import Decimal
from typing import Any

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


class HistoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Qualification file"),
        help_text=_("CSV (comma, semicolon or tab; UTF-8 or Windows-1251) or XLSX."),
    )

    def clean_file(self) -> Any:
        from alatau.errors import InputError
        from alatau.imports.forms import MAX_UPLOAD, SUFFIXES
        from alatau.imports.parsing import read_table

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        data = upload.read()
        try:
            read_table(data, upload.name)
        except InputError as error:
            raise forms.ValidationError(str(error)) from error
        self.cleaned_data["content"] = data
        return upload


class HistoryMappingForm(forms.Form):
    """One select per field of the historic import, listing the file's columns."""

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, int | None], **kwargs: Any) -> None:
        from alatau.education.history import FIELDS

        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(str(i), h) for i, h in enumerate(headers)]
        for name, label, _required in FIELDS:
            initial = mapping.get(name)
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial="" if initial is None else str(initial)
            )

    @property
    def mapping(self) -> dict[str, int | None]:
        return {name: int(value) if value else None for name, value in self.cleaned_data.items()}
