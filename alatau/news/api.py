"""``GET /api/v1/news?lang=en``: the published articles, newest first."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from alatau.api.auth import read_auth
from alatau.api.errors import READ, responses
from alatau.news.services import published_articles

router = Router(tags=["news"], auth=read_auth)


class ArticleOut(Schema):
    slug: str
    title: str
    published: dt.datetime
    lang: str


@router.get("", response=responses(list[ArticleOut], READ), summary="Published news articles")
def list_news(request: HttpRequest, lang: str = "en") -> list[dict]:
    """Every published article with its title in ``lang`` (kk, ru, en, fr; another language where missing)."""
    found = []
    for article in published_articles():
        translation = article.translation(lang)
        if translation is not None and article.publish_at is not None:
            found.append(
                {
                    "slug": article.slug,
                    "title": translation.title,
                    "published": article.publish_at,
                    "lang": translation.lang,
                }
            )
    return found
