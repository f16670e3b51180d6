"""Historic import: qualifications held before Alatau, from CSV or XLSX, all rows or none.

The same machinery as the member import (:mod:`alatau.imports`): the file is read by
:func:`alatau.imports.parsing.read_table`, its columns are mapped to the fields below (guessed from the
headers), every row is checked and reported by line, and :func:`import_qualifications` writes the
certificates in one transaction only when no row has a problem. The holders must already be in the
registry (found by FIS code, or by name and birth date).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.core.errors import InvalidData, NotAllowed
from alatau.education import services
from alatau.education.models import Certificate, Programme
from alatau.errors import InputError
from alatau.imports.members import DATE_FORMATS, HEADER_WORDS, RowProblem, normalise_header
from alatau.imports.parsing import Table
from alatau.registry.models import Person

#: Target fields in form order: (field, label, required).
FIELDS: list[tuple[str, Any, bool]] = [
    ("fis_code", gettext_lazy("FIS code"), False),
    ("last_name", gettext_lazy("Last name (Latin)"), False),
    ("first_name", gettext_lazy("First name (Latin)"), False),
    ("birth_date", gettext_lazy("Birth date"), False),
    ("programme", gettext_lazy("Qualification (code or name)"), True),
    ("issued", gettext_lazy("Issued"), True),
    ("expires", gettext_lazy("Expires"), False),
    ("number", gettext_lazy("Certificate number"), False),
]
WORDS: dict[str, list[str]] = {
    **{k: HEADER_WORDS[k] for k in ("fis_code", "last_name", "first_name", "birth_date")},
    "programme": [
        "qualification",
        "programme",
        "program",
        "level",
        "qualification",
        "квалификация",
        "біліктілік",
    ],
    "issued": ["issued", "issuedon", "awarded", "date", "delivre", "выдан", "датавыдачи", "берілген"],
    "expires": ["expires", "validuntil", "expiry", "expiration", "действителендо", "срок", "жарамды"],
    "number": ["number", "no", "certificate", "certificatenumber", "numero", "номер", "нөмірі"],
}


def guess_mapping(table: Table) -> dict[str, int | None]:
    """Each field's column from its header in English, French, Russian or Kazakh (``None``: not found)."""
    headers = [normalise_header(h) for h in table.headers]
    mapping: dict[str, int | None] = {}
    for name, _label, _required in FIELDS:
        found = next(
            (i for i, h in enumerate(headers) if h in WORDS[name] and i not in mapping.values()), None
        )
        mapping[name] = found
    return mapping


def check_mapping(mapping: dict[str, int | None], width: int) -> None:
    """The qualification and issue date fed; the holder by FIS code or by name and birth date."""
    errors: dict[str, list[str]] = {}
    for name in ("programme", "issued"):
        if mapping.get(name) is None:
            errors[name] = [_("Choose the column that holds this field.")]
    by_name = all(mapping.get(k) is not None for k in ("last_name", "first_name", "birth_date"))
    if mapping.get("fis_code") is None and not by_name:
        errors["fis_code"] = [_("Choose the FIS code, or the names and the birth date.")]
    used = [i for i in mapping.values() if i is not None]
    if any(not 0 <= i < width for i in used):
        errors["mapping"] = [_("A chosen column is not in the file.")]
    elif len(used) != len(set(used)):
        errors["mapping"] = [_("Each column can feed only one field.")]
    if errors:
        raise InvalidData(errors)


@dataclass
class Held:
    """One clean row: a qualification a registered person held."""

    row: int
    person: Person
    programme: Programme
    issued: dt.date
    expires: dt.date | None
    number: str


@dataclass
class HistoryReport:
    total: int
    rows: list[Held] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def by_row(self) -> list[tuple[int, list[RowProblem]]]:
        grouped: dict[int, list[RowProblem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.row, []).append(problem)
        return sorted(grouped.items())


def parse_day(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(date)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY)") % {"date": text})


def find_programme(text: str) -> Programme:
    key = text.strip()
    names = Q(code__iexact=key) | Q(name_en__iexact=key) | Q(name_ru__iexact=key)
    found = Programme.objects.filter(names | Q(name_kk__iexact=key) | Q(name_fr__iexact=key)).first()
    if found is None:
        raise ValueError(_("unknown qualification “%(value)s”") % {"value": text})
    return found


def find_person(values: dict[str, str]) -> Person:
    if values.get("fis_code"):
        person = Person.objects.filter(fis_code=values["fis_code"]).first()
    else:
        birth = parse_day(values.get("birth_date", ""))
        person = Person.objects.filter(
            last_name__iexact=values.get("last_name", ""),
            first_name__iexact=values.get("first_name", ""),
            birth_date=birth,
        ).first()
    if person is None:
        raise ValueError(_("not in the registry: add the person (member import) first"))
    return person


def _field(line: int, name: str, problems: list[RowProblem], parse: Any, *args: Any) -> Any:
    try:
        return parse(*args)
    except ValueError as error:
        problems.append(RowProblem(line, name, str(error)))
        return None


def check_row(line: int, values: dict[str, str], today: dt.date) -> tuple[Held | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    person = _field(line, "person", problems, find_person, values)
    programme = _field(line, "programme", problems, find_programme, values.get("programme", ""))
    issued = _field(line, "issued", problems, parse_day, values.get("issued", ""))
    expires = (
        _field(line, "expires", problems, parse_day, values["expires"]) if values.get("expires") else None
    )
    number = values.get("number", "")
    if issued is not None and issued > today:
        problems.append(RowProblem(line, "issued", _("issued in the future")))
    if issued is not None and expires is not None and expires < issued:
        problems.append(RowProblem(line, "expires", _("expires before it was issued")))
    if len(number) > Certificate._meta.get_field("number").max_length:  # type: ignore[operator]
        problems.append(RowProblem(line, "number", _("the certificate number is too long")))
    elif number and Certificate.objects.filter(number=number).exists():
        problems.append(
            RowProblem(line, "number", _("certificate %(n)s is already registered") % {"n": number})
        )
    if problems:
        return None, problems
    if Certificate.objects.filter(holder=person, programme=programme, issued=issued).exists():
        return None, [RowProblem(line, "programme", _("this qualification is already registered"))]
    if expires is None:
        expires = services.expiry_for(programme, issued)
    return Held(line, person, programme, issued, expires, number), []


def _file_duplicates(rows: list[Held]) -> list[RowProblem]:
    seen: dict[Any, int] = {}
    problems = []
    for held in rows:
        for key in ((held.person.pk, held.programme.pk, held.issued), ("number", held.number)):
            if key == ("number", ""):
                continue
            if key in seen:
                problems.append(RowProblem(held.row, "row", _("same as row %(row)s") % {"row": seen[key]}))
            seen.setdefault(key, held.row)
    return problems


def check_history(table: Table, mapping: dict[str, int | None], *, user: Any) -> HistoryReport:
    """Every row checked under ``mapping``; nothing is written."""
    if not services.can_educate(user):
        raise NotAllowed(_("Your role does not allow this."))
    check_mapping(mapping, len(table.headers))
    today = services.today()
    report = HistoryReport(total=len(table.rows))
    for offset, row in enumerate(table.rows):
        values = {name: row[i].strip() for name, i in mapping.items() if i is not None and i < len(row)}
        held, problems = check_row(offset + 2, values, today)
        report.problems.extend(problems)
        if held is not None:
            report.rows.append(held)
    report.problems.extend(_file_duplicates(report.rows))
    report.problems.sort(key=lambda p: p.row)
    return report


class HistoryRejected(InputError):
    """A row has a problem: nothing was imported; ``report`` says which rows and why."""

    def __init__(self, report: HistoryReport) -> None:
        self.report = report
        super().__init__(_("%(n)s row(s) have problems; nothing was imported.") % {"n": len(report.by_row)})


def import_qualifications(table: Table, mapping: dict[str, int | None], *, user: Any) -> list[Certificate]:
    """Check again and write every row's certificate in one transaction, or none of them."""
    with transaction.atomic():
        report = check_history(table, mapping, user=user)
        if not report.ok:
            raise HistoryRejected(report)
        return [_issue(held, user) for held in report.rows]


def _issue(held: Held, user: Any) -> Certificate:
    certificate = services.issue_certificate(held.person, held.programme, held.issued, user=user)
    certificate.expires = held.expires
    certificate.number = held.number or certificate.number
    certificate.save(update_fields=["expires", "number"])
    certificate.log_action("import_historic", user, {"row": held.row, "expires": str(held.expires)})
    return certificate
