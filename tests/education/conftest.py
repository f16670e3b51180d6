"""The web personas (users per role, clubs, people) and the education objects the tests share."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from alatau.core.models import User
from alatau.education.models import Course, Programme
from alatau.registry.models import Person
from tests.education.factories import make_course, make_person, make_programme
from tests.web.conftest import *  # noqa: F403  (the personas: alice_admin, edith_educator, …)


@pytest.fixture
def programme(db: None) -> Programme:
    return make_programme("coach-1", validity_years=4)


@pytest.fixture
def course(programme: Programme, edith_educator: User) -> Course:
    return make_course(programme, dt.date(2026, 3, 2), capacity=2)


@pytest.fixture
def candidate(db: None) -> Person:
    return make_person("Candidate", "Cara", dt.date(1990, 5, 1), email="cara@alatau.test")


@pytest.fixture(autouse=True)
def education_key(settings: Any, tmp_path: Path) -> Path:
    """Each test signs with its own freshly generated federation key, never the developer's."""
    settings.EDUCATION_SIGNING_KEY_FILE = str(tmp_path / "keys" / "education-ed25519.pem")
    return Path(settings.EDUCATION_SIGNING_KEY_FILE)


@pytest.fixture(autouse=True)
def pdf_signing_cert(settings: Any, tmp_path: Path) -> tuple[Path, Path]:
    """And its own self-signed PDF signing certificate."""
    settings.EDUCATION_PDF_CERT_FILE = str(tmp_path / "keys" / "pdf-cert.pem")
    settings.EDUCATION_PDF_KEY_FILE = str(tmp_path / "keys" / "pdf-key.pem")
    return Path(settings.EDUCATION_PDF_CERT_FILE), Path(settings.EDUCATION_PDF_KEY_FILE)
