"""Template filters of the news: an article in the page's language, safe Markdown, a comment's text."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from alatau.news import markup
from alatau.news.models import Article, ArticleTranslation

register = template.Library()


@register.filter
def translated(article: Article) -> ArticleTranslation | None:
    return article.translation(get_language())


@register.filter
def markdown(text: str) -> SafeString:
    return markup.render_markdown(text or "")


@register.filter
def plain(text: str) -> SafeString:
    return markup.plain_text(text or "")
