"""Two published partners and an unpublished one; Pierre is on Dianeige's staff."""

import io

import pytest
from PIL import Image

from alatau.core.models import User
from alatau.partners import services
from alatau.partners.models import Partner
from tests.web.conftest import (  # noqa: F401
    alice_admin,
    almaty_region,
    athlete,
    carol_manager,
    club_shymbulak,
    edith_educator,
    english,
    erin_editor,
    make_user,
    oscar_organiser,
    paul_public,
    pia_planner,
    pierre_partner,
    rita_referee,
    sam_staff,
    sue_speaker,
    ted_delegate,
    tina_timekeeper,
    tom_trainer,
)


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    """Uploaded logos go to a temporary folder, not to var/media."""
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


@pytest.fixture
def dianeige(alice_admin: User, pierre_partner: User) -> Partner:  # noqa: F811
    partner = services.create_partner(
        alice_admin,
        "Dianeige",
        "company",
        "FR",
        ["resort_design"],
        description_en="Ski-area **planning** office.",
        description_fr="Bureau d'études.",
    )
    services.set_published(alice_admin, partner, True)
    services.add_staff(alice_admin, partner, pierre_partner)
    return partner


@pytest.fixture
def poma(alice_admin: User) -> Partner:  # noqa: F811
    partner = services.create_partner(alice_admin, "POMA", "company", "FR", ["lifts"], town="Voreppe")
    return services.set_published(alice_admin, partner, True)


@pytest.fixture
def shymbulak(alice_admin: User) -> Partner:  # noqa: F811
    partner = services.create_partner(
        alice_admin, "Shymbulak Resort", "resort", "KZ", ["hospitality", "lifts"]
    )
    return services.set_published(alice_admin, partner, True)


@pytest.fixture
def hidden(alice_admin: User) -> Partner:  # noqa: F811
    return services.create_partner(alice_admin, "Hidden Snow", "company", "FR", ["snowmaking"])


def jpeg_with_gps(size: tuple[int, int] = (2000, 1200)) -> io.BytesIO:
    """A JPEG whose EXIF carries a GPS position and a camera make."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (43.0, 8.0, 0.0), 3: "E", 4: (76.0, 56.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    out.seek(0)
    out.name = "photo.jpg"
    return out
