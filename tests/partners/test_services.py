"""Partner services: the directory and "who can do X", proposals and their review, links, the audit log."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry, User
from alatau.partners import services
from alatau.partners.errors import AlreadyDecided, NothingChanged, NotStaff
from alatau.partners.models import Partner, RaceSupport, Revision
from tests.partners.conftest import jpeg_with_gps
from tests.web.conftest import make_user


def names(partners: object) -> list[str]:
    return [p.name for p in partners]  # type: ignore[attr-defined]


def test_directory_filters_by_trade_country_and_kind(
    dianeige: Partner, poma: Partner, shymbulak: Partner, hidden: Partner
) -> None:
    assert names(services.directory()) == ["Dianeige", "POMA", "Shymbulak Resort"]  # unpublished left out
    assert names(services.who_can("lifts")) == ["POMA", "Shymbulak Resort"]
    assert names(services.who_can("lifts", "KZ")) == ["Shymbulak Resort"]
    assert names(services.who_can("snowmaking")) == []
    assert names(services.directory(services.DirectoryFilter(kind="resort"))) == ["Shymbulak Resort"]
    assert names(services.directory(services.DirectoryFilter(words="vorep"))) == ["POMA"]


@pytest.mark.parametrize(("trade", "country"), [("teleportation", ""), ("lifts", "XX"), ("", "FR")])
def test_who_can_refuses_unknown_codes(db: None, trade: str, country: str) -> None:
    with pytest.raises(InvalidData):
        services.who_can(trade, country)


def test_only_the_federation_creates_and_links(
    dianeige: Partner, pierre_partner: User, erin_editor: User
) -> None:
    for user in (pierre_partner, erin_editor):
        with pytest.raises(NotAllowed):
            services.create_partner(user, "X", "company", "FR")
        with pytest.raises(NotAllowed):
            services.set_published(user, dianeige, False)


def test_create_refuses_bad_values(alice_admin: User, dianeige: Partner) -> None:
    with pytest.raises(InvalidData):
        services.create_partner(alice_admin, "Dianeige", "company", "FR")  # the address is taken
    with pytest.raises(InvalidData):
        services.create_partner(alice_admin, "New", "spaceport", "FR")
    with pytest.raises(InvalidData):
        services.create_partner(alice_admin, "New", "company", "FR", website="javascript:alert(1)")
    assert Partner.objects.count() == 1


def proposal(partner: Partner, **changes: object) -> dict:
    return {**services.profile_of(partner), **changes}


def test_staff_propose_and_the_federation_approves(
    dianeige: Partner, pierre_partner: User, alice_admin: User, mailoutbox: list
) -> None:
    revision = services.propose_revision(
        pierre_partner,
        dianeige,
        proposal(dianeige, description_ru="Бюро.", trades=["resort_design", "training"]),
    )
    dianeige.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert dianeige.description_ru == "" and dianeige.trade_codes == ["resort_design"]  # not published yet
    assert [m.to for m in mailoutbox] == [[alice_admin.email]]
    services.approve_revision(alice_admin, revision)
    dianeige.refresh_from_db()
    assert dianeige.description_ru == "Бюро." and dianeige.trade_codes == ["resort_design", "training"]
    entry = dianeige.audit_entries().first()
    assert entry is not None and entry.action == "revision:approved" and entry.actor == alice_admin
    assert entry.changes["description_ru"] == ["", "Бюро."]
    with pytest.raises(AlreadyDecided):
        services.approve_revision(alice_admin, revision)
    assert isinstance(AlreadyDecided("x"), Conflict)


def test_a_new_proposal_replaces_the_pending_one(dianeige: Partner, pierre_partner: User) -> None:
    first = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Chambéry"))
    second = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Grenoble"))
    assert first.pk == second.pk and Revision.objects.count() == 1
    assert second.data["town"] == "Grenoble"


def test_rejection_needs_a_reason_and_publishes_nothing(
    dianeige: Partner, pierre_partner: User, alice_admin: User
) -> None:
    revision = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Nowhere"))
    with pytest.raises(InvalidData):
        services.reject_revision(alice_admin, revision, "  ")
    services.reject_revision(alice_admin, revision, "Not your town.")
    dianeige.refresh_from_db()
    assert dianeige.town == "" and Revision.objects.get().status == Revision.Status.REJECTED


def test_partner_staff_edit_their_own_organisation_only(
    dianeige: Partner, poma: Partner, pierre_partner: User, paul_public: User
) -> None:
    with pytest.raises(NotStaff):
        services.propose_revision(pierre_partner, poma, proposal(poma, town="Lyon"))
    with pytest.raises(NotStaff):
        services.propose_revision(paul_public, dianeige, proposal(dianeige, town="Lyon"))
    other = make_user("olivier", "partner")
    with pytest.raises(NotStaff):
        services.propose_revision(other, dianeige, proposal(dianeige, town="Lyon"))
    revision = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Lyon"))
    with pytest.raises(NotAllowed):
        services.approve_revision(pierre_partner, revision)  # nor can they publish it themselves


def test_unchanged_or_invalid_proposals_refused(dianeige: Partner, pierre_partner: User) -> None:
    with pytest.raises(NothingChanged):
        services.propose_revision(pierre_partner, dianeige, proposal(dianeige))
    for bad in ({"trades": ["teleportation"]}, {"website": "ftp://x"}, {"contact_email": "not-mail"}):
        with pytest.raises(InvalidData):
            services.propose_revision(pierre_partner, dianeige, proposal(dianeige, **bad))
    with pytest.raises(InvalidData):
        services.propose_revision(pierre_partner, dianeige, proposal(dianeige, description_en="x" * 6001))
    assert not Revision.objects.exists()


def test_staff_must_have_the_partner_role(dianeige: Partner, alice_admin: User, erin_editor: User) -> None:
    with pytest.raises(InvalidData):
        services.add_staff(alice_admin, dianeige, erin_editor)
    erin_editor.partner_organisations.add(dianeige)  # even put there by hand, an editor is not staff
    assert not services.can_edit_profile(erin_editor, dianeige)


def test_logo_resized_and_stripped_of_metadata(
    dianeige: Partner, pierre_partner: User, alice_admin: User
) -> None:
    upload = SimpleUploadedFile("logo.jpg", jpeg_with_gps().getvalue(), content_type="image/jpeg")
    revision = services.propose_revision(pierre_partner, dianeige, services.profile_of(dianeige), upload)
    services.approve_revision(alice_admin, revision)
    dianeige.refresh_from_db()
    with Image.open(dianeige.logo.path) as logo:
        assert max(logo.size) <= 400 and logo.format == "PNG"
        assert not logo.getexif() and "exif" not in logo.info
        assert b"SpyCam" not in open(dianeige.logo.path, "rb").read()  # noqa: SIM115


def test_a_non_image_logo_refused(dianeige: Partner, pierre_partner: User) -> None:
    upload = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(InvalidData) as refused:
        services.propose_revision(pierre_partner, dianeige, services.profile_of(dianeige), upload)
    assert "logo" in refused.value.errors


def test_links_to_projects_courses_races_and_sites(dianeige: Partner, alice_admin: User) -> None:
    from alatau.competitions.models import Event, Race
    from alatau.sites.models import Project, Study

    project = Project.objects.create(name="Kok Zhailau", published=True)
    services.link_project(alice_admin, dianeige, project)
    event = Event.objects.create(
        name="Cup",
        place="Shymbulak",
        start_date=dt.date(2027, 1, 5),
        end_date=dt.date(2027, 1, 6),
        status="published",
    )
    race = Race.objects.create(
        event=event,
        codex="1234",
        discipline="GS",
        gender="M",
        category="FIS",
        season="2027",
        date=dt.date(2027, 1, 5),
    )
    services.link_race(alice_admin, dianeige, race, RaceSupport.Support.TIMING)
    services.link_race(alice_admin, dianeige, race, RaceSupport.Support.TIMING)  # twice: one row
    assert [s.kind for s in services.supported_races(dianeige)] == ["timing"]
    with pytest.raises(InvalidData):
        services.link_race(alice_admin, dianeige, race, "catering")
    study = Study.objects.create(name="S", west=76.9, south=43.0, east=77.0, north=43.1)
    study.result = {"features": [{"type": "Feature", "properties": {"kind": "site", "site_id": 3}}]}
    study.save()
    services.link_site(alice_admin, dianeige, study, 3, "survey")
    with pytest.raises(InvalidData):
        services.link_site(alice_admin, dianeige, study, 4)
    assert list(dianeige.projects.all()) == [project] and dianeige.site_links.count() == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"linked:project", "linked:race:timing", "linked:site"} <= actions


def test_the_author_learns_the_decision(
    dianeige: Partner, pierre_partner: User, alice_admin: User, mailoutbox: list
) -> None:
    first = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Annecy"))
    services.approve_revision(alice_admin, first)
    second = services.propose_revision(pierre_partner, dianeige, proposal(dianeige, town="Paris"))
    services.reject_revision(alice_admin, second, "Your office is in Annecy.")
    to_author = [m for m in mailoutbox if m.to == [pierre_partner.email]]
    assert ["published" in to_author[0].subject, "not accepted" in to_author[1].subject] == [True, True]
    assert "Your office is in Annecy." in to_author[1].body


def test_a_decompression_bomb_logo_refused(
    dianeige: Partner, pierre_partner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # a 100×100 picture is then 10 times too big
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, "PNG")
    upload = SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")
    with pytest.raises(InvalidData):
        services.propose_revision(pierre_partner, dianeige, services.profile_of(dianeige), upload)
