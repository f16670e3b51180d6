"""The comment form (with the captcha and the honeypot) and the editor's article form."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alatau.news.models import Article


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(label=_("E-mail (never shown)"))
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    captcha_answer = forms.CharField(label=_("Your answer (in digits or in words)"), max_length=60)
    captcha_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class ArticleForm(forms.Form):
    slug = forms.SlugField(label=_("Address (slug)"), max_length=120, required=False)
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False, help_text=_("Comma-separated."))
    comments_open = forms.BooleanField(label=_("Comments open"), required=False, initial=True)
    cover = forms.ImageField(label=_("Cover image"), required=False)

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        found = {t.lang: t for t in article.translations.all()} if article else {}
        if article:
            self.initial.update(slug=article.slug, tags=article.tags, comments_open=article.comments_open)
        title, lead, body = _("Title"), _("Lead"), _("Body")
        for lang, name in settings.LANGUAGES:
            existing = found.get(lang)
            self.fields[f"title_{lang}"] = forms.CharField(
                label=f"{title} ({name})", max_length=200, required=False
            )
            self.fields[f"lead_{lang}"] = forms.CharField(
                label=f"{lead} ({name})", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"body_{lang}"] = forms.CharField(
                label=f"{body} ({name})", required=False, widget=forms.Textarea(attrs={"rows": 8})
            )
            if existing:
                self.initial.update(
                    {
                        f"title_{lang}": existing.title,
                        f"lead_{lang}": existing.lead,
                        f"body_{lang}": existing.body,
                    }
                )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Article.Status.choices)
    publish_at = forms.DateTimeField(label=_("Publication time"), required=False)
