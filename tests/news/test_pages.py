"""News pages: the article's comment form (the relied-on interface), moderation, feeds, sitemap, API."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from alatau.core.models import User
from alatau.news import services
from alatau.news.captcha import parse_answer
from alatau.news.models import Article, CaptchaChallenge, Comment
from tests.news.conftest import age_challenges
from tests.web.conftest import login

URL = "/fr/news/{slug}/"


def form_fields(html: str) -> dict[str, str]:
    token = re.search(r'name="captcha_token" value="([^"]+)"', html)
    question = re.search(r"data-captcha-question>([^<]+)<", html)
    assert token and question
    return {"token": token.group(1), "question": question.group(1)}


def solve(question: str) -> int:
    words = question.removesuffix(" =")
    sign = next(sign for sign in ("+", "−", "×") if f" {sign} " in words)
    left, right = (parse_answer(part) for part in words.split(f" {sign} "))
    assert left is not None and right is not None
    return {"+": left + right, "−": left - right, "×": left * right}[sign]


def post(client: Client, article: Article, answer: str | None = None, **extra: str) -> tuple:
    page = client.get(URL.format(slug=article.slug)).content.decode()
    fields = form_fields(page)
    age_challenges()
    data = {
        "name": "Anne",
        "email": "anne@example.fr",
        "body": "Bravo pour ce partenariat !",
        "captcha_token": fields["token"],
        "captcha_answer": answer if answer is not None else str(solve(fields["question"])),
        **extra,
    }
    return client.post(URL.format(slug=article.slug), data, follow=True), fields


def test_form_interface(client: Client, article: Article) -> None:
    html = client.get(URL.format(slug=article.slug)).content.decode()
    for name in ("name", "email", "body", "captcha_answer", "captcha_token", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in html
    assert 'type="hidden" name="captcha_token"' in html
    question = form_fields(html)["question"]
    assert re.fullmatch(r"[a-zéèà\- ]+ [+−×] [a-zéèà\- ]+ =", question)
    assert 'property="og:title" content="Partenariat signé"' in html


def test_comment_waits_then_shows_after_approval(client: Client, article: Article, erin_editor: User) -> None:
    response, _ = post(client, article)
    text = response.content.decode()
    assert response.redirect_chain and "attente de modération" in text
    assert "Bravo pour ce partenariat" not in text
    comment = Comment.objects.get()
    editor = login(Client(), erin_editor)
    assert "Bravo pour ce partenariat" in editor.get("/en/news/moderation/").content.decode()
    editor.post(f"/en/news/moderation/{comment.pk}/", {"action": "approve"})
    assert "Bravo pour ce partenariat" in client.get(URL.format(slug=article.slug)).content.decode()


def test_wrong_answer_shows_the_form_again(client: Client, article: Article) -> None:
    response, fields = post(client, article, answer="999")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bravo pour ce partenariat" in html  # the text is kept
    assert form_fields(html)["token"] != fields["token"]  # a fresh question
    assert 'role="alert"' in html
    assert not Comment.objects.exists()
    assert not CaptchaChallenge.objects.filter(token=fields["token"]).exists()


def test_replayed_token_refused(client: Client, article: Article) -> None:
    _response, fields = post(client, article)
    assert Comment.objects.count() == 1
    data = {
        "name": "Bot",
        "email": "bot@example.com",
        "body": "spam spam",
        "captcha_token": fields["token"],
        "captcha_answer": str(solve(fields["question"])),
    }
    replay = client.post(URL.format(slug=article.slug), data)
    assert replay.status_code == 400 and Comment.objects.count() == 1


def test_rate_limit_answers_429(client: Client, article: Article) -> None:
    for _ in range(20):
        post(client, article, answer="999")
    response, _ = post(client, article)
    assert response.status_code == 429
    assert "Bravo pour ce partenariat" in response.content.decode()


def test_script_never_reaches_a_page(client: Client, article: Article, erin_editor: User) -> None:
    services.save_article(
        erin_editor,
        {"en": services.TranslationData("X", "lead", "<script>alert(1)</script> [a](javascript:alert(2))")},
        article=article,
        slug=article.slug,
    )
    post(client, article, body="<script>alert(3)</script>")
    services.moderate(Comment.objects.get(), "approve", erin_editor)
    html = client.get(f"/en/news/{article.slug}/").content.decode()
    assert "<script>alert" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)" in html and "&lt;script&gt;alert(3)" in html


def test_missing_language_falls_back(client: Client, article: Article) -> None:
    html = client.get(f"/kk/news/{article.slug}/").content.decode()
    assert "Partnership signed" in html and 'lang="en"' in html


def test_list_search_tag_archive(client: Client, article: Article, erin_editor: User) -> None:
    assert "Partenariat signé" in client.get("/fr/news/").content.decode()
    assert "Partnership signed" in client.get("/en/news/?q=partnership").content.decode()
    assert "Partnership signed" not in client.get("/en/news/?q=avalanche").content.decode()
    assert "Partnership signed" in client.get("/en/news/tag/cluster/").content.decode()
    services.set_status(article, Article.Status.ARCHIVED, erin_editor)
    assert "Partnership signed" not in client.get("/en/news/").content.decode()
    assert "Partnership signed" in client.get("/en/news/archive/").content.decode()


def test_draft_hidden_from_public(client: Client, erin_editor: User) -> None:
    draft = services.save_article(erin_editor, {"en": services.TranslationData("Secret plan")})
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert login(client, erin_editor).get(f"/en/news/{draft.slug}/").status_code == 200


@pytest.mark.parametrize("lang", ["kk", "ru", "en", "fr"])
def test_feed_is_valid_atom(client: Client, article: Article, lang: str) -> None:
    response = client.get(f"/{lang}/news/feed/")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert ("Partenariat signé" if lang == "fr" else "Partnership signed") in titles


def test_sitemap_lists_every_language(client: Client, article: Article) -> None:
    root = ET.fromstring(client.get("/en/news/sitemap.xml").content)
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == 4 and any("/fr/news/" in loc for loc in locs)


def test_api_lists_published(client: Client, article: Article, erin_editor: User) -> None:
    services.save_article(erin_editor, {"en": services.TranslationData("Draft only")})
    body = client.get("/api/v1/news?lang=fr").json()
    assert [(a["slug"], a["title"]) for a in body] == [(article.slug, "Partenariat signé")]
    assert "published" in body[0]


def test_moderation_only_for_editors(client: Client, paul_public: User, article: Article) -> None:
    assert login(client, paul_public).get("/en/news/moderation/").status_code == 403
    assert client.get("/en/news/editor/new/").status_code == 403


def test_editor_writes_and_publishes(client: Client, erin_editor: User) -> None:
    login(client, erin_editor)
    response = client.post(
        "/en/news/editor/new/",
        {"slug": "new-piste", "tags": "resorts", "comments_open": "on", "title_en": "New piste"},
    )
    article = Article.objects.get(slug="new-piste")
    assert response.status_code == 302 and article.status == Article.Status.DRAFT
    client.post(f"/en/news/editor/{article.pk}/status/", {"status": "published"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_public()


@pytest.mark.django_db
def test_tags_of_several_words_or_any_script_have_their_page(client: Client, article: Article) -> None:
    """The demo's partnership article is tagged "cluster montagne": its page, the list and the tag page."""
    article.tags = "cluster montagne, жарыс, 2025/26"
    article.save()
    assert article.tag_list == ["cluster montagne", "жарыс", "2025-26"]
    assert client.get(URL.format(slug=article.slug)).status_code == 200
    assert client.get("/fr/news/").status_code == 200
    for tag in article.tag_list:
        page = client.get(f"/fr/news/tag/{tag}/")
        assert page.status_code == 200 and article.slug in page.content.decode()
