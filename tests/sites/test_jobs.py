"""The study job on the real DEM tiles of ../shared/dem: progress, cancel, failure, excluded areas."""

from typing import Any

import pytest
from shapely.geometry import LineString, box

from alatau.core.models import User
from alatau.sites import jobs
from alatau.sites.models import LayerKind, Study, StudyStatus
from alatau.sites.services import cancel_study, create_layer, create_study
from conftest import shared_path

# A small box on the northern slopes above Almaty: a few seconds, and courses to find.
BOX = {"west": 77.0, "south": 43.05, "east": 77.08, "north": 43.11}


@pytest.fixture(autouse=True)
def dem_tiles(settings: Any) -> None:
    settings.ALATAU_DEM_DIR = str(shared_path("dem"))


def study(user: User, **extra: Any) -> Study:
    return create_study(user, {"name": "Test", "criteria": "FIS-M", **BOX, **extra})


@pytest.mark.django_db
def test_a_study_records_progress_and_keeps_its_result(pia_planner: User, monkeypatch: Any) -> None:
    seen: list[int] = []
    record = jobs.Reporter.__call__

    def spy(self: jobs.Reporter, stage: str, done: int, total: int) -> None:
        record(self, stage, done, total)
        seen.append(Study.objects.get(pk=self.study_id).progress)

    monkeypatch.setattr(jobs.Reporter, "__call__", spy)
    found = study(pia_planner)
    assert jobs.run_study(found.pk) == StudyStatus.DONE
    found.refresh_from_db()
    assert found.progress == 100 and found.finished_at is not None
    assert seen == sorted(seen) and len(set(seen)) >= 4 and 0 < seen[len(seen) // 2] < 100
    sites, courses = found.features("site"), found.features("course")
    assert sites and courses
    assert [s["properties"]["rank"] for s in sites] == list(range(1, len(sites) + 1))
    first = courses[0]["properties"]
    assert len(first["profile"]) >= 2 and first["profile"][0][0] == 0
    # The profile falls by the course's drop, and every packaged FIS criterion is checked and met.
    drop = first["profile"][0][1] - first["profile"][-1][1]
    assert drop == pytest.approx(first["vertical_drop_m"], abs=1.0)
    assert {c["key"] for c in first["checks"]} == {"drop", "mean_gradient", "steepest"}
    assert all(c["ok"] for c in first["checks"])


@pytest.mark.django_db
def test_cancel_stops_the_running_search(pia_planner: User, monkeypatch: Any) -> None:
    found = study(pia_planner)
    stages: list[str] = []
    record = jobs.Reporter.__call__

    def cancel_after_elevation(self: jobs.Reporter, stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage == "elevation" and done == 1:
            cancel_study(pia_planner, Study.objects.get(pk=self.study_id))  # the planner presses cancel
        record(self, stage, done, total)

    monkeypatch.setattr(jobs.Reporter, "__call__", cancel_after_elevation)
    assert jobs.run_study(found.pk) == StudyStatus.CANCELLED
    found.refresh_from_db()
    assert found.result is None and found.progress < 100 and "Cancelled" in found.message
    assert "courses" not in stages and "sites" not in stages
    assert jobs.run_study(found.pk) == StudyStatus.CANCELLED  # a worker never restarts it


@pytest.mark.django_db
def test_a_failure_is_shown_as_such(pia_planner: User) -> None:
    found = create_study(
        pia_planner, {"name": "Nowhere", "west": 10, "south": 10, "east": 10.1, "north": 10.1}
    )
    assert jobs.run_study(found.pk) == StudyStatus.FAILED
    found.refresh_from_db()
    assert found.status == StudyStatus.FAILED and found.result is None
    assert "tile" in found.message.lower() or "data" in found.message.lower()
    assert found.audit_entries().filter(action="study_failed").exists()


@pytest.mark.django_db
def test_no_course_enters_an_excluded_area(pia_planner: User) -> None:
    west_half = box(BOX["west"], BOX["south"], 77.04, BOX["north"])
    polygon = {"type": "Polygon", "coordinates": [list(map(list, west_half.exterior.coords))]}
    layer = create_layer(pia_planner, "Park", LayerKind.EXCLUDE, __import__("json").dumps(polygon))
    found = study(pia_planner)
    found.layers.set([layer])
    assert jobs.run_study(found.pk) == StudyStatus.DONE
    found.refresh_from_db()
    courses = found.features("course")
    assert courses
    assert not any(LineString(c["geometry"]["coordinates"]).intersects(west_half) for c in courses)


@pytest.mark.django_db
def test_a_study_south_of_issyk_kul_finds_nothing_in_kyrgyzstan(pia_planner: User) -> None:
    """Kazakhstan only, as `alatau sites find` by default: the Terskey Alatau foothills hold no site."""
    found = create_study(
        pia_planner,
        {
            "name": "Kyrgyz side",
            "criteria": "FIS-M",
            "west": 77.40,
            "south": 42.02,
            "east": 77.55,
            "north": 42.15,
        },
    )
    assert jobs.run_study(found.pk) == StudyStatus.DONE
    found.refresh_from_db()
    assert found.features("course") == [] and found.features("site") == []


@pytest.mark.django_db
def test_a_study_keeps_the_distinct_best_courses_only(pia_planner: User) -> None:
    """One course per slope face: no two of one site and discipline start within 1 km facing the same way."""
    from alatau.terrain.constraints import FACE_ASPECT_DEG, FACE_DISTANCE_M, _angle, _metres

    found = study(pia_planner)
    assert jobs.run_study(found.pk) == StudyStatus.DONE
    found.refresh_from_db()
    courses = [(c["properties"], c["geometry"]["coordinates"][0]) for c in found.features("course")]
    assert len(courses) >= 2 and all(p["site_id"] is not None for p, _ in courses)
    for i, (a, start_a) in enumerate(courses):
        for b, start_b in courses[i + 1 :]:
            same_face = (
                (a["site_id"], a["discipline"]) == (b["site_id"], b["discipline"])
                and _metres(start_a, start_b) < FACE_DISTANCE_M
                and _angle(a["aspect_deg"], b["aspect_deg"]) < FACE_ASPECT_DEG
            )
            assert not same_face, (a, b)
