"""Site-study objects for the every-URL walk: a finished study, a constraint layer and two projects."""

from typing import Any

from alatau.core.models import Role, User
from alatau.sites.models import ConstraintLayer, Project, Study, StudyStatus

SQUARE = [[77.0, 43.0], [77.1, 43.0], [77.1, 43.1], [77.0, 43.1], [77.0, 43.0]]
SITE = {
    "type": "Feature",
    "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
    "properties": {
        "kind": "site",
        "site_id": 1,
        "rank": 1,
        "score": 0.71,
        "courses": 1,
        "top_elevation_m": 3100.0,
        "base_elevation_m": 2300.0,
        "vertical_m": 800.0,
        "piste_km": 2.1,
        "distance_km": 25.0,
    },
}
COURSE = {
    "type": "Feature",
    "geometry": {"type": "LineString", "coordinates": [[77.05, 43.08], [77.06, 43.05]]},
    "properties": {
        "kind": "course",
        "discipline": "GS",
        "difficulty": "red",
        "site_id": 1,
        "vertical_drop_m": 350.0,
        "length_m": 1300.0,
        "mean_gradient_pct": 28.0,
        "max_gradient_pct": 45.0,
        "aspect_deg": 10.0,
        "profile": [[0.0, 2700.0], [600.0, 2520.0], [1250.0, 2350.0]],
        "checks": [{"key": "drop", "value": 350.0, "low": 250, "high": 450, "ok": True}],
    },
}
RESULT = {"type": "FeatureCollection", "features": [SITE, COURSE]}


def extend(world: dict[str, Any]) -> None:
    planner = User.objects.filter(role=Role.PLANNER).first() or world["user"]
    study = Study.objects.create(
        name="Almaty slopes",
        west=77.0,
        south=43.0,
        east=77.1,
        north=43.1,
        status=StudyStatus.DONE,
        progress=100,
        result=RESULT,
        created_by=planner,
    )
    Study.objects.create(name="Waiting", west=77.0, south=43.0, east=77.1, north=43.1, created_by=planner)
    world["study"] = study
    world["layer"] = ConstraintLayer.objects.create(
        name="Park", kind="exclude", geojson={"type": "Polygon", "coordinates": [SQUARE]}
    )
    plan = {
        "name": "Kok Zhailau",
        "beds": 7000,
        "lifts": [{"name": "Gondola", "type": "gondola", "vertical_m": 900, "capacity_pph": 2400}],
        "pistes": [{"name": "Red 1", "length_m": 1800, "width_m": 40, "difficulty": "intermediate"}],
    }
    world["project"] = Project.objects.create(
        name="Kok Zhailau", study=study, site_id=1, plan=plan, published=True, created_by=planner
    )
    Project.objects.create(name="Draft", plan={"name": "Draft", "beds": 0, "lifts": [], "pistes": []})
