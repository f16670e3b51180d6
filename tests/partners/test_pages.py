"""Partner pages: the directory's filters, a partner page, the staff's form and the federation's review."""

import pytest
from django.test import Client

from alatau.core.models import User
from alatau.partners import services
from alatau.partners.models import Partner, Revision
from tests.web.conftest import login
from tests.web.test_every_url import ROLES as EVERY_ROLE
from tests.web.test_every_url import SENSIBLE

ROLES = [None, "alice_admin", "pierre_partner", "erin_editor", "pia_planner", "paul_public"]


def test_directory_filters(client: Client, dianeige: Partner, poma: Partner, shymbulak: Partner) -> None:
    html = client.get("/en/partners/?trade=lifts&country=KZ").content.decode()
    assert "Shymbulak Resort" in html and "POMA" not in html and "Dianeige" not in html
    assert "Who can do it: Lift manufacturer in Kazakhstan" in html
    html = client.get("/fr/partners/?trade=lifts").content.decode()
    assert "Remontées mécaniques" in html or "Fabricant de remontées mécaniques" in html
    assert client.get("/en/partners/?trade=teleportation").status_code == 400


def test_unpublished_partner_hidden(client: Client, hidden: Partner, alice_admin: User) -> None:
    assert "Hidden Snow" not in client.get("/en/partners/").content.decode()
    assert client.get(f"/en/partners/{hidden.slug}/").status_code == 404
    assert login(client, alice_admin).get(f"/en/partners/{hidden.slug}/").status_code == 200


def test_partner_page_shows_description_in_language_with_fallback(client: Client, dianeige: Partner) -> None:
    fr = client.get(f"/fr/partners/{dianeige.slug}/").content.decode()
    assert "Bureau d&#x27;études." in fr or "Bureau d'études." in fr
    kk = client.get(f"/kk/partners/{dianeige.slug}/").content.decode()
    assert "<strong>planning</strong>" in kk and 'lang="en"' in kk


def test_script_in_a_description_never_reaches_the_page(
    client: Client, dianeige: Partner, pierre_partner: User, alice_admin: User
) -> None:
    hostile = '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>'
    revision = services.propose_revision(
        pierre_partner, dianeige, {**services.profile_of(dianeige), "description_en": hostile}
    )
    review = login(Client(), alice_admin).get("/en/partners/review/").content.decode()
    services.approve_revision(alice_admin, revision)
    for html in (client.get(f"/en/partners/{dianeige.slug}/").content.decode(), review):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in client.get(f"/en/partners/{dianeige.slug}/").content.decode()


def test_staff_edit_and_see_it_pending(client: Client, dianeige: Partner, pierre_partner: User) -> None:
    login(client, pierre_partner)
    form = client.get(f"/en/partners/{dianeige.slug}/edit/")
    assert form.status_code == 200 and 'name="description_kk"' in form.content.decode()
    data = {**services.profile_of(dianeige), "town": "Chambéry"}
    data = {k: v for k, v in data.items() if v}
    response = client.post(f"/en/partners/{dianeige.slug}/edit/", data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and "await the federation" in html and 'id="pending-review"' in html
    dianeige.refresh_from_db()
    assert dianeige.town == "" and Revision.objects.get().data["town"] == "Chambéry"
    assert client.get("/en/partners/mine/").status_code == 200


def test_bad_form_shows_errors(client: Client, dianeige: Partner, pierre_partner: User) -> None:
    login(client, pierre_partner)
    response = client.post(
        f"/en/partners/{dianeige.slug}/edit/", {"website": "not a url at all", "trades": ["x"]}
    )
    assert response.status_code == 400 and not Revision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_may(
    role: str | None, request: pytest.FixtureRequest, client: Client, dianeige: Partner, poma: Partner
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    services.propose_revision(
        request.getfixturevalue("pierre_partner"), dianeige, {**services.profile_of(dianeige), "town": "X"}
    )
    got = {
        "directory": client.get("/en/partners/").status_code,
        "detail": client.get(f"/en/partners/{dianeige.slug}/").status_code,
        "edit own": client.get(f"/en/partners/{dianeige.slug}/edit/").status_code,
        "edit other": client.get(f"/en/partners/{poma.slug}/edit/").status_code,
        "review": client.get("/en/partners/review/").status_code,
        "mine": client.get("/en/partners/mine/").status_code,
    }
    anonymous = {"edit own": 302, "edit other": 302, "review": 302, "mine": 302}
    expected = {
        "directory": 200,
        "detail": 200,
        "edit own": 403,
        "edit other": 403,
        "review": 403,
        "mine": 403,
    }
    if role is None:
        expected.update(anonymous)
    elif role == "alice_admin":
        expected.update({"edit own": 200, "edit other": 200, "review": 200, "mine": 200})
    elif role == "pierre_partner":
        expected.update({"edit own": 200, "mine": 200})
    assert got == expected


def test_review_approve_and_reject(
    client: Client, dianeige: Partner, pierre_partner: User, alice_admin: User
) -> None:
    revision = services.propose_revision(
        pierre_partner, dianeige, {**services.profile_of(dianeige), "town": "Chambéry"}
    )
    login(client, alice_admin)
    html = client.get("/en/partners/review/").content.decode()
    assert "Chambéry" in html and "Town" in html
    assert login(Client(), pierre_partner).post(f"/en/partners/review/{revision.pk}/").status_code == 403
    client.post(f"/en/partners/review/{revision.pk}/", {"action": "approve"})
    dianeige.refresh_from_db()
    assert dianeige.town == "Chambéry"
    page = client.get(f"/en/partners/{dianeige.slug}/").content.decode()
    assert 'id="audit-log"' in page
    second = services.propose_revision(
        pierre_partner, dianeige, {**services.profile_of(dianeige), "town": "Y"}
    )
    client.post(f"/en/partners/review/{second.pk}/", {"action": "reject", "reason": "No."})
    assert Revision.objects.get(pk=second.pk).status == "rejected"


def test_api_who_can(
    client: Client, dianeige: Partner, poma: Partner, shymbulak: Partner, hidden: Partner
) -> None:
    body = client.get("/api/v1/partners?trade=lifts&country=FR").json()
    assert [p["slug"] for p in body] == ["poma"]
    assert client.get("/api/v1/partners?trade=nope").status_code == 422
    one = client.get("/api/v1/partners/dianeige?lang=fr").json()
    assert one["description_lang"] == "fr" and one["trades"] == ["resort_design"]
    assert client.get(f"/api/v1/partners/{hidden.slug}").status_code == 404


def test_home_lists_partners(client: Client, dianeige: Partner) -> None:
    html = client.get("/en/").content.decode()
    assert 'id="home-partners"' in html and "Dianeige" in html


def test_admin_approves_through_the_service(
    client: Client, dianeige: Partner, pierre_partner: User, alice_admin: User
) -> None:
    revision = services.propose_revision(
        pierre_partner, dianeige, {**services.profile_of(dianeige), "town": "Annecy"}
    )
    login(client, alice_admin)
    assert client.get("/en/admin/partners/partner/").status_code == 200
    assert client.get(f"/en/admin/partners/partner/{dianeige.pk}/change/").status_code == 200
    assert client.get(f"/en/admin/partners/revision/{revision.pk}/change/").status_code == 200
    client.post("/en/admin/partners/revision/", {"action": "approve", "_selected_action": [revision.pk]})
    dianeige.refresh_from_db()
    assert dianeige.town == "Annecy" and dianeige.audit_entries().first().action == "revision:approved"
    assert login(Client(), pierre_partner).get("/en/admin/partners/revision/").status_code == 302


def test_linked_pages_name_their_partners(
    client: Client, dianeige: Partner, poma: Partner, hidden: Partner, alice_admin: User
) -> None:
    import datetime as dt

    from alatau.competitions.models import Event, Race
    from alatau.sites.models import Project
    from tests.education.factories import make_course, make_programme

    event = Event.objects.create(
        name="Cup",
        place="Shymbulak",
        start_date=dt.date(2027, 1, 5),
        end_date=dt.date(2027, 1, 5),
        status="published",
    )
    race = Race.objects.create(
        event=event,
        codex="1",
        discipline="SL",
        gender="W",
        category="FIS",
        season="2027",
        date=event.start_date,
    )
    services.link_race(alice_admin, poma, race, "timing")
    services.link_race(alice_admin, hidden, race, "sponsorship")  # unpublished: not named
    course = make_course(make_programme("partner-course"), dt.date(2027, 2, 1))
    services.link_course(alice_admin, dianeige, course)
    project = Project.objects.create(name="Kok Zhailau", published=True)
    services.link_project(alice_admin, dianeige, project)
    race_page = client.get(f"/en/races/{race.pk}/").content.decode()
    assert 'id="partners-involved"' in race_page and "POMA" in race_page and "Timing" in race_page
    assert "Hidden Snow" not in race_page
    assert "Dianeige" in client.get(f"/en/education/courses/{course.pk}/").content.decode()
    assert "Dianeige" in client.get(f"/en/sites/projects/{project.pk}/").content.decode()
    partner_page = client.get("/en/partners/dianeige/").content.decode()
    assert "Kok Zhailau" in partner_page and "Partner Course" in partner_page
    assert "Cup" in client.get("/en/partners/poma/").content.decode()


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_partner_page_as_every_role(
    role: str | None, request: pytest.FixtureRequest, client: Client, dianeige: Partner, hidden: Partner
) -> None:
    """The walk of every URL fills slugs with "x"; here each partner page gets a real one: never a 5xx."""
    if role is not None:
        login(client, request.getfixturevalue(role))
    revision = services.propose_revision(
        request.getfixturevalue("pierre_partner"), dianeige, {**services.profile_of(dianeige), "town": "X"}
    )
    urls = [
        "/en/partners/",
        "/kk/partners/?trade=resort_design&country=FR&kind=company&q=dia",
        "/ru/partners/?trade=nonsense",
        "/fr/partners/?page=999",
        f"/en/partners/{dianeige.slug}/",
        f"/kk/partners/{dianeige.slug}/edit/",
        f"/en/partners/{hidden.slug}/",
        f"/en/partners/{hidden.slug}/edit/",
        "/en/partners/mine/",
        "/en/partners/review/",
        "/api/v1/partners?trade=resort_design",
        f"/api/v1/partners/{dianeige.slug}",
    ]
    got = {url: client.get(url).status_code for url in urls}
    assert {url: status for url, status in got.items() if status not in SENSIBLE} == {}
    assert client.post(f"/en/partners/review/{revision.pk}/", {"action": "approve"}).status_code in {302, 403}
    revision.refresh_from_db()
    assert (revision.status == "approved") == (role == "alice_admin")  # only the federation publishes


def test_share_metadata(client: Client, dianeige: Partner) -> None:
    html = client.get(f"/en/partners/{dianeige.slug}/").content.decode()
    assert '<meta property="og:title" content="Dianeige">' in html
    assert '<meta property="og:description" content="Ski-area planning office.">' in html
