"""The every-URL test's news objects: a published article with a pending comment."""

from django.utils import timezone

from alatau.news.models import Article, ArticleTranslation, Comment


def extend(world: dict) -> None:
    article = Article.objects.create(
        slug="world-news", status=Article.Status.PUBLISHED, publish_at=timezone.now(), tags="world"
    )
    ArticleTranslation.objects.create(article=article, lang="en", title="World news", body="**Hello**")
    comment = Comment.objects.create(article=article, name="Ann", email="ann@example.com", body="Hi")
    world["article"] = article
    world["comment"] = comment
