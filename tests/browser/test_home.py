"""In Chromium: the home page's blocks on a phone (one column, nothing wider than the screen) and on a
desktop (side by side), in Kazakh and French."""

from typing import Any

import pytest

from alatau.core.models import User
from alatau.news.models import Article, ArticleTranslation
from alatau.partners import services

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKS = ["#home-news", "#home-races", "#home-courses", "#home-figures", "#home-partners"]


@pytest.fixture
def content(alice_admin: User) -> None:
    from django.utils import timezone

    article = Article.objects.create(slug="snow", status="published", publish_at=timezone.now())
    ArticleTranslation.objects.create(article=article, lang="fr", title="Premières neiges sur le Medeu")
    partner = services.create_partner(alice_admin, "Cluster Montagne", "union", "FR", ["resort_design"])
    services.set_published(alice_admin, partner, True)


def lefts(page: Any) -> set[int]:
    return {round(page.locator(block).bounding_box()["x"]) for block in BLOCKS}


def test_home_on_a_phone_and_a_desktop(page: Any, content: None) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kk/")
    for block in BLOCKS:
        assert page.is_visible(block)
    assert len(lefts(page)) == 1  # one column
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/fr/")
    assert len(lefts(page)) >= 2  # blocks side by side
    assert "Premières neiges sur le Medeu" in page.inner_text("#home-news")
    assert "Cluster Montagne" in page.inner_text("#home-partners")
    assert "Chiffres clés de la pratique" in page.inner_text("#home-figures")
