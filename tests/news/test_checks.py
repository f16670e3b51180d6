"""The remaining news checks: the cover image (resized, EXIF and GPS stripped), banning an address from
the moderation queue, letting known commenters through, e-mail to the editors, comments closing after
N days."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import User
from alatau.news import services
from alatau.news.errors import AddressBanned, CaptchaFailed, CommentsClosed
from alatau.news.models import Article, BannedAddress, Comment, KnownCommenter
from tests.news.test_captcha_store import ADDRESS, challenge, data
from tests.news.test_pages import URL, post
from tests.web.conftest import login, make_user

GPS_IFD = 0x8825
MAKE = 0x010F


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def photo_with_gps(size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A camera JPEG: EXIF with a maker and a GPS position (Shymbulak), and a comment."""
    exif = Image.Exif()
    exif[MAKE] = "SpyCam"
    exif[GPS_IFD] = {1: "N", 2: (43.0, 7.0, 30.0), 3: "E", 4: (77.0, 4.0, 50.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, "JPEG", exif=exif, comment=b"secret")
    return out.getvalue()


def test_the_sample_really_carries_gps() -> None:
    with Image.open(io.BytesIO(photo_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N" and image.getexif()[MAKE] == "SpyCam"


def test_cover_resized_and_stripped(erin_editor: User) -> None:
    cover = SimpleUploadedFile("snow.jpg", photo_with_gps(), content_type="image/jpeg")
    article = services.save_article(erin_editor, {"en": services.TranslationData("Snow")}, cover=cover)
    with Image.open(article.cover.path) as saved:
        assert saved.format == "JPEG" and saved.size == (1200, 900)  # fits 1600×900, proportions kept
        exif = saved.getexif()
        assert not exif and not exif.get_ifd(GPS_IFD) and "exif" not in saved.info
        assert "comment" not in saved.info
    raw = open(article.cover.path, "rb").read()  # noqa: SIM115
    assert b"SpyCam" not in raw and b"secret" not in raw and b"Exif" not in raw


def test_small_cover_kept_at_its_size(erin_editor: User) -> None:
    cover = SimpleUploadedFile("small.jpg", photo_with_gps((640, 480)), content_type="image/jpeg")
    article = services.save_article(erin_editor, {"en": services.TranslationData("Small")}, cover=cover)
    with Image.open(article.cover.path) as saved:
        assert saved.size == (640, 480) and not saved.getexif()


def test_a_non_image_cover_refused_and_nothing_saved(erin_editor: User) -> None:
    fake = SimpleUploadedFile("x.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(InvalidData) as refused:
        services.save_article(erin_editor, {"en": services.TranslationData("Fake")}, cover=fake)
    assert "cover" in refused.value.errors and not Article.objects.exists()


def test_editor_uploads_a_cover_through_the_form(client: Client, erin_editor: User) -> None:
    login(client, erin_editor)
    cover = SimpleUploadedFile("snow.jpg", photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        "/en/news/editor/new/", {"title_en": "Form cover", "comments_open": "on", "cover": cover}
    )
    assert response.status_code == 302
    with Image.open(Article.objects.get().cover.path) as saved:
        assert max(saved.size) <= 1600 and not saved.getexif()


def test_ban_from_the_queue_refuses_the_address(client: Client, article: Article, erin_editor: User) -> None:
    post(client, article)
    comment = Comment.objects.get()
    assert comment.address == "127.0.0.1"
    login(Client(), erin_editor).post(f"/en/news/moderation/{comment.pk}/", {"action": "ban"})
    comment.refresh_from_db()
    assert (
        comment.status == Comment.Status.SPAM and BannedAddress.objects.filter(address="127.0.0.1").exists()
    )
    response, _fields = post(client, article, body="Encore moi")
    assert response.status_code == 403 and 'role="alert"' in response.content.decode()
    assert Comment.objects.count() == 1
    with pytest.raises(AddressBanned):
        token, answer = challenge()
        services.post_comment(article, data(token, answer, body="by service"), "127.0.0.1")
    token, answer = challenge()
    services.post_comment(article, data(token, answer, body="another address"), ADDRESS)  # others still may


def test_known_commenters_let_through(client: Client, article: Article, erin_editor: User) -> None:
    post(client, article)
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    login(Client(), erin_editor).post(f"/en/news/moderation/{first.pk}/", {"action": "trust"})
    assert KnownCommenter.objects.filter(email="anne@example.fr").exists()
    response, _fields = post(client, article, body="Deuxième message", email="ANNE@example.fr")
    assert "publié" in response.content.decode()
    second = Comment.objects.get(body="Deuxième message")
    assert second.status == Comment.Status.APPROVED  # published at once, no queue
    assert "Deuxième message" in client.get(URL.format(slug=article.slug)).content.decode()
    assert second not in services.moderation_queue()
    token, answer = challenge()
    stranger = services.post_comment(article, data(token, answer, body="Stranger"), ADDRESS)
    assert stranger.status == Comment.Status.PENDING  # others still wait


def test_known_commenter_only_by_an_editor(article: Article, paul_public: User) -> None:
    token, answer = challenge()
    comment = services.post_comment(article, data(token, answer), ADDRESS)
    with pytest.raises(NotAllowed):
        services.moderate(comment, "trust", paul_public)
    assert not KnownCommenter.objects.exists()


def test_editors_emailed_on_a_new_comment(article: Article, erin_editor: User, mailoutbox: list) -> None:
    make_user("ed2", "editor")
    make_user("gone", "editor", is_active=False)
    User.objects.filter(pk=make_user("nomail", "editor").pk).update(email="")
    make_user("reader", "public")
    token, answer = challenge()
    services.post_comment(article, data(token, answer, body="Tell the editors"), ADDRESS)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["ed2@alatau.test", "erin@alatau.test"]
    assert article.slug in message.subject and "Tell the editors" in message.body
    token, _answer = challenge()
    with pytest.raises(CaptchaFailed):
        services.post_comment(article, data(token, "wrong", body="refused"), ADDRESS)
    assert len(mailoutbox) == 1  # a refused comment sends nothing


def test_comments_close_after_n_days(client: Client, article: Article, settings: object) -> None:
    settings.ALATAU_COMMENTS_CLOSE_AFTER_DAYS = 7  # type: ignore[attr-defined]
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(days=6))
    article.refresh_from_db()
    assert services.comments_open(article)
    assert 'class="comment-form"' in client.get(URL.format(slug=article.slug)).content.decode()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(days=8))
    article.refresh_from_db()
    assert not services.comments_open(article)
    html = client.get(URL.format(slug=article.slug)).content.decode()
    assert 'class="comment-form"' not in html and "commentaires sont fermés" in html
    token, answer = challenge()
    with pytest.raises(CommentsClosed):
        services.post_comment(article, data(token, answer), ADDRESS)
    assert not Comment.objects.exists()
