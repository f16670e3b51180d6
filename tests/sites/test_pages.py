"""The study and project pages as planners, partners and the public; tiles, exports, the plan form."""

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from reportlab.lib.styles import ParagraphStyle

from alatau.core.models import User
from alatau.sites import tiles
from alatau.sites.models import Project, Study, StudyStatus
from conftest import shared_path
from tests.sites import world as sample
from tests.web.conftest import login


@pytest.fixture
def world(pia_planner: User) -> dict[str, Any]:
    found: dict[str, Any] = {"user": pia_planner}
    sample.extend(found)
    return found


@pytest.mark.django_db
def test_a_planner_starts_a_study_and_its_job_is_queued(
    client: Client, pia_planner: User, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    login(client, pia_planner)
    page = client.get(reverse("sites:study-list"))
    assert page.status_code == 200 and b"sites/vendor/leaflet.js" in page.content
    form = {"name": "Talgar", "west": "77.0", "south": "43.05", "east": "77.1", "north": "43.12"}
    form |= {"criteria": "FIS-M", "disciplines": ["GS", "SL"], "access_lon": "76.89", "access_lat": "43.24"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sites:study-list"), form)
    study = Study.objects.get(name="Talgar")
    assert response.status_code == 302 and response["Location"] == study.get_absolute_url()
    assert study.status == StudyStatus.QUEUED and study.disciplines == "GS,SL"
    assert DBTaskResult.objects.filter(args_kwargs__args=[study.pk]).exists()
    status = client.get(reverse("sites:study-status", args=[study.pk])).json()
    assert status["status"] == "queued" and status["progress"] == 0
    assert client.post(reverse("sites:study-cancel", args=[study.pk])).status_code == 302
    study.refresh_from_db()
    assert study.status == StudyStatus.CANCELLED


@pytest.mark.django_db
def test_a_bad_box_is_a_form_error(client: Client, pia_planner: User) -> None:
    login(client, pia_planner)
    form = {"name": "Huge", "west": "70", "south": "40", "east": "76", "north": "44", "criteria": "FIS-M"}
    response = client.post(reverse("sites:study-list"), {**form, "disciplines": ["GS"]})
    assert response.status_code == 400 and "at most 2 degrees" in response.content.decode()
    assert not Study.objects.filter(name="Huge").exists()


@pytest.mark.django_db
def test_the_study_page_shows_its_sites_and_the_map(client: Client, world: dict[str, Any]) -> None:
    login(client, world["user"])
    page = client.get(world["study"].get_absolute_url()).content.decode()
    assert 'id="map-config"' in page and "study-progress" in page and "Start a project" in page
    config = json.loads(page.split('id="map-config" type="application/json">')[1].split("</script>")[0])
    assert config["hillshade"].endswith("/sites/tiles/hillshade/{z}/{x}/{y}.png")
    assert config["result"]["features"][1]["properties"]["profile"]


@pytest.mark.django_db
def test_studies_are_for_planners_only(client: Client, world: dict[str, Any], paul_public: User) -> None:
    login(client, paul_public)
    assert client.get(reverse("sites:study-list")).status_code == 403
    assert client.get(world["study"].get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_projects_by_role(
    client: Client, world: dict[str, Any], paul_public: User, pierre_partner: User
) -> None:
    draft = Project.objects.get(name="Draft")
    assert client.get(world["project"].get_absolute_url()).status_code == 200  # published: everybody
    assert client.get(draft.get_absolute_url()).status_code == 404
    login(client, pierre_partner)
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.partners.add(pierre_partner)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and b"Edit the plan" not in page.content  # invited: read-only
    assert client.get(reverse("sites:project-edit", args=[draft.pk])).status_code == 403


@pytest.mark.django_db
def test_a_project_from_a_site_then_its_plan_edited(client: Client, world: dict[str, Any]) -> None:
    login(client, world["user"])
    response = client.post(reverse("sites:project-create"), {"study": world["study"].pk, "site": 1})
    project = Project.objects.get(name="Resort on site 1")
    assert response["Location"] == project.get_absolute_url()
    assert [p["length_m"] for p in project.plan["pistes"]] == [1300.0]  # the site's course
    page = client.get(project.get_absolute_url()).content.decode()
    assert "figures-unavailable" in page or "verdict" in page
    form = {"name": "Site 1 resort", "description": "", "published": "on", "beds": "1200"}
    form |= {"lifts-TOTAL_FORMS": "1", "lifts-INITIAL_FORMS": "0", "pistes-TOTAL_FORMS": "1"}
    form |= {"pistes-INITIAL_FORMS": "0", "lifts-0-name": "Chair A", "lifts-0-type": "chair-6d"}
    form |= {"lifts-0-vertical_m": "520", "lifts-0-capacity_pph": "2800", "pistes-0-name": "Blue"}
    form |= {"pistes-0-length_m": "2400", "pistes-0-width_m": "50", "pistes-0-difficulty": "novice"}
    assert client.post(reverse("sites:project-edit", args=[project.pk]), form).status_code == 302
    project.refresh_from_db()
    assert project.plan["beds"] == 1200 and project.published
    assert project.plan["lifts"] == [
        {"name": "Chair A", "type": "chair-6d", "vertical_m": 520.0, "capacity_pph": 2800}
    ]
    assert project.plan["pistes"][0]["difficulty"] == "novice"
    assert project.audit_entries().filter(action="project_updated").exists()
    bad = {**form, "lifts-0-capacity_pph": "-5"}
    assert client.post(reverse("sites:project-edit", args=[project.pk]), bad).status_code == 400


@pytest.mark.django_db
def test_compare_and_exports(client: Client, world: dict[str, Any]) -> None:
    login(client, world["user"])
    draft = Project.objects.get(name="Draft")
    page = client.get(reverse("sites:project-compare"), {"a": world["project"].pk, "b": draft.pk})
    assert page.status_code == 200 and b"Kok Zhailau" in page.content and b"Draft" in page.content
    assert client.get(reverse("sites:project-compare"), {"a": "x"}).status_code == 400
    geojson = json.loads(client.get(reverse("sites:project-geojson", args=[world["project"].pk])).content)
    kinds = [f["properties"]["kind"] for f in geojson["features"]]
    assert kinds == ["site", "course"] and geojson["plan"]["beds"] == 7000
    kml = client.get(reverse("sites:project-kml", args=[world["project"].pk])).content.decode()
    assert kml.startswith("<?xml") and kml.count("<Placemark>") == 2 and "<Polygon>" in kml


@pytest.mark.django_db
def test_hillshade_tiles_are_rendered_from_the_dem_and_cached(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.ALATAU_DEM_DIR = str(shared_path("dem"))
    settings.VAR_DIR = tmp_path
    z, x, y = 11, 1461, 755  # over Almaty's mountains (77.0 E, 43.1 N)
    response = client.get(reverse("sites:hillshade", args=[z, x, y]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (256, 256)
    alpha = image.getchannel("A")
    grey = image.getchannel("R")
    assert alpha.getextrema() == (255, 255) and grey.getextrema()[1] - grey.getextrema()[0] > 50
    assert tiles.cache_path(z, x, y).read_bytes() == response.content
    far = client.get(reverse("sites:hillshade", args=[11, 100, 100]))  # no elevation data: transparent
    assert Image.open(io.BytesIO(far.content)).getchannel("A").getextrema() == (0, 0)
    assert client.get(reverse("sites:hillshade", args=[3, 1, 1])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en", "fr"])
def test_the_project_page_gives_the_verdict_in_its_language(
    client: Client, world: dict[str, Any], language: str
) -> None:
    from django.utils import translation
    from django.utils.html import escape

    from alatau.planning import check, load_plan

    expected = check(load_plan(world["project"].plan)).to_dict(language)["verdict"]
    with translation.override(language):
        url = world["project"].get_absolute_url()
    assert url.startswith(f"/{language}/")
    page = client.get(url).content.decode()
    assert all(escape(line) in page for line in expected), expected


@pytest.mark.django_db
def test_the_pdf_report_has_the_map_the_profiles_and_the_tables(
    client: Client, world: dict[str, Any]
) -> None:
    from reportlab.graphics.shapes import Polygon, PolyLine
    from reportlab.platypus import Table

    from alatau.sites import report_pdf
    from alatau.sites.exports import project_features

    project = world["project"]
    project.plan["lifts"][0].update(bottom=[77.05, 43.10], top=[77.06, 43.09])
    project.save()
    response = client.get(reverse("sites:project-pdf", args=[project.pk]))  # published: the public too
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    draft = Project.objects.get(name="Draft")
    assert client.get(reverse("sites:project-pdf", args=[draft.pk])).status_code == 404
    features = project_features(project)["features"]
    drawing = report_pdf.map_drawing(features, "Helvetica")
    assert drawing is not None
    shapes = [s for s in drawing.contents if isinstance(s, Polygon | PolyLine)]
    assert len(shapes) == len(features)  # the site outline, each course and the lift line
    assert max(s.strokeWidth for s in shapes) == 1.6  # the lift, drawn boldest
    (profiles,) = report_pdf._profiles(features, "Helvetica")
    assert isinstance(profiles, Table)
    lifts_table = report_pdf._plan_tables(project.plan, "Helvetica", "Helvetica-Bold", ParagraphStyle("h"))[1]
    assert lifts_table._cellvalues[1][:2] == ["Gondola", "gondola"]


@pytest.mark.django_db
def test_the_map_draws_the_national_border(client: Client, world: dict[str, Any]) -> None:
    from shapely.geometry import Point, shape

    page = client.get(world["project"].get_absolute_url()).content.decode()
    config = json.loads(re.search(r'id="map-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    border = client.get(config["border"])
    assert border.status_code == 200 and border["Content-Type"] == "application/json"
    country = shape(border.json()["geometry"])
    assert country.contains(Point(76.89, 43.24)) and not country.contains(
        Point(74.59, 42.87)
    )  # Almaty, Bishkek
    assert client.get(reverse("sites:border", args=["XYZ"])).status_code == 404
