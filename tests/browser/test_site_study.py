"""In Chromium: a planner starts a study on the real DEM tiles, watches its progress bar move, opens a
course's profile on the map, starts a project from the best site and reads the capacity verdict."""

from typing import Any

import pytest

from alatau.core.models import User
from alatau.sites import jobs
from alatau.sites.models import Study, StudyStatus
from conftest import shared_path
from tests.browser.conftest import wait_for_js
from tests.browser.test_licence_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The small box above Almaty of the job tests: a few seconds of search, and courses to find.
BOX = {"west": "77.0", "south": "43.05", "east": "77.08", "north": "43.11"}


@pytest.fixture(autouse=True)
def dem_tiles(settings: Any) -> None:
    settings.ALATAU_DEM_DIR = str(shared_path("dem"))


CLICK_FIRST_COURSE = """() => {
    let done = false;
    window.alatauMap.eachLayer(l => {
        if (!done && l.feature && l.feature.properties.kind === 'course') {
            l.fire('click', {latlng: l.getCenter ? l.getCenter() : l.getLatLng()});
            done = true;
        }
    });
}"""


def start_study(page: Any) -> Study:
    page.goto("/en/sites/studies/")
    page.fill("#study-form input[name=name]", "Above Almaty")
    for side, value in BOX.items():
        page.fill(f"#study-form input[name={side}]", value)
    page.click("#study-form button[type=submit]")
    page.wait_for_selector("#study-progress")
    assert page.get_attribute("#job", "data-status") == StudyStatus.QUEUED
    return Study.objects.get(name="Above Almaty")


def run_while_watching(page: Any, study: Study, monkeypatch: Any) -> list[int]:
    """The worker's job, run here; halfway through, the open page must show the progress it has reached."""
    shown: list[int] = []
    report = jobs.Reporter.__call__

    def watched(self: jobs.Reporter, stage: str, done: int, total: int) -> None:
        report(self, stage, done, total)
        progress = Study.objects.get(pk=study.pk).progress
        if 0 < progress < 100 and not shown:
            # The page polls the status every 1.5 s: wait until its bar shows this stage's progress.
            wait_for_js(page, f"document.getElementById('study-progress').value >= {progress}")
            shown.append(int(page.eval_on_selector("#study-progress", "bar => bar.value")))

    monkeypatch.setattr(jobs.Reporter, "__call__", watched)
    assert jobs.run_study(study.pk) == StudyStatus.DONE
    return shown


def open_a_course_profile(page: Any) -> str:
    # The user's click on a course line, fired on the first course layer of the Leaflet map.
    page.evaluate(CLICK_FIRST_COURSE)
    page.wait_for_selector(".course-popup svg.profile-chart")
    return str(page.inner_text(".course-popup"))


def test_a_planner_studies_a_site_and_plans_a_resort(page: Any, pia_planner: User, monkeypatch: Any) -> None:
    log_in(page, pia_planner)
    study = start_study(page)
    shown = run_while_watching(page, study, monkeypatch)
    assert shown and 0 < shown[0] < 100
    page.wait_for_selector("text=Start a project", timeout=15_000)  # the page reloads itself once done
    assert page.inner_text("#study-status") == "Done"

    popup = open_a_course_profile(page)
    assert " m" in popup and "%" in popup  # the course's figures beside its profile

    page.click("form[action$='/projects/new/'] button[type=submit] >> nth=0")
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict li >> nth=0").strip()
    assert int(page.inner_text("#lifts")) >= 1
