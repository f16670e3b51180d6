"""News workflows: writing and publishing articles, the captcha store, posting and moderating comments."""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.images import clean_image
from alatau.core.models import Role, User
from alatau.news import captcha
from alatau.news.errors import (
    AddressBanned,
    CaptchaFailed,
    CommentsClosed,
    DuplicateComment,
    HoneypotFilled,
    RateLimited,
    TooFast,
)
from alatau.news.models import (
    Article,
    ArticleTranslation,
    BannedAddress,
    CaptchaChallenge,
    Comment,
    KnownCommenter,
    RateEvent,
)
from alatau.news.permissions import is_editor

#: A challenge is valid this long after it was served.
CHALLENGE_LIFETIME = dt.timedelta(minutes=10)
#: A post sooner than this after the form was served is a bot's.
MIN_FILL_TIME = dt.timedelta(seconds=3)
COMMENTS_PER_MINUTE = 5
FAILURES_PER_HOUR = 20
#: Comments close by themselves this many days after publication.
COMMENTS_CLOSE_AFTER_DAYS = 60
COVER_SIZE = (1600, 900)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# Articles ---------------------------------------------------------------------------------------------


def published_articles(now: dt.datetime | None = None) -> QuerySet[Article]:
    """Articles the public sees in the news list (published, or scheduled and due), newest first."""
    live = [Article.Status.PUBLISHED, Article.Status.SCHEDULED]
    return (
        Article.objects.filter(status__in=live, publish_at__lte=_now(now))
        .prefetch_related("translations")
        .order_by("-publish_at", "-id")
    )


def archived_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.ARCHIVED).prefetch_related("translations")


def visible_articles(user: Any, now: dt.datetime | None = None) -> QuerySet[Article]:
    """What ``user`` may open: editors every article, others the published and archived ones."""
    if is_editor(user):
        return Article.objects.prefetch_related("translations")
    ids = published_articles(now).values("id")
    return Article.objects.filter(Q(id__in=ids) | Q(status=Article.Status.ARCHIVED)).prefetch_related(
        "translations"
    )


def search_articles(articles: QuerySet[Article], words: str) -> QuerySet[Article]:
    for word in words.split():
        articles = articles.filter(
            Q(translations__title__icontains=word)
            | Q(translations__lead__icontains=word)
            | Q(translations__body__icontains=word)
        )
    return articles.distinct()


def with_tag(articles: QuerySet[Article], tag: str) -> QuerySet[Article]:
    return [a for a in articles if tag.lower() in a.tag_list]  # type: ignore[return-value]


@dataclass
class TranslationData:
    title: str
    lead: str = ""
    body: str = ""


def save_article(
    user: Any,
    translations: dict[str, TranslationData],
    *,
    article: Article | None = None,
    slug: str = "",
    tags: str = "",
    comments_open: bool = True,
    cover: Any = None,
) -> Article:
    """Create or update an article and its translations (an empty title removes that language)."""
    if not is_editor(user):
        raise NotAllowed(_("Only editors write news."))
    kept = {lang: t for lang, t in translations.items() if t.title.strip()}
    if not kept:
        raise InvalidData({"title": [_("Give the article a title in at least one language.")]})
    with transaction.atomic():
        created = article is None
        article = article or Article(author=user if getattr(user, "pk", None) else None)
        article.slug = slugify(slug or next(iter(kept.values())).title)[:120] or secrets.token_hex(4)
        if Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
            raise InvalidData({"slug": [_("Another article already has this address.")]})
        article.tags, article.comments_open = tags, comments_open
        if created:
            article.original_language = next(iter(kept))
        if cover:
            article.cover.save(f"{article.slug}.jpg", process_cover(cover), save=False)
        article.save()
        article.translations.exclude(lang__in=kept).delete()
        for lang, data in kept.items():
            ArticleTranslation.objects.update_or_create(
                article=article,
                lang=lang,
                defaults={"title": data.title, "lead": data.lead, "body": data.body},
            )
        article.log_action("created" if created else "edited", user, {"languages": sorted(kept)})
    return article


def process_cover(upload: Any) -> ContentFile:
    """The uploaded image as a JPEG at most 1600×900, with its metadata (EXIF, GPS…) stripped."""
    return clean_image(upload, COVER_SIZE, field="cover")


_TRANSITIONS = {
    Article.Status.DRAFT: {Article.Status.SCHEDULED, Article.Status.PUBLISHED},
    Article.Status.SCHEDULED: {Article.Status.DRAFT, Article.Status.PUBLISHED},
    Article.Status.PUBLISHED: {Article.Status.ARCHIVED, Article.Status.DRAFT},
    Article.Status.ARCHIVED: {Article.Status.PUBLISHED},
}


def set_status(
    article: Article,
    status: str,
    user: Any,
    publish_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Article:
    """Move an article along draft → scheduled → published → archived."""
    if not is_editor(user):
        raise NotAllowed(_("Only editors publish news."))
    if status not in _TRANSITIONS[Article.Status(article.status)]:
        raise InvalidData({"status": [_("An article cannot move from this status to that one.")]})
    old = article.status
    if status == Article.Status.SCHEDULED:
        if publish_at is None or publish_at <= _now(now):
            raise InvalidData(
                {"publish_at": [_("A scheduled article needs a publication time in the future.")]}
            )
        article.publish_at = publish_at
    elif status == Article.Status.PUBLISHED and (
        article.publish_at is None or article.publish_at > _now(now)
    ):
        article.publish_at = _now(now)
    article.status = status
    article.save(update_fields=["status", "publish_at", "updated_at"])
    article.log_action(f"status:{status}", user, {"status": [old, status]})
    return article


# Captcha ----------------------------------------------------------------------------------------------


def issue_challenge(lang: str, now: dt.datetime | None = None) -> tuple[str, str]:
    """A fresh question in ``lang`` and its single-use token; the answer stays in the database."""
    question = captcha.draw_question()
    token = secrets.token_urlsafe(32)
    CaptchaChallenge.objects.create(
        token=token, answer=question.answer, created=_now(now), served_at=_now(now)
    )
    lang = lang if lang in captcha.LANGS else "en"
    return token, question.text(lang)


def check_challenge(token: str, answer: str, address: str, now: dt.datetime | None = None) -> None:
    """Check an answer; the challenge is deleted first, so a token is good for one try, right or wrong."""
    now = _now(now)
    challenge = CaptchaChallenge.objects.filter(token=token or "-").first()
    if challenge is None or CaptchaChallenge.objects.filter(pk=challenge.pk).delete()[0] == 0:
        _fail(address, now, _("This question has already been used or does not exist; answer the new one."))
    assert challenge is not None
    if now - challenge.served_at > CHALLENGE_LIFETIME:
        _fail(address, now, _("The question expired after 10 minutes; answer the new one."))
    if now - challenge.served_at < MIN_FILL_TIME:
        _fail(address, now, _("The form was sent too quickly; please answer the new question."), TooFast)
    if captcha.parse_answer(answer or "") != challenge.answer:
        _fail(address, now, _("That is not the right answer; try the new question."))


def _fail(address: str, now: dt.datetime, message: str, error: type[Exception] = CaptchaFailed) -> None:
    RateEvent.objects.create(address=address, kind=RateEvent.Kind.FAILURE, at=now)
    raise error(message)


def purge_challenges(now: dt.datetime | None = None) -> int:
    """Delete expired challenges and old rate events (the demo and the comment view call it)."""
    now = _now(now)
    gone = CaptchaChallenge.objects.filter(served_at__lt=now - CHALLENGE_LIFETIME).delete()[0]
    RateEvent.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return gone


def check_rate(address: str, now: dt.datetime | None = None) -> None:
    """429 when the address posted 5 comments in the last minute or failed 20 answers in the last hour."""
    now = _now(now)
    events = RateEvent.objects.filter(address=address)
    recent = events.filter(kind=RateEvent.Kind.COMMENT, at__gt=now - dt.timedelta(minutes=1)).count()
    failures = events.filter(kind=RateEvent.Kind.FAILURE, at__gt=now - dt.timedelta(hours=1)).count()
    if recent >= COMMENTS_PER_MINUTE or failures >= FAILURES_PER_HOUR:
        raise RateLimited(_("Too many attempts from your address; please wait a while."))


# Comments ---------------------------------------------------------------------------------------------


def comments_close_after_days() -> int:
    """N: comments close by themselves N days after publication (setting ALATAU_COMMENTS_CLOSE_AFTER_DAYS)."""
    return int(getattr(settings, "ALATAU_COMMENTS_CLOSE_AFTER_DAYS", COMMENTS_CLOSE_AFTER_DAYS))


def comments_open(article: Article, now: dt.datetime | None = None) -> bool:
    if not article.comments_open or not article.is_public(now) or article.status == Article.Status.ARCHIVED:
        return False
    closing = (article.publish_at or _now(now)) + dt.timedelta(days=comments_close_after_days())
    return _now(now) < closing


@dataclass
class CommentData:
    name: str
    email: str
    body: str
    token: str
    answer: str
    honeypot: str = ""
    lang: str = "en"


def post_comment(
    article: Article, data: CommentData, address: str, now: dt.datetime | None = None
) -> Comment:
    """Check everything (ban, rate, captcha, honeypot, closed, duplicate) and queue the comment."""
    now = _now(now)
    if BannedAddress.objects.filter(address=address).exists():
        raise AddressBanned(_("Comments from your address are not accepted."))
    check_rate(address, now)
    check_challenge(data.token, data.answer, address, now)
    if data.honeypot:
        _fail(address, now, _("Leave the last field empty."), HoneypotFilled)
    if not comments_open(article, now):
        raise CommentsClosed(_("Comments on this article are closed."))
    body = data.body.strip()
    if article.comments.filter(email__iexact=data.email, body=body).exists():
        raise DuplicateComment(_("You have already posted this comment."))
    known = KnownCommenter.objects.filter(email__iexact=data.email).exists()
    status = Comment.Status.APPROVED if known else Comment.Status.PENDING
    comment = Comment.objects.create(
        article=article,
        name=data.name.strip(),
        email=data.email.strip(),
        body=body,
        status=status,
        address=address or None,
        lang=data.lang,
        created_at=now,
    )
    RateEvent.objects.create(address=address, kind=RateEvent.Kind.COMMENT, at=now)
    comment.log_action("posted", None, {"status": status})
    _tell_editors(comment)
    return comment


def _tell_editors(comment: Comment) -> None:
    editors = User.objects.filter(role=Role.EDITOR, is_active=True).exclude(email="")
    recipients = list(editors.values_list("email", flat=True))
    if recipients:
        subject = _("New comment on %(slug)s") % {"slug": comment.article.slug}
        send_mail(subject, f"{comment.name}:\n\n{comment.body}", None, recipients, fail_silently=True)


MODERATION_ACTIONS = ("approve", "reject", "spam", "ban", "trust")


def moderate(comment: Comment, action: str, user: Any) -> Comment:
    """approve, reject, spam, ban (the address, and the comment as spam) or trust (approve, and let the
    commenter's next comments through)."""
    if not is_editor(user):
        raise NotAllowed(_("Only editors moderate comments."))
    if action not in MODERATION_ACTIONS:
        raise InvalidData({"action": [_("Unknown moderation action.")]})
    old = comment.status
    status = {
        "approve": Comment.Status.APPROVED,
        "trust": Comment.Status.APPROVED,
        "reject": Comment.Status.REJECTED,
        "spam": Comment.Status.SPAM,
        "ban": Comment.Status.SPAM,
    }[action]
    if action == "ban" and comment.address:
        BannedAddress.objects.get_or_create(address=comment.address)
    if action == "trust":
        KnownCommenter.objects.get_or_create(email=comment.email.lower())
    comment.status = status
    comment.save(update_fields=["status"])
    comment.log_action(f"moderated:{action}", user, {"status": [old, status]})
    return comment


def moderation_queue() -> QuerySet[Comment]:
    return Comment.objects.filter(status=Comment.Status.PENDING).select_related("article")


def set_comments_open(article: Article, is_open: bool, user: Any) -> Article:
    if not is_editor(user):
        raise NotAllowed(_("Only editors open or close comments."))
    article.comments_open = is_open
    article.save(update_fields=["comments_open", "updated_at"])
    article.log_action("comments:open" if is_open else "comments:closed", user)
    return article
