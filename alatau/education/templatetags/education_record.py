"""``{% education_record person %}``: a person's qualifications and education history, for their pages."""

from typing import Any

from django import template

from alatau.education import experience, services
from alatau.education.models import CPDActivity
from alatau.registry.models import Person

register = template.Library()


@register.inclusion_tag("education/_person_record.html", takes_context=True)
def education_record(context: dict[str, Any], person: Person) -> dict[str, Any]:
    today = services.today()
    certificates = list(person.certificates.select_related("programme").prefetch_related("renewals"))
    for certificate in certificates:
        certificate.status_today = certificate.status_on(today)  # type: ignore[attr-defined]
    user = context["request"].user
    return {
        "person": person,
        "certificates": certificates,
        "enrolments": person.enrolments.select_related("course__programme").order_by("-course__start_date"),
        "cpd": CPDActivity.objects.filter(person=person)[:20],
        "educating": services.can_educate(user),
        "own": person.account_id is not None and person.account_id == user.pk,
        "experience": experience.summary(person, today),
    }
