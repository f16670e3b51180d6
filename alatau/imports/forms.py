"""Forms of the import pages: the upload, and the column mapping (one choice per member field)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alatau.core.errors import InvalidData
from alatau.errors import InputError
from alatau.imports.members import FIELDS
from alatau.imports.parsing import Table, read_table
from alatau.imports.services import check_mapping
from alatau.registry.models import Club

MAX_UPLOAD = 10 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx")


class UploadForm(forms.Form):
    club = forms.ModelChoiceField(
        queryset=Club.objects.none(), label=_("Club"), empty_label=_("Choose a club")
    )
    file = forms.FileField(
        label=_("Member file"), help_text=_("CSV (comma, semicolon or tab; UTF-8 or Windows-1251) or XLSX.")
    )

    def __init__(self, *args: Any, clubs: QuerySet[Club], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        club_field = self.fields["club"]
        assert isinstance(club_field, forms.ModelChoiceField)
        club_field.queryset = clubs
        if clubs.count() == 1:
            club_field.initial = clubs.first()
        self.table: Table | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        data = upload.read()
        try:
            self.table = read_table(data, upload.name)
        except InputError as error:
            raise forms.ValidationError(str(error)) from error
        self.cleaned_data["content"] = data
        return upload


class MappingForm(forms.Form):
    """One select per member field, listing the file's columns; the guess is the initial choice."""

    def __init__(self, *args: Any, table: Table, mapping: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.width = len(table.headers)
        self.required_fields = {name for name, _label, required in FIELDS if required}
        choices = [("", _("— not in the file —"))] + [(str(i), h) for i, h in enumerate(table.headers)]
        for name, label, _required in FIELDS:
            initial = mapping.get(name)
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial="" if initial is None else str(initial),
            )

    def ask_date_order(self, example: str) -> None:
        """Ask once for the file how its dates read (``example`` is one of them, such as 03/04/2008)."""
        first, second = example.replace("-", "/").split("/")[:2]
        words = {"example": example, "first": first, "second": second}
        day = _("Day first (%(example)s: day %(first)s, month %(second)s)") % words
        month = _("Month first (%(example)s: month %(first)s, day %(second)s)") % words
        help_text = _(
            "Dates such as %(example)s read either way, and no date in the file says which. "
            "The answer is used for every row."
        )
        self.fields["date_order"] = forms.ChoiceField(
            label=_("Order of day and month in the dates"),
            choices=[("day", day), ("month", month)],
            initial="day",
            widget=forms.RadioSelect,
            help_text=help_text % words,
        )

    @property
    def date_order(self) -> str:
        return str(self.cleaned_data.get("date_order") or "day")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_mapping(self.mapping_from(cleaned), self.width)
        except InvalidData as error:
            for name, messages in error.errors.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    @staticmethod
    def mapping_from(cleaned: dict[str, Any]) -> dict[str, int | None]:
        return {name: int(cleaned[name]) if cleaned.get(name) else None for name, _l, _r in FIELDS}

    @property
    def mapping(self) -> dict[str, int | None]:
        return self.mapping_from(self.cleaned_data)


class ExportForm(forms.Form):
    club = forms.ModelChoiceField(queryset=Club.objects.none(), required=False, label=_("Club"))
    season = forms.TypedChoiceField(coerce=int, required=False, label=_("Season"), empty_value=None)

    def __init__(self, *args: Any, clubs: QuerySet[Club], seasons: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        club_field = self.fields["club"]
        assert isinstance(club_field, forms.ModelChoiceField)
        club_field.queryset = clubs
        club_field.empty_label = _("All my clubs")
        season_field = self.fields["season"]
        assert isinstance(season_field, forms.TypedChoiceField)
        season_field.choices = [("", _("Current members (no season)")), *seasons]
