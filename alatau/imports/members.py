"""The member columns an import knows, how their headers are guessed, and how each row's values are checked.

Pure functions (no database): :func:`clean_rows` turns a mapped table into clean member records and a
list of problems by row; the service adds the checks against the registry and writes.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.core.text import problem
from alatau.imports.dates import day_first_text
from alatau.imports.parsing import Table
from alatau.registry.plausible import birth_date_problem, membership_start_problem, nationality_problem

#: Target fields in form order: (field, label, required).
FIELDS: list[tuple[str, Any, bool]] = [
    ("last_name", gettext_lazy("Last name (Latin)"), True),
    ("first_name", gettext_lazy("First name (Latin)"), True),
    ("last_name_cyrillic", gettext_lazy("Last name (Cyrillic)"), False),
    ("first_name_cyrillic", gettext_lazy("First name (Cyrillic)"), False),
    ("birth_date", gettext_lazy("Birth date"), True),
    ("gender", gettext_lazy("Gender"), True),
    ("nationality", gettext_lazy("Nationality"), False),
    ("fis_code", gettext_lazy("FIS code"), False),
    ("email", gettext_lazy("Email"), False),
    ("phone", gettext_lazy("Phone"), False),
]
FIELD_NAMES = [name for name, _label, _required in FIELDS]
#: The columns that hold names: no control or text-direction characters (see alatau.core.text).
NAME_FIELDS = ("last_name", "first_name", "last_name_cyrillic", "first_name_cyrillic")

# Header words per field in English, French, Russian and Kazakh, compared after normalising
# (lower case, no accents, no spaces or punctuation). A name header that says "latin"/"cyrillic"
# decides the script; otherwise the column's values decide (see :func:`guess_mapping`).
_LAST = ["lastname", "surname", "familyname", "nom", "nomdefamille", "фамилия", "тегі", "тегi"]
_FIRST = ["firstname", "givenname", "forename", "prenom", "имя", "аты", "есімі"]
HEADER_WORDS: dict[str, list[str]] = {
    "last_name": _LAST,
    "first_name": _FIRST,
    "birth_date": [
        "birthdate",
        "dateofbirth",
        "dob",
        "born",
        "datedenaissance",
        "naissance",
        "датарождения",
        "деньрождения",
        "туғанкүні",
        "туғанкуні",
        "туганкуни",
    ],
    "gender": ["gender", "sex", "sexe", "genre", "пол", "жынысы", "жыныс"],
    "nationality": [
        "nationality",
        "nation",
        "nationcode",
        "nationalite",
        "гражданство",
        "азаматтығы",
        "ұлты",
    ],
    "fis_code": ["fiscode", "fis", "codefis", "кодfis", "fisкод", "fisкоды", "fisнөмірі"],
    "email": ["email", "mail", "courriel", "адресэлектроннойпочты", "электроннаяпочта", "электрондықпошта"],
    "phone": ["phone", "telephone", "tel", "mobile", "телефон", "тел", "ұялытелефон"],
}
_CYRILLIC_WORDS = ("cyrillique", "cyrillic", "кириллица", "кирилл", "кирил")
_LATIN_WORDS = ("latin", "латиница", "латин")


def normalise_header(header: str) -> str:
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    # Drop combining accents of Latin letters but keep Cyrillic letters whole (й, ё, қ stay).
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", kept))


def is_cyrillic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) * 2 > len(letters)


def _header_field(header: str, values: list[str]) -> str | None:
    key = normalise_header(header)
    for word in (*_CYRILLIC_WORDS, *_LATIN_WORDS):
        key = key.replace(word, "")
    for name, words in HEADER_WORDS.items():
        # Exact words, or a long word followed by a remark: "Date of birth (DD.MM.YYYY)".
        if any(key == word or (len(word) >= 5 and key.startswith(word)) for word in words):
            return _name_field(name, header, values) if name in ("last_name", "first_name") else name
    return None


def _name_field(name: str, header: str, values: list[str]) -> str:
    key = normalise_header(header)
    if any(word in key for word in _CYRILLIC_WORDS):
        return f"{name}_cyrillic"
    if any(word in key for word in _LATIN_WORDS):
        return name
    cyrillic = sum(is_cyrillic(v) for v in values)
    return f"{name}_cyrillic" if values and cyrillic * 2 > len(values) else name


def guess_mapping(table: Table) -> dict[str, int | None]:
    """Guess which column feeds each field from the headers (four languages) and the names' script.

    Returns a mapping field → column index (``None`` when no column fits); a column feeds at most one field.
    """
    mapping: dict[str, int | None] = dict.fromkeys(FIELD_NAMES)
    for index, header in enumerate(table.headers):
        if header in FIELD_NAMES and mapping[header] is None:
            mapping[header] = index  # our own export's headers
            continue
        name = _header_field(header, table.column(index))
        if name and mapping.get(name) is None and index not in mapping.values():
            mapping[name] = index
    return mapping


# --- values -------------------------------------------------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y.%m.%d")
GENDERS = {
    "M": (
        "m",
        "male",
        "man",
        "men",
        "h",
        "homme",
        "hommes",
        "м",
        "муж",
        "мужской",
        "мужчина",
        "ер",
        "ер адам",
    ),
    "W": (
        "w",
        "f",
        "female",
        "woman",
        "women",
        "femme",
        "femmes",
        "ж",
        "жен",
        "женский",
        "женщина",
        "әйел",
        "к",
    ),
}
_GENDER_LOOKUP = {word: code for code, words in GENDERS.items() for word in words}
FIS_CODE = re.compile(r"\d{4,8}")


def parse_date(text: str, today: dt.date) -> dt.date:
    """A birth date in one of :data:`DATE_FORMATS`, not in the future and not before 1900."""
    for fmt in DATE_FORMATS:
        try:
            value = dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        reason = birth_date_problem(value, today)
        if reason:
            raise ValueError(reason)
        return value
    raise ValueError(_("“%(date)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY)") % {"date": text})


def parse_gender(text: str) -> str:
    code = _GENDER_LOOKUP.get(text.strip().casefold().rstrip("."))
    if code is None:
        raise ValueError(_("“%(value)s” is not a gender (M or W)") % {"value": text})
    return code


# Kazakh and Russian Cyrillic → Latin, close to the passport transliteration, for files that only
# carry Cyrillic names (the registry needs the Latin name; the Cyrillic one is kept too).
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya a g k n o u u h i"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", _LATIN.split(" "), strict=True))


def transliterate(text: str) -> str:
    out = []
    for char in text:
        latin = _TRANSLIT.get(char.lower(), char)
        latin = "" if latin == "-" else latin
        out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


@dataclass
class Member:
    """One clean row, ready to become a person."""

    row: int
    last_name: str
    first_name: str
    birth_date: dt.date
    gender: str
    last_name_cyrillic: str = ""
    first_name_cyrillic: str = ""
    nationality: str = "KAZ"
    fis_code: str | None = None
    email: str = ""
    phone: str = ""

    @property
    def name_key(self) -> tuple[str, str, dt.date]:
        """What "same name and birth date" compares: Latin names without case."""
        return (self.last_name.casefold(), self.first_name.casefold(), self.birth_date)


@dataclass
class RowProblem:
    row: int  # the row's line in the file (the header is line 1)
    field: str
    message: str


@dataclass
class Checked:
    members: list[Member] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def clean_rows(
    table: Table, mapping: dict[str, int | None], today: dt.date, date_order: str = "day"
) -> Checked:
    """Check every row of ``table`` under ``mapping``; duplicates inside the file are problems too.

    ``date_order`` ("day" or "month") says how the file's NN/NN/YYYY birth dates read (see
    alatau.imports.dates); it applies to every row.
    """
    checked = Checked()
    for offset, row in enumerate(table.rows):
        values = {name: row[i].strip() for name, i in mapping.items() if i is not None and i < len(row)}
        if values.get("birth_date"):
            values["birth_date"] = day_first_text(values["birth_date"], date_order)
        member, problems = clean_row(offset + 2, values, today)
        checked.problems.extend(problems)
        if member is not None:
            checked.members.append(member)
    checked.problems.extend(file_duplicates(checked.members))
    checked.problems.sort(key=lambda p: p.row)
    return checked


@cache
def max_lengths() -> dict[str, int]:
    """The registry's column widths, so that a long value is a row problem and not a database error."""
    from alatau.registry.models import Person

    limits = {name: getattr(Person._meta.get_field(name), "max_length", None) for name in FIELD_NAMES}
    return {name: int(limit) for name, limit in limits.items() if limit}


def clean_row(line: int, values: dict[str, str], today: dt.date) -> tuple[Member | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    _fill_latin_names(values)
    for name, label, required in FIELDS:
        if required and not values.get(name):
            problems.append(RowProblem(line, name, _("%(field)s is missing") % {"field": label}))
    parsed: dict[str, Any] = {}
    for name, parse in _PARSERS.items():
        if values.get(name):
            try:
                parsed[name] = parse(values[name], today)
            except ValueError as error:
                problems.append(RowProblem(line, name, str(error)))
    for name in NAME_FIELDS:
        reason = problem(values.get(name, ""))
        if reason and name not in {p.field for p in problems}:
            problems.append(RowProblem(line, name, reason))
    fields: dict[str, Any] = {name: values.get(name, "") for name in FIELD_NAMES} | parsed
    # Widths are checked on the clean values ("Femme" becomes "W"), not on what the file says.
    reported = {problem.field for problem in problems}
    for name, limit in max_lengths().items():
        if name not in reported and isinstance(fields[name], str) and len(fields[name]) > limit:
            message = _("too long (at most %(limit)d characters)") % {"limit": limit}
            problems.append(RowProblem(line, name, message))
    if problems:
        return None, problems
    fields["fis_code"] = fields["fis_code"] or None
    fields["nationality"] = fields["nationality"] or "KAZ"
    return Member(row=line, **fields), []


def _fill_latin_names(values: dict[str, str]) -> None:
    for name in ("last_name", "first_name"):
        cyrillic = values.get(f"{name}_cyrillic", "")
        if not values.get(name) and cyrillic:
            values[name] = transliterate(cyrillic)


def _latin_name(text: str, _today: dt.date) -> str:
    if is_cyrillic(text):
        raise ValueError(_("“%(value)s” is in Cyrillic; map it to the Cyrillic column") % {"value": text})
    return text


def _fis_code(text: str, _today: dt.date) -> str:
    if not FIS_CODE.fullmatch(text):
        raise ValueError(_("“%(value)s” is not a FIS code (4 to 8 digits)") % {"value": text})
    return text


def _nationality(text: str, _today: dt.date) -> str:
    code = text.upper()
    reason = nationality_problem(code)
    if reason:
        raise ValueError(reason)
    return code


def _email(text: str, _today: dt.date) -> str:
    try:
        validate_email(text)
    except ValidationError as error:
        raise ValueError(_("“%(value)s” is not an email address") % {"value": text}) from error
    return text


_PARSERS: dict[str, Any] = {
    "last_name": _latin_name,
    "first_name": _latin_name,
    "birth_date": parse_date,
    "gender": lambda text, _today: parse_gender(text),
    "nationality": _nationality,
    "fis_code": _fis_code,
    "email": _email,
}


def start_problems(members: list[Member], start: dt.date, today: dt.date) -> list[RowProblem]:
    """Rows whose membership would start (on ``start``) before the person was born."""
    found = ((m.row, membership_start_problem(start, m.birth_date, today)) for m in members)
    return [RowProblem(row, "start_date", reason) for row, reason in found if reason]


def file_duplicates(members: list[Member]) -> list[RowProblem]:
    """Rows that repeat an earlier row's FIS code, or its name and birth date."""
    problems = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[str, str, dt.date], int] = {}
    for member in members:
        first = seen_codes.get(member.fis_code or "") or seen_names.get(member.name_key)
        if first is not None:
            message = _("same person as row %(row)d of the file") % {"row": first}
            problems.append(RowProblem(member.row, "duplicate", message))
            continue
        if member.fis_code:
            seen_codes[member.fis_code] = member.row
        seen_names[member.name_key] = member.row
    return problems
