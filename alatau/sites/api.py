"""``/sites``: a study's progress and result, for planners (the study page polls the same figures)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from alatau.api.auth import caller, read_auth
from alatau.api.errors import DETAIL, ApiError, responses
from alatau.api.schemas import PathId
from alatau.sites.models import Study
from alatau.sites.permissions import is_planner

router = Router(tags=["sites"])


class StudyOut(Schema):
    id: int
    name: str
    status: str
    progress: int
    message: str
    bbox: list[float]
    sites: int
    courses: int


def study_out(study: Study) -> dict[str, Any]:
    return {
        "id": study.pk,
        "name": study.name,
        "status": study.status,
        "progress": study.progress,
        "message": study.message,
        "bbox": list(study.bbox),
        "sites": len(study.features("site")),
        "courses": len(study.features("course")),
    }


@router.get("/studies/{study_id}", response=responses(StudyOut, DETAIL), auth=read_auth, summary="One study")
def get_study(request: HttpRequest, study_id: PathId) -> dict[str, Any]:
    """A study's status and progress (planners only)."""
    study = Study.objects.filter(pk=study_id).first()
    if study is None or not is_planner(caller(request)):
        raise ApiError(404, "not_found", _("No such study."))
    return study_out(study)
