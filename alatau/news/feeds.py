"""The Atom feed of the news, one per language (the URL's language prefix)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alatau.news.models import Article
from alatau.news.services import published_articles


class LatestNewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Kazakh Ski Federation — news")

    def link(self) -> str:
        return reverse("news:list")

    def subtitle(self) -> str:
        return _("The latest news of the Kazakh Ski Federation")

    def items(self) -> list[Article]:
        return list(published_articles()[:20])

    def item_title(self, item: Article) -> str:
        translation = item.translation(get_language())
        return translation.title if translation else item.slug

    def item_description(self, item: Article) -> str:
        translation = item.translation(get_language())
        return translation.lead if translation else ""

    def item_link(self, item: Article) -> str:
        return reverse("news:article", args=[item.slug])

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> dt.datetime | None:
        return item.updated_at
