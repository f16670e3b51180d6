"""The educators' dashboard: holders by qualification, region and gender, expiring certificates, pass rates.

Each list is also a table of rows (:data:`HOLDER_COLUMNS` …) for the CSV and XLSX exports.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.education.models import Certificate, Course, Enrolment
from alatau.registry.models import Membership, Person

EXPIRING_DAYS = 90


def valid_certificates(on_date: dt.date) -> list[Certificate]:
    certificates = Certificate.objects.select_related("holder", "programme").order_by("programme", "holder")
    return [c for c in certificates if c.status_on(on_date) == Certificate.Status.VALID]


def regions_of(people: set[int], on_date: dt.date) -> dict[int, str]:
    """Each person's region: that of their club on ``on_date`` (the latest membership begun by then)."""
    memberships = (
        Membership.objects.filter(person_id__in=people, start_date__lte=on_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
        .select_related("club__region")
        .order_by("start_date")
    )
    return {m.person_id: str(m.club.region) for m in memberships}


@dataclass(frozen=True)
class Holding:
    """Counts of distinct holders of a valid certificate, by one key (qualification, region or gender)."""

    label: str
    holders: int


def _count(pairs: set[tuple[str, int]]) -> list[Holding]:
    counts = Counter(label for label, _person in pairs)
    return [Holding(label, n) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def holders_by(on_date: dt.date) -> dict[str, list[Holding]]:
    """Distinct holders of valid certificates by ``qualification``, ``region`` and ``gender``."""
    certificates = valid_certificates(on_date)
    regions = regions_of({c.holder_id for c in certificates}, on_date)
    no_region = _("No club")
    return {
        "qualification": _count({(c.programme.name, c.holder_id) for c in certificates}),
        "region": _count({(regions.get(c.holder_id, no_region), c.holder_id) for c in certificates}),
        "gender": _count({(c.holder.get_gender_display(), c.holder_id) for c in certificates}),
    }


def expiring(on_date: dt.date, days: int = EXPIRING_DAYS) -> list[Certificate]:
    """Valid certificates whose expiry falls within the next ``days`` days, soonest first."""
    horizon = on_date + dt.timedelta(days=days)
    soon = Certificate.objects.filter(expires__gte=on_date, expires__lte=horizon).select_related(
        "holder", "programme"
    )
    return [c for c in soon.order_by("expires", "id") if c.status_on(on_date) == Certificate.Status.VALID]


@dataclass(frozen=True)
class PassRate:
    course: Course
    completed: int
    failed: int

    @property
    def assessed(self) -> int:
        return self.completed + self.failed

    @property
    def rate(self) -> Decimal | None:
        """Completed over those who finished the course, in per cent (``None`` before anyone did)."""
        if not self.assessed:
            return None
        return (Decimal(100) * self.completed / self.assessed).quantize(Decimal("0.1"))


def pass_rates() -> list[PassRate]:
    """Per closed course: how many completed it and how many failed."""
    courses = (
        Course.objects.select_related("programme")
        .annotate(
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
            failed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.FAILED)),
        )
        .filter(Q(completed__gt=0) | Q(failed__gt=0))
        .order_by("-start_date", "id")
    )
    return [PassRate(c, c.completed, c.failed) for c in courses]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- export tables

HOLDER_COLUMNS = [
    gettext_lazy("Number"),
    gettext_lazy("Last name"),
    gettext_lazy("First name"),
    gettext_lazy("Gender"),
    gettext_lazy("Region"),
    gettext_lazy("Qualification"),
    gettext_lazy("Level"),
    gettext_lazy("Issued"),
    gettext_lazy("Expires"),
]
PASS_RATE_COLUMNS = [
    gettext_lazy("Course"),
    gettext_lazy("Start"),
    gettext_lazy("Place"),
    gettext_lazy("Completed"),
    gettext_lazy("Failed"),
    gettext_lazy("Pass rate (%)"),
]


def _certificate_row(certificate: Certificate, regions: dict[int, str]) -> list[Any]:
    holder: Person = certificate.holder
    return [
        certificate.number,
        holder.last_name,
        holder.first_name,
        holder.gender,
        regions.get(holder.pk, ""),
        certificate.programme.name,
        certificate.programme.level,
        certificate.issued,
        certificate.expires or "",
    ]


def certificate_rows(certificates: list[Certificate], on_date: dt.date) -> list[list[Any]]:
    regions = regions_of({c.holder_id for c in certificates}, on_date)
    return [_certificate_row(c, regions) for c in certificates]


def pass_rate_rows(rates: list[PassRate]) -> list[list[Any]]:
    return [
        [
            str(r.course.programme.name),
            r.course.start_date,
            r.course.place,
            r.completed,
            r.failed,
            r.rate or "",
        ]
        for r in rates
    ]


def export_table(what: str, on_date: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of the ``holders``, ``expiring`` or ``pass-rates`` export."""
    if what == "holders":
        return [str(c) for c in HOLDER_COLUMNS], certificate_rows(valid_certificates(on_date), on_date)
    if what == "expiring":
        return [str(c) for c in HOLDER_COLUMNS], certificate_rows(expiring(on_date), on_date)
    if what == "pass-rates":
        return [str(c) for c in PASS_RATE_COLUMNS], pass_rate_rows(pass_rates())
    raise KeyError(what)
