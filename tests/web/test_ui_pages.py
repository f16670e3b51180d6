"""What people see around the pages: the nav for each role, error pages in the site's layout, labels
that read naturally in each language (a person's gender, "all" in the filters, months in Kazakh dates)."""

import pytest
from django.test import Client

from alatau.core.models import User
from alatau.registry.models import Person
from tests.web.conftest import login


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("carol_manager", ["/en/imports/"], ["/en/imports/export/", "/en/admin/"]),
        ("sam_staff", ["/en/imports/export/", "/en/registry/people/"], ['/en/imports/"', "/en/admin/"]),
        ("paul_public", ["/en/figures/"], ["/en/imports/", "/en/registry/people/", '/en/licences/"']),
    ],
)
def test_the_nav_offers_only_what_the_role_may_open(
    persona: str,
    shown: list[str],
    hidden: list[str],
    request: pytest.FixtureRequest,
    client: Client,
    db: None,  # asked by name: the autouse fixture re-seeds the regions a browser test flushed
) -> None:
    login(client, request.getfixturevalue(persona))
    nav = client.get("/en/").content.decode().split('class="nav"')[1].split("</nav>")[0]
    assert all(f'href="{url}' in nav for url in shown)
    assert not any(f'href="{url}' in nav for url in hidden)


def test_error_pages_keep_the_layout_and_the_language(client: Client, paul_public: User) -> None:
    missing = client.get("/ru/licences/verify/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404 and "Страница не найдена" in missing.content.decode()
    login(client, paul_public)
    denied = client.get("/kk/registry/people/")
    page = denied.content.decode()
    assert denied.status_code == 403 and "Кіруге рұқсат жоқ" in page and 'class="topbar"' in page


def test_a_person_reads_male_or_female(client: Client, sam_staff: User, athlete: Person) -> None:
    login(client, sam_staff)
    assert "<dd>Мужской</dd>" in client.get(f"/ru/registry/people/{athlete.pk}/").content.decode()
    assert ">Masculin</td>" in client.get("/fr/registry/people/").content.decode()


def test_filters_say_all_instead_of_dashes(client: Client, sam_staff: User) -> None:
    login(client, sam_staff)
    page = client.get("/fr/licences/").content.decode()
    assert "Toutes les saisons" in page and "Tous les clubs" in page and "---------" not in page


def test_kazakh_dates_write_the_month_in_lower_case(client: Client, sam_staff: User, athlete: Person) -> None:
    login(client, sam_staff)
    assert "2006 ж. 14 наурыз" in client.get(f"/kk/registry/people/{athlete.pk}/").content.decode()


def test_a_season_without_licences_says_so(client: Client, db: None) -> None:
    page = client.get("/en/figures/?season=2010").content.decode()
    assert 'id="no-licences"' in page and "No licences in 2010/11 or 2009/10" in page
    assert '<option value="2010" selected>2010/11</option>' in page
