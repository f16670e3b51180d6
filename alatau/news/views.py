"""News pages: list, archive, tags, search, the article with its comment form, sitemap and editor pages."""

from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.web import add_service_errors, paginate, query_without_page, require
from alatau.news import services
from alatau.news.errors import CommentRefused
from alatau.news.forms import ArticleForm, CommentForm, StatusForm
from alatau.news.models import Article, Comment
from alatau.news.permissions import is_editor

NEWS_PAGE = 10


def _lang() -> str:
    return (get_language() or "en")[:2]


def _listing(request: HttpRequest, articles: Any, heading: str, **extra: Any) -> HttpResponse:
    context = {
        "page": paginate(request, articles, NEWS_PAGE),
        "query": query_without_page(request),
        "heading": heading,
        "lang": _lang(),
        **extra,
    }
    return render(request, "news/list.html", context)


def article_list(request: HttpRequest) -> HttpResponse:
    articles = services.published_articles()
    words = request.GET.get("q", "").strip()[:100]
    if words:
        articles = services.search_articles(articles, words)
    return _listing(request, articles, _("News"), words=words)


def article_archive(request: HttpRequest) -> HttpResponse:
    return _listing(request, services.archived_articles(), _("Archive"))


def tag_list(request: HttpRequest, tag: str) -> HttpResponse:
    articles = services.with_tag(services.published_articles(), tag)
    return _listing(request, articles, _("Tag: %(tag)s") % {"tag": tag}, tag=tag)


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(services.visible_articles(request.user), slug=slug)
    status = 200
    form: CommentForm | None = None
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            data = services.CommentData(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                body=form.cleaned_data["body"],
                token=form.cleaned_data["captcha_token"],
                answer=form.cleaned_data["captcha_answer"],
                honeypot=form.cleaned_data["website"],
                lang=_lang(),
            )
            try:
                comment = services.post_comment(article, data, _address(request))
            except CommentRefused as error:
                form.add_error(
                    "captcha_answer" if error.code in ("captcha", "too_fast") else None, str(error)
                )
                status = error.status
            else:
                if comment.status == Comment.Status.APPROVED:
                    messages.success(request, _("Thank you: your comment is published."))
                else:
                    messages.success(request, _("Thank you: your comment is awaiting moderation."))
                return redirect(reverse("news:article", args=[article.slug]) + "#comments")
        else:
            status = 400
    token, question = services.issue_challenge(_lang())
    if form is not None:
        form = _fresh_question(request, form, token)
    else:
        form = CommentForm(initial={"captcha_token": token})
    translation = article.translation(_lang())
    context = {
        "article": article,
        "translation": translation,
        "comments": article.comments.filter(status=Comment.Status.APPROVED),
        "form": form,
        "question": question,
        "open": services.comments_open(article),
        "editor": is_editor(request.user),
        "absolute_url": request.build_absolute_uri(),
        "cover_url": request.build_absolute_uri(article.cover.url) if article.cover else "",
    }
    return render(request, "news/article.html", context, status=status)


def _fresh_question(request: HttpRequest, form: CommentForm, token: str) -> CommentForm:
    """The visitor's text again with its errors, the answer emptied and the new question's token."""
    data = request.POST.copy()
    data["captcha_answer"] = ""
    data["captcha_token"] = token
    data["website"] = ""
    fresh = CommentForm(data)
    fresh.is_valid()
    fresh.errors.clear()
    fresh.errors.update(form.errors)
    return fresh


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public article in every language, for search engines."""
    entries = []
    for article in services.published_articles():
        for code, _name in settings.LANGUAGES:
            with override(code):
                url = request.build_absolute_uri(reverse("news:article", args=[article.slug]))
            stamp = article.updated_at.date().isoformat()
            entries.append(f"<url><loc>{escape(url)}</loc><lastmod>{stamp}</lastmod></url>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(entries) + "</urlset>"
    )
    return HttpResponse(body, content_type="application/xml")


# Editors ----------------------------------------------------------------------------------------------


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require(is_editor(request.user))
    queue = services.moderation_queue()
    return render(request, "news/moderation.html", {"page": paginate(request, queue), "query": ""})


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_editor(request.user))
    comment = get_object_or_404(Comment, pk=pk)
    try:
        services.moderate(comment, request.POST.get("action", ""), request.user)
    except (InvalidData, NotAllowed) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment moderated."))
    return redirect("news:moderation")


@login_required
def editor_list(request: HttpRequest) -> HttpResponse:
    require(is_editor(request.user))
    articles = Article.objects.prefetch_related("translations").order_by("-updated_at")
    return render(request, "news/editor_list.html", {"page": paginate(request, articles), "query": ""})


def _save(request: HttpRequest, article: Article | None) -> HttpResponse:
    require(is_editor(request.user))
    form = ArticleForm(request.POST or None, request.FILES or None, article=article)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        translations = {
            code: services.TranslationData(data[f"title_{code}"], data[f"lead_{code}"], data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
        }
        try:
            saved = services.save_article(
                request.user,
                translations,
                article=article,
                slug=data["slug"],
                tags=data["tags"],
                comments_open=data["comments_open"],
                cover=data["cover"],
            )
        except (InvalidData, NotAllowed) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect("news:article-edit", pk=saved.pk)
    context = {"form": form, "article": article, "status_form": StatusForm()}
    return render(request, "news/article_form.html", context)


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, get_object_or_404(Article, pk=pk))


@login_required
@require_POST
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_editor(request.user))
    article = get_object_or_404(Article, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("news:article-edit", pk=pk)
    try:
        services.set_status(
            article, form.cleaned_data["status"], request.user, form.cleaned_data["publish_at"]
        )
    except (InvalidData, NotAllowed) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status changed."))
    return redirect("news:article-edit", pk=pk)


@login_required
@require_POST
def article_comments(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_editor(request.user))
    article = get_object_or_404(Article, pk=pk)
    services.set_comments_open(article, request.POST.get("open") == "1", request.user)
    return redirect("news:article-edit", pk=pk)
