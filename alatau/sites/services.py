"""Workflows of site studies and resort projects; views and the API stay thin.

Resort figures come from the capacity engine :mod:`alatau.planning` through :func:`capacity` only: it is
imported lazily, and where it is not installed the figures are simply unavailable (``None``).
"""

import dataclasses
import json
import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alatau.core.errors import InvalidData, NotAllowed
from alatau.errors import AlatauError
from alatau.sites.models import FINISHED, ConstraintLayer, LayerKind, Project, Study, StudyStatus
from alatau.sites.permissions import is_planner

MAX_BOX_DEGREES = 2.0
DISCIPLINES = ("DH", "SG", "GS", "SL")


def _require_planner(user: Any) -> None:
    if not is_planner(user):
        raise NotAllowed(_("Only resort planners may do this."))


def check_box(west: float, south: float, east: float, north: float) -> None:
    """InvalidData unless the box is a real lon/lat box of at most :data:`MAX_BOX_DEGREES` a side."""
    values = (west, south, east, north)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise InvalidData({"bbox": [_("Give four numbers: west, south, east, north.")]})
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InvalidData({"bbox": [_("West must be less than east and south less than north, in degrees.")]})
    if east - west > MAX_BOX_DEGREES or north - south > MAX_BOX_DEGREES:
        raise InvalidData({"bbox": [_("The area may be at most 2 degrees on a side.")]})


def check_disciplines(text: str) -> str:
    chosen = [d.strip().upper() for d in text.split(",") if d.strip()]
    if not chosen or any(d not in DISCIPLINES for d in chosen):
        raise InvalidData({"disciplines": [_("Choose among DH, SG, GS and SL.")]})
    return ",".join(dict.fromkeys(chosen))


def create_study(user: Any, data: Mapping[str, Any], layers: list[ConstraintLayer] | None = None) -> Study:
    """Record a study and queue its background job (after the transaction commits)."""
    _require_planner(user)
    check_box(data["west"], data["south"], data["east"], data["north"])
    fields = {k: data[k] for k in ("name", "west", "south", "east", "north", "criteria") if k in data}
    for key in ("access_lon", "access_lat"):
        if data.get(key) is not None:
            fields[key] = data[key]
    fields["disciplines"] = check_disciplines(data.get("disciplines") or ",".join(DISCIPLINES))
    with transaction.atomic():
        study = Study.objects.create(created_by=user, **fields)
        if layers:
            study.layers.set(layers)
        study.log_action("study_created", user, {"bbox": list(study.bbox), "criteria": study.criteria})
        transaction.on_commit(lambda: enqueue(study.pk))
    return study


def enqueue(study_id: int) -> None:
    from alatau.sites.tasks import run_study_task

    run_study_task.enqueue(study_id)


def cancel_study(user: Any, study: Study) -> Study:
    """Stop a queued or running study; a running job sees it between two tiles and stops."""
    _require_planner(user)
    if study.status in FINISHED:
        raise InvalidData({"status": [_("This study has already finished.")]})
    Study.objects.filter(pk=study.pk, status__in=(StudyStatus.QUEUED, StudyStatus.RUNNING)).update(
        status=StudyStatus.CANCELLED,
        message=_("Cancelled by %(user)s.") % {"user": user},
        finished_at=timezone.now(),
    )
    study.refresh_from_db()
    study.log_action("study_cancelled", user, {"progress": study.progress})
    return study


def rerun_study(user: Any, study: Study) -> Study:
    """Queue a finished (failed or cancelled) study again."""
    _require_planner(user)
    if study.status not in (StudyStatus.FAILED, StudyStatus.CANCELLED):
        raise InvalidData({"status": [_("Only a failed or cancelled study can be run again.")]})
    with transaction.atomic():
        Study.objects.filter(pk=study.pk).update(
            status=StudyStatus.QUEUED, progress=0, message="", result=None
        )
        study.refresh_from_db()
        study.log_action("study_queued", user)
        transaction.on_commit(lambda: enqueue(study.pk))
    return study


def create_layer(user: Any, name: str, kind: str, text: str) -> ConstraintLayer:
    """A constraint layer from uploaded GeoJSON: polygons for areas to exclude, lines for roads."""
    from alatau.sites.jobs import geometries

    _require_planner(user)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidData({"file": [_("This is not GeoJSON: %(error)s") % {"error": error}]}) from error
    shapes = geometries(document)
    wanted = ("Polygon", "MultiPolygon") if kind == LayerKind.EXCLUDE else ("LineString", "MultiLineString")
    if not shapes or any(g.get("type") not in wanted for g in shapes):
        raise InvalidData(
            {"file": [_("The layer needs geometries of type %(types)s.") % {"types": ", ".join(wanted)}]}
        )
    layer = ConstraintLayer.objects.create(name=name, kind=kind, geojson=document, created_by=user)
    layer.log_action("layer_created", user, {"kind": kind, "geometries": len(shapes)})
    return layer


# --- Resort projects ---------------------------------------------------------------------------------


def capacity(plan_json: Mapping[str, Any]) -> dict[str, Any] | None:
    """The capacity report of a plan from :mod:`alatau.planning`, as a plain dict.

    Returns None when the engine is not installed; ``{"error": message}`` when it refuses the plan.
    """
    try:
        from alatau.planning import check, load_plan  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    try:
        report = check(_load_plan(load_plan, plan_json))
    except (AlatauError, ValueError, KeyError, TypeError) as error:
        return {"error": str(error)}
    to_dict = getattr(report, "to_dict", None)
    if callable(to_dict):  # the verdict in the page's language
        language = (get_language() or "en").split("-")[0]
        return dict(to_dict(language if language in ("kk", "ru", "en", "fr") else "en"))
    return _as_dict(report)


def _load_plan(load_plan: Any, plan_json: Mapping[str, Any]) -> Any:
    try:
        return load_plan(dict(plan_json))
    except (TypeError, AttributeError, OSError):
        # The engine may read plan files only.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.json"
            path.write_text(json.dumps(plan_json), encoding="utf-8")
            return load_plan(path)


def _as_dict(report: Any) -> dict[str, Any]:
    for method in ("to_dict", "as_dict", "to_json"):
        if callable(getattr(report, method, None)):
            value = getattr(report, method)()
            return json.loads(value) if isinstance(value, str) else dict(value)
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    if isinstance(report, Mapping):
        return dict(report)
    return dict(vars(report))


def blank_plan(name: str) -> dict[str, Any]:
    return {"name": name, "beds": 0, "lifts": [], "pistes": []}


def plan_from_site(name: str, study: Study, site_id: int) -> dict[str, Any]:
    """A first plan on a study's site: one piste per distinct course, one lift per course group's vertical."""
    site = study.site(site_id)
    if site is None:
        raise InvalidData({"site": [_("That study has no such site.")]})
    courses = [c for c in study.features("course") if c["properties"].get("site_id") == site_id]
    pistes = []
    for number, course in enumerate(courses, start=1):
        props = course["properties"]
        pistes.append(
            {
                "name": f"{props['discipline']} {number}",
                "length_m": props["length_m"],
                "width_m": 40,
                "mean_gradient_pct": props["mean_gradient_pct"],
            }
        )
    vertical = float(site["properties"].get("vertical_m") or 0)
    lift = {"name": "Lift 1", "type": "chair-6d", "vertical_m": round(vertical), "capacity_pph": 2400}
    return {"name": name, "beds": 0, "lifts": [lift] if vertical > 0 else [], "pistes": pistes}


def create_project(
    user: Any,
    name: str,
    study: Study | None = None,
    site_id: int | None = None,
    plan: dict[str, Any] | None = None,
) -> Project:
    _require_planner(user)
    if plan is None:
        plan = plan_from_site(name, study, site_id) if study and site_id else blank_plan(name)
    project = Project.objects.create(name=name, study=study, site_id=site_id, plan=plan, created_by=user)
    project.log_action("project_created", user, {"study": study.pk if study else None, "site": site_id})
    return project


def update_project(user: Any, project: Project, fields: Mapping[str, Any]) -> Project:
    """Change a project's name, description, publication, partners or plan; every change audited."""
    _require_planner(user)
    changes: dict[str, Any] = {}
    for key in ("name", "description", "published", "plan"):
        if key in fields and fields[key] != getattr(project, key):
            changes[key] = [
                None if key == "plan" else getattr(project, key),
                None if key == "plan" else fields[key],
            ]
            setattr(project, key, fields[key])
    project.save()
    if "partners" in fields:
        before = sorted(project.partners.values_list("pk", flat=True))
        project.partners.set(fields["partners"])
        after = sorted(project.partners.values_list("pk", flat=True))
        if before != after:
            changes["partners"] = [before, after]
    if changes:
        project.log_action("project_updated", user, changes)
    return project


def copy_project(user: Any, project: Project) -> Project:
    """A variant: the same plan under a new name, to change and compare."""
    _require_planner(user)
    name = _("%(name)s (variant)") % {"name": project.name}
    plan = {**project.plan, "name": name}
    copy = Project.objects.create(
        name=name, study=project.study, site_id=project.site_id, plan=plan, created_by=user
    )
    copy.log_action("project_copied", user, {"from": project.pk})
    return copy


def plan_totals(plan: Mapping[str, Any]) -> dict[str, Any]:
    """Counts that need no engine: lifts, pistes, piste km, beds."""
    pistes = plan.get("pistes") or []
    length = sum(float(p.get("length_m") or 0) for p in pistes)
    return {
        "beds": plan.get("beds") or 0,
        "lifts": len(plan.get("lifts") or []),
        "pistes": len(pistes),
        "piste_km": round(length / 1000, 1),
    }
