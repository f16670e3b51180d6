"""News articles (one translation per language), moderated comments and the captcha's server-side store."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Article(LoggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Comma-separated."))
    cover = models.ImageField(_("cover image"), upload_to="news/", blank=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    original_language = models.CharField(_("original language"), max_length=8, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.slug

    @property
    def tag_list(self) -> list[str]:
        # No "/" (a tag is one path segment of its page's address).
        return [tag.strip().lower().replace("/", "-") for tag in self.tags.split(",") if tag.strip()]

    def is_public(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status == self.Status.ARCHIVED:
            return True
        live = self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
        return live and self.publish_at is not None and self.publish_at <= now

    def translation(self, lang: str | None = None) -> "ArticleTranslation | None":
        """The translation in ``lang`` (the current language by default), else the original, else any."""
        lang = (lang or get_language() or "en")[:2]
        found = {t.lang: t for t in self.translations.all()}
        return found.get(lang) or found.get(self.original_language) or next(iter(found.values()), None)


class ArticleTranslation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    lang = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown: paragraphs, **bold**, *italic*, links.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "lang"], name="one_translation_per_language")
        ]
        ordering = ["lang"]

    def __str__(self) -> str:
        return f"{self.title} ({self.lang})"


class Comment(LoggedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail"))
    body = models.TextField(_("comment"), max_length=4000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    address = models.GenericIPAddressField(null=True, blank=True)
    lang = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"


class BannedAddress(models.Model):
    address = models.GenericIPAddressField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.address


class KnownCommenter(models.Model):
    """An e-mail address whose comments are published without waiting (set by an editor)."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class CaptchaChallenge(models.Model):
    """The expected answer, kept server-side under a random single-use token."""

    token = models.CharField(max_length=64, unique=True)
    answer = models.PositiveSmallIntegerField()
    created = models.DateTimeField(default=timezone.now)
    served_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token[:8]


class RateEvent(models.Model):
    """A comment posted or a failed answer, by address: what the rate limits count."""

    class Kind(models.TextChoices):
        COMMENT = "comment"
        FAILURE = "failure"

    address = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.address}"
