import datetime as dt
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alatau.core.plugins import HomeBlock, NavLink


class EducationConfig(AppConfig):
    name = "alatau.education"
    label = "education"
    verbose_name = gettext_lazy("Staff education")
    # Included at /<lang>/: the pages live under education/, the verification page at verify/<code>/.
    url_prefix = ""
    api_routers = [("", "alatau.education.api:router"), ("", "alatau.education.api_approval:router")]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        return [NavLink(_("Courses"), reverse("education:edu-course-list"), order=60)]

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from alatau.education.models import Course
        from alatau.education.services import today

        upcoming = Course.objects.filter(end_date__gte=today()).select_related("programme")
        courses = list(upcoming.order_by("start_date", "pk")[:5])
        return [HomeBlock("education/_home_block.html", {"courses": courses}, order=40)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> Any:
        from alatau.education.demo import load_demo

        return load_demo(today)
