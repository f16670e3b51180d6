"""An article published yesterday, in English and French, and helpers to answer its captcha."""

import datetime as dt

import pytest
from django.utils import timezone

from alatau.core.models import User
from alatau.news.models import Article, CaptchaChallenge
from alatau.news.services import TranslationData, save_article, set_status
from tests.web.conftest import (  # noqa: F401
    alice_admin,
    erin_editor,
    paul_public,
    pierre_partner,
)


@pytest.fixture
def article(erin_editor: User) -> Article:  # noqa: F811
    made = save_article(
        erin_editor,
        {
            "en": TranslationData("Partnership signed", "The cluster and the federation.", "Body **bold**."),
            "fr": TranslationData("Partenariat signé", "Le cluster et la fédération.", "Corps."),
        },
        tags="partners, cluster",
    )
    set_status(made, Article.Status.PUBLISHED, erin_editor)
    made.publish_at = timezone.now() - dt.timedelta(days=1)
    made.save()
    return made


def age_challenges(seconds: int = 5) -> None:
    """Pretend every served question was served ``seconds`` ago (past the 3-second rule)."""
    CaptchaChallenge.objects.update(served_at=timezone.now() - dt.timedelta(seconds=seconds))
