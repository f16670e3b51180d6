"""Named test personas (after healthchecks' hc/test.py): one user per role, a club in Almaty and its members.

Use them as fixtures: ``def test_x(alice_admin, carol_manager, club_shymbulak): ...``.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import translation

from alatau.core.models import Role, User
from alatau.registry.models import Club, Discipline, Membership, Person, Region

PASSWORD = "correct-horse-battery"


def seed_reference_data() -> None:
    """Put back the regions and disciplines a data migration seeds, when a transactional test removed them.

    Browser tests run against a live server, so their data is committed and flushed afterwards;
    the flush takes the seeded rows with it (serialized_rollback does not survive Playwright's
    event loop), which would break every test after them in the same process.
    """
    if not Region.objects.exists():
        seed = importlib.import_module("alatau.registry.migrations.0002_regions_and_disciplines").seed
        seed(django_apps, None)


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """Reference data before every database test (see :func:`seed_reference_data`)."""
    uses_db = request.node.get_closest_marker("django_db") is not None
    if not uses_db and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    with request.getfixturevalue("django_db_blocker").unblock():
        seed_reference_data()


@pytest.fixture(autouse=True)
def english() -> None:
    """Each test starts in English: a request to /kk/ leaves Kazakh active in the thread for reverse()."""
    translation.activate("en")


def make_user(username: str, role: str, **extra: object) -> User:
    user = User(username=username, email=f"{username}@alatau.test", role=role, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def alice_admin(db: None) -> User:
    """A federation administrator."""
    return make_user("alice", Role.FEDERATION_ADMIN, is_staff=True)


@pytest.fixture
def carol_manager(db: None, club_shymbulak: Club) -> User:
    """The manager of the Shymbulak club (and of no other club)."""
    user = make_user("carol", Role.CLUB_MANAGER)
    club_shymbulak.managers.add(user)
    return user


@pytest.fixture
def oscar_organiser(db: None) -> User:
    return make_user("oscar", Role.ORGANISER)


@pytest.fixture
def edith_educator(db: None) -> User:
    return make_user("edith", Role.COACH_EDUCATOR)


@pytest.fixture
def sam_staff(db: None) -> User:
    """Read-only federation staff."""
    return make_user("sam", Role.STAFF)


@pytest.fixture
def paul_public(db: None) -> User:
    """A registered member of the public with no federation role."""
    return make_user("paul", Role.PUBLIC)


@pytest.fixture
def tina_timekeeper(db: None) -> User:
    """A timekeeper: enters and imports times, nothing else."""
    return make_user("tina", Role.TIMEKEEPER)


@pytest.fixture
def rita_referee(db: None) -> User:
    """A referee: statuses and disqualifications."""
    return make_user("rita", Role.REFEREE)


@pytest.fixture
def ted_delegate(db: None) -> User:
    """A FIS technical delegate: signs results off and reopens them."""
    return make_user("ted", Role.TECHNICAL_DELEGATE)


@pytest.fixture
def sue_speaker(db: None) -> User:
    return make_user("sue", Role.SPEAKER)


@pytest.fixture
def tom_trainer(db: None) -> User:
    """A trainer and examiner on education courses."""
    return make_user("tom", Role.TRAINER)


@pytest.fixture
def erin_editor(db: None) -> User:
    """The news editor and comment moderator."""
    return make_user("erin", Role.EDITOR)


@pytest.fixture
def pierre_partner(db: None) -> User:
    """The staff of a partner company."""
    return make_user("pierre", Role.PARTNER)


@pytest.fixture
def pia_planner(db: None) -> User:
    """A resort planner."""
    return make_user("pia", Role.PLANNER)


@pytest.fixture
def almaty_region(db: None) -> Region:
    seed_reference_data()  # also when a test asks for its personas by name, after a browser test
    return Region.objects.get(code="almaty-city")


@pytest.fixture
def club_shymbulak(db: None, almaty_region: Region) -> Club:
    club = Club.objects.create(
        name="Shymbulak Ski Club", short_name="SHYM", region=almaty_region, town="Almaty"
    )
    club.disciplines.add(Discipline.objects.get(code="alpine"))
    return club


@pytest.fixture
def club_ridder(db: None) -> Club:
    """A club in another region, that Carol does not manage."""
    seed_reference_data()
    region = Region.objects.get(code="east-kazakhstan")
    return Club.objects.create(name="Ridder Alpine", region=region, town="Ridder")


@pytest.fixture
def ridder_member(db: None, club_ridder: Club) -> Person:
    """Olga Other, a member of the Ridder club only: not one of Carol's members."""
    person = Person.objects.create(
        last_name="Other", first_name="Olga", birth_date=dt.date(1999, 1, 1), gender="W"
    )
    Membership.objects.create(person=person, club=club_ridder, start_date=dt.date(2020, 1, 1))
    return person


@pytest.fixture
def athlete(db: None, club_shymbulak: Club) -> Person:
    """A Shymbulak club athlete."""
    person = Person.objects.create(
        last_name="Zhakupov",
        first_name="Aidar",
        last_name_cyrillic="Жакупов",
        first_name_cyrillic="Айдар",
        birth_date=dt.date(2006, 3, 14),
        gender="M",
        fis_code="6190123",
    )
    Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2020, 7, 1))
    return person


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
