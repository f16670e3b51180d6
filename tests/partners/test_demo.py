"""The partners' demo on its own: Cluster Montagne, its member categories and the other partners."""

import datetime as dt

from alatau.core.models import User
from alatau.partners import demo, services
from alatau.partners.models import Kind, Partner, Revision
from tests.web.conftest import make_user


def test_demo_seeds_the_cluster_and_its_member_categories(db: None) -> None:
    make_user("admin", "federation_admin")
    staff = make_user("partner", "partner")
    line = demo.load_demo(dt.date(2026, 12, 1))
    cluster = Partner.objects.get(slug=demo.CLUSTER)
    members = cluster.members.all()
    assert members.count() == len(demo.MEMBERS) and "Cluster Montagne" in line
    # the cluster's own categories: companies, institutions, education and research bodies
    assert {m.kind for m in members} >= {Kind.COMPANY, Kind.UNION, Kind.PUBLIC_BODY, Kind.SCHOOL}
    assert set(Partner.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert all(p.published and p.description_en and p.description_fr for p in Partner.objects.all())
    assert cluster.description_kk and cluster.description_ru
    assert [p.slug for p in services.who_can("lifts", "FR")] == ["mnd-group", "poma"]
    assert services.who_can("piste_machines") == []  # no grooming maker in the sources
    assert Revision.objects.get().author == staff and services.is_staff_of(
        staff, Partner.objects.get(slug="dianeige")
    )
    assert demo.load_demo(dt.date(2026, 12, 1)).startswith("partners:")  # twice: nothing added
    assert Partner.objects.count() == 1 + len(demo.MEMBERS) + len(demo.OTHERS)
    assert User.objects.count() == 2
