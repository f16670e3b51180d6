"""In Chromium: a visitor reads an article in French, answers the word captcha and sees that the comment
awaits moderation; an editor approves it in the moderation queue; the comment then shows on the article."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from alatau.core.models import User
from alatau.news.captcha import parse_answer
from alatau.news.models import Article
from alatau.news.services import TranslationData, save_article, set_status
from tests.web.conftest import PASSWORD, erin_editor  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def solve(question: str) -> int:
    words = question.strip().removesuffix("=").strip()
    sign = next(sign for sign in ("+", "−", "×") if f" {sign} " in words)
    left, right = (parse_answer(part) for part in words.split(f" {sign} "))
    assert left is not None and right is not None
    return {"+": left + right, "−": left - right, "×": left * right}[sign]


def test_visitor_comments_editor_approves(page: Any, erin_editor: User) -> None:  # noqa: F811
    article = save_article(
        erin_editor,
        {
            "en": TranslationData("Partnership signed", "Cluster Montagne and the federation."),
            "fr": TranslationData("Partenariat signé", "Cluster Montagne et la fédération."),
        },
        slug="partenariat",
    )
    set_status(article, Article.Status.PUBLISHED, erin_editor)
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(hours=1))

    page.goto("/fr/news/partenariat/")
    assert page.inner_text("h1") == "Partenariat signé"
    page.fill("input[name=name]", "Anne")
    page.fill("input[name=email]", "anne@example.fr")
    page.fill("textarea[name=body]", "Bravo pour ce partenariat !")
    question = page.inner_text("[data-captcha-question]")
    page.fill("input[name=captcha_answer]", str(solve(question)))
    page.wait_for_timeout(3200)  # a human takes more than 3 seconds
    page.click("form.comment-form button[type=submit]")
    page.wait_for_selector("text=en attente de modération")
    assert "Bravo pour ce partenariat" not in page.inner_text("#comments")

    page.goto("/en/accounts/login/")
    page.fill("input[name=username]", erin_editor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector(f"text={erin_editor.username}")
    page.goto("/en/news/moderation/")
    assert "Bravo pour ce partenariat" in page.inner_text("main")
    page.click("button[value=approve]")
    page.wait_for_selector("text=Comment moderated.")

    page.goto("/fr/news/partenariat/")
    assert "Bravo pour ce partenariat" in page.inner_text("#comments")
