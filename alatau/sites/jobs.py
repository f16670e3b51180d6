"""The study job: the course and site search of :mod:`alatau.terrain` on a study's box, as a background task.

:func:`run_study` claims a queued study (one atomic update, so two workers never run the same one), runs
the search stage by stage and writes its progress. Each progress write is conditional on the study still
running, so a planner's cancel (which sets the status) is seen between two tiles and stops the search. An
input error of the engine (no elevation data in the box, …) or any other failure marks the study failed,
with the reason as its message; the result (a GeoJSON FeatureCollection) is kept on the study.
"""

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from alatau.errors import AlatauError
from alatau.sites.models import LayerKind, Study, StudyStatus

logger = logging.getLogger(__name__)

#: Share of the bar (start, end) per stage of the search.
STAGES = {"elevation": (0, 10), "courses": (10, 90), "sites": (90, 99)}
#: Courses are kept inside this country (ISO 3166-1 alpha-3), the default of `alatau sites find --country`.
COUNTRY = "KAZ"
PROFILE_POINTS = 60


class StudyCancelled(Exception):
    """The planner cancelled the study while it ran."""


def dem_dir() -> Path:
    """Where the elevation tiles are: ``ALATAU_DEM_DIR`` or the shared ``dem/`` folder."""
    configured = getattr(settings, "ALATAU_DEM_DIR", None)
    return Path(configured) if configured else Path(settings.SHARED_DIR) / "dem"


def run_study(study_id: int, tiles: Path | None = None) -> str:
    """Run one queued study to its end; returns the status it ends in (or finds it in).

    ``tiles`` is the folder of elevation tiles (default :func:`dem_dir`).
    """
    claimed = Study.objects.filter(pk=study_id, status=StudyStatus.QUEUED).update(
        status=StudyStatus.RUNNING, started_at=timezone.now(), progress=0, message=""
    )
    study = Study.objects.get(pk=study_id)
    if not claimed:
        return str(study.status)
    try:
        result = search(study, Reporter(study_id), tiles or dem_dir())
    except StudyCancelled:
        _finish(study_id, StudyStatus.CANCELLED, None, keep_message=True)
    except AlatauError as error:
        _finish(study_id, StudyStatus.FAILED, None, message=str(error))
    except Exception as error:  # a job must end in a status the planner sees, whatever went wrong
        logger.exception("study %s failed", study_id)
        _finish(study_id, StudyStatus.FAILED, None, message=f"{type(error).__name__}: {error}")
    else:
        _finish(study_id, StudyStatus.DONE, result)
    study.refresh_from_db()
    study.log_action(f"study_{study.status}", None, {"progress": study.progress, "message": study.message})
    return str(study.status)


def _finish(
    study_id: int, status: str, result: Any, *, message: str = "", keep_message: bool = False
) -> None:
    changes: dict[str, Any] = {"status": status, "finished_at": timezone.now()}
    if not keep_message:
        changes["message"] = message
    if status == StudyStatus.DONE:
        changes.update(result=result, progress=100)
    # A study cancelled meanwhile stays cancelled.
    allowed = (StudyStatus.RUNNING, StudyStatus.CANCELLED)
    Study.objects.filter(pk=study_id, status__in=allowed).update(**changes)


class Reporter:
    """The engine's progress callback: writes the bar, and stops the search once the study is cancelled."""

    def __init__(self, study_id: int) -> None:
        self.study_id = study_id
        self.last = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        start, end = STAGES.get(stage, (0, 99))
        percent = max(self.last, int(start + (end - start) * (done / total if total else 1)))
        self.last = percent
        # Written only while the study runs: no row updated means the planner cancelled it.
        if not Study.objects.filter(pk=self.study_id, status=StudyStatus.RUNNING).update(progress=percent):
            raise StudyCancelled


def search(study: Study, report: Reporter, tiles: Path) -> dict[str, Any]:
    """The search of :func:`alatau.terrain.sites.search_sites`, with constraint layers, as GeoJSON."""
    from alatau.terrain import constraints
    from alatau.terrain.courses import find_courses
    from alatau.terrain.criteria import load_criteria
    from alatau.terrain.dem import load_dem
    from alatau.terrain.sites import check_disciplines, find_sites

    level, gender = study.criteria.split("-")
    criteria = load_criteria()
    chosen = check_disciplines(study.disciplines.split(","))
    report("elevation", 0, 1)
    dem = load_dem(study.bbox, dem_dir=tiles)
    report("elevation", 1, 1)
    courses = find_courses(
        dem,
        disciplines=chosen,
        gender=gender,
        level=level,
        criteria=criteria,
        progress=lambda done, total: report("courses", done, total),
    )
    courses = drop_excluded(courses, layer_shapes(study, LayerKind.EXCLUDE))
    # Inside Kazakhstan, as `alatau sites find` keeps them by default (no base south of Issyk-Kul).
    courses = constraints.keep_inside(courses, constraints.load_country(COUNTRY))
    report("sites", 0, 1)
    access = (study.access_lon, study.access_lat)
    roads = layer_shapes(study, LayerKind.ROADS) or None
    sites = find_sites(courses, dem, criteria, reference_point=access, roads=roads, disciplines=chosen)
    placed = [course for course in courses if course.site_id is not None]
    # The distinct best courses only: one per slope face, not every overlapping variant.
    distinct = [placed[index] for index in constraints.distinct_best(placed)]
    report("sites", 1, 1)
    return collection(study, dem, distinct, sites, criteria)


def layer_shapes(study: Study, kind: str) -> list[Any]:
    """The shapely geometries (lon/lat) of a study's layers of one kind."""
    from shapely.geometry import shape

    shapes = []
    for layer in study.layers.filter(kind=kind):
        for geometry in geometries(layer.geojson):
            shapes.append(shape(geometry))
    return shapes


def geometries(document: Any) -> list[dict[str, Any]]:
    """The geometries of a GeoJSON FeatureCollection, Feature or bare geometry."""
    if not isinstance(document, dict):
        return []
    if document.get("type") == "FeatureCollection":
        return [g for f in document.get("features", []) for g in geometries(f)]
    if document.get("type") == "Feature":
        return geometries(document.get("geometry"))
    if document.get("type") == "GeometryCollection":
        return [g for part in document.get("geometries", []) for g in geometries(part)]
    return [document] if "coordinates" in document else []


def drop_excluded(courses: list[Any], areas: list[Any]) -> list[Any]:
    """The courses whose line touches none of the excluded areas."""
    if not areas:
        return courses
    from shapely.geometry import LineString
    from shapely.ops import unary_union

    excluded = unary_union(areas)
    return [c for c in courses if not LineString(c.line).intersects(excluded)]


def collection(study: Study, dem: Any, courses: list[Any], sites: list[Any], criteria: Any) -> dict[str, Any]:
    """Sites by rank, then courses (each with its profile and the FIS criteria it meets)."""
    from alatau.terrain.geojson import feature_collection

    level, gender = study.criteria.split("-")
    document = feature_collection([], sites, {"bbox": list(study.bbox), "criteria": study.criteria})
    ordered = sorted(courses, key=lambda c: (c.site_id or 10**6, c.discipline, -c.vertical_drop_m))
    for course in ordered:
        rule = criteria.courses.get(course.discipline, gender, level)
        properties = {**course.properties(), "profile": profile(course, dem), "checks": checks(course, rule)}
        line = [[round(float(lon), 6), round(float(lat), 6)] for lon, lat in course.line]
        geometry = {"type": "LineString", "coordinates": line}
        document["features"].append(
            {"type": "Feature", "geometry": geometry, "properties": finite(properties)}
        )
    return document


def profile(course: Any, dem: Any) -> list[list[float]]:
    """Elevation against horizontal distance along the course, at most :data:`PROFILE_POINTS` points."""
    cells = np.asarray(course.cells)
    dx, dy = dem.cell_size
    z = dem.elevation[cells[:, 0], cells[:, 1]].astype(np.float64)
    run = np.hypot(np.diff(cells[:, 1]) * dx, np.diff(cells[:, 0]) * dy)
    along = np.concatenate([[0.0], np.cumsum(run)])
    keep = np.unique(np.linspace(0, len(z) - 1, min(len(z), PROFILE_POINTS)).round().astype(int))
    return [[round(float(along[i]), 1), round(float(z[i]), 1)] for i in keep]


def checks(course: Any, rule: Any) -> list[dict[str, Any]]:
    """Each FIS criterion of the course's discipline: the course's value, the limits, met or not."""
    drop, mean, steep = course.vertical_drop_m, course.mean_gradient_pct, course.max_gradient_pct
    return [
        {
            "key": "drop",
            "value": round(drop, 1),
            "low": rule.min_drop_m,
            "high": rule.max_drop_m,
            "ok": rule.min_drop_m <= drop <= rule.max_drop_m,
        },
        {
            "key": "mean_gradient",
            "value": round(mean, 1),
            "low": rule.min_mean_gradient_pct,
            "high": rule.max_mean_gradient_pct,
            "ok": rule.min_mean_gradient_pct <= mean <= rule.max_mean_gradient_pct,
        },
        {
            "key": "steepest",
            "value": round(steep, 1),
            "low": None,
            "high": rule.max_steepest_pct,
            "ok": steep <= rule.max_steepest_pct + 1e-6,
        },
    ]


def finite(value: Any) -> Any:
    """NaN and infinities become None (JSON has no such numbers); numpy scalars become Python ones."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value
