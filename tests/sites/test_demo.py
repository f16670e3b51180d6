"""The resort-planning demo: Kok Zhailau as planned, a study on the real tiles, the Almaty tiles queued."""

import datetime as dt
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from alatau.core.models import Role, User
from alatau.sites.demo import kok_zhailau_plan, load_demo
from alatau.sites.models import Project, Study, StudyStatus
from alatau.sites.services import plan_totals
from conftest import shared_path


def test_kok_zhailau_has_the_planned_figures() -> None:
    plan = kok_zhailau_plan()
    assert plan_totals(plan) == {"beds": 7000, "lifts": 16, "pistes": 60, "piste_km": 50.0}
    assert sum(p["length_m"] for p in plan["pistes"]) == 50_000


@pytest.mark.django_db
def test_demo_projects_and_studies(django_capture_on_commit_callbacks: Any) -> None:
    User.objects.create(username="planner", role=Role.PLANNER)
    partner = User.objects.create(username="partner", role=Role.PARTNER)
    with django_capture_on_commit_callbacks(execute=True):
        line = load_demo(dt.date(2025, 11, 20), shared_path("dem").parent)
    assert "Kok Zhailau" in line
    kok = Project.objects.get(name="Kok Zhailau")
    assert kok.published and len(kok.plan["lifts"]) == 16
    assert list(Project.objects.get(name="Kok Zhailau, 4,000 beds").partners.all()) == [partner]
    near = Study.objects.get(name="Slopes south of Almaty")
    assert near.status == StudyStatus.DONE and near.features("site") and near.features("course")
    almaty = Study.objects.get(name="Almaty tiles")
    assert almaty.status == StudyStatus.QUEUED
    # Queued with its task, so the worker that `alatau serve` starts runs it (not queued for ever).
    assert DBTaskResult.objects.filter(args_kwargs__args=[almaty.pk]).exists()
