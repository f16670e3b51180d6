"""The demo data set: what it loads, that it loads once, and the command's output."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from alatau.core.models import AuditEntry, Role, User
from alatau.demo import DEMO_PASSWORD, load_demo
from alatau.errors import AlatauError
from alatau.licences.models import Licence
from alatau.registry.models import Club, Membership, Person

TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def loaded(db: None, shared: object) -> object:
    shared("reference/fis/FIS-points-list-AL-2022-331.csv")  # type: ignore[operator]
    return load_demo(today=TODAY)


def test_demo_loads_clubs_people_licences_and_a_user_per_role(loaded: object) -> None:
    assert Club.objects.count() == 12 and Club.objects.values("region").distinct().count() >= 5
    assert Person.objects.count() == 300
    assert Membership.objects.filter(end_date__isnull=True).count() == 300
    assert set(Licence.objects.values_list("season", flat=True)) == {2023, 2024, 2025}
    assert {"active", "expired", "requested", "refused"} <= set(
        Licence.objects.values_list("status", flat=True)
    )
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD) and admin.is_staff
    assert User.objects.get(username="manager").managed_clubs.filter(name="Shymbulak Ski Club").exists()


def test_real_kazakh_athletes_come_from_the_fis_list(loaded: object) -> None:
    assert Person.objects.filter(fis_code__startswith="67").count() == 36
    assert Person.objects.filter(last_name="Grigorova", first_name="Mariya", fis_code="675035").exists()
    generated = Person.objects.filter(fis_code__isnull=True).first()
    assert generated is not None and generated.last_name_cyrillic and generated.last_name.isascii()


def test_licences_are_numbered_within_their_season_and_audited(loaded: object) -> None:
    issued = Licence.objects.exclude(number="")
    assert issued.filter(season=2025, number="KZ25-00001").count() == 1
    assert not Licence.objects.filter(status__in=["requested", "refused"]).exclude(number="").exists()
    licence = issued.filter(status="active").first()
    assert licence is not None
    assert list(licence.audit_entries().values_list("action", flat=True).order_by("id")) == [
        "requested",
        "approved",
        "active",
    ]
    people = ContentType.objects.get_for_model(Person)
    assert AuditEntry.objects.filter(action="created", content_type=people).count() == 300


class _Undo(Exception):
    """Raised to roll a demo load back, so that the next load starts from the same empty database."""


def _load_and_read_back() -> list[tuple[str, dt.date]]:
    try:
        with transaction.atomic():
            load_demo(today=TODAY)
            people = list(Person.objects.order_by("pk").values_list("last_name", "birth_date")[:50])
            assert load_demo(once=True, today=TODAY).skipped
            with pytest.raises(AlatauError, match="already loaded"):
                load_demo(today=TODAY)
            raise _Undo
    except _Undo:
        return people


def test_demo_is_deterministic_and_loads_once(db: None, shared: object) -> None:
    shared("reference/fis/FIS-points-list-AL-2022-331.csv")  # type: ignore[operator]
    first = _load_and_read_back()
    assert not Person.objects.exists()
    assert _load_and_read_back() == first


def test_without_the_fis_list_people_are_generated(db: None, tmp_path: Path) -> None:
    result = load_demo(today=TODAY, shared_dir=tmp_path)
    assert result.real_athletes == 0 and Person.objects.count() == 300


def test_demo_command_prints_the_logins(db: None, tmp_path: Path) -> None:
    from alatau.cli import main

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.web.settings")
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--once"])
    assert result.exit_code == 0, result.output
    assert "admin" in result.output and DEMO_PASSWORD in result.output and "Club manager" in result.output
    again = runner.invoke(main, ["demo", "--once"])
    assert "already loaded" in again.output


@pytest.mark.slow
def test_demo_command_on_an_unmigrated_database_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ALATAU_VAR_DIR": str(tmp_path),
        "ALATAU_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from alatau.cli import main; main()", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "alatau manage migrate" in done.stderr and "Traceback" not in done.stderr


def test_adults_who_consented_are_published_and_minors_never(loaded: object) -> None:
    from alatau.registry.privacy import is_minor, published_people

    consented = Person.objects.filter(publication_consent__isnull=False)
    assert consented.exists() and consented.count() < Person.objects.count()
    assert not any(is_minor(p.birth_date, TODAY) for p in consented)
    assert published_people(TODAY).exists()
