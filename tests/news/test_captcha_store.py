"""The captcha's server-side store and the comment checks: single use, expiry, 3 s, honeypot, rates."""

import datetime as dt

import pytest
from django.utils import timezone

from alatau.news import services
from alatau.news.errors import (
    AddressBanned,
    CaptchaFailed,
    CommentsClosed,
    DuplicateComment,
    HoneypotFilled,
    RateLimited,
    TooFast,
)
from alatau.news.models import Article, CaptchaChallenge, Comment, RateEvent

ADDRESS = "203.0.113.7"


def challenge(lang: str = "en", ago: int = 5) -> tuple[str, int]:
    token, _text = services.issue_challenge(lang)
    row = CaptchaChallenge.objects.get(token=token)
    row.served_at = timezone.now() - dt.timedelta(seconds=ago)
    row.save()
    return token, row.answer


def data(token: str, answer: object, body: str = "Great news!", **extra: str) -> services.CommentData:
    return services.CommentData(
        name="Ann", email="ann@example.com", body=body, token=token, answer=str(answer), **extra
    )


def eval_question(text: str) -> int:
    from alatau.news.captcha import parse_answer

    words = text.removesuffix(" =")
    sign = next(sign for sign in ("+", "−", "×") if f" {sign} " in words)
    left, right = (parse_answer(part) for part in words.split(f" {sign} "))
    assert left is not None and right is not None
    return {"+": left + right, "−": left - right, "×": left * right}[sign]


def test_token_is_random_and_answer_server_side(db: None) -> None:
    token, text = services.issue_challenge("fr")
    other, _ = services.issue_challenge("fr")
    assert token != other and len(token) >= 40
    assert text.endswith(" =") and CaptchaChallenge.objects.get(token=token).answer == eval_question(text)


def test_right_answer_accepted_once(db: None) -> None:
    token, answer = challenge()
    services.check_challenge(token, str(answer), ADDRESS)
    with pytest.raises(CaptchaFailed):
        services.check_challenge(token, str(answer), ADDRESS)


def test_answer_in_words_accepted(db: None) -> None:
    from alatau.news.captcha import number_words

    token, answer = challenge("fr")
    services.check_challenge(token, number_words(answer, "fr").upper(), ADDRESS)


def test_wrong_answer_consumes_the_token(db: None) -> None:
    token, answer = challenge()
    with pytest.raises(CaptchaFailed):
        services.check_challenge(token, str(answer + 1), ADDRESS)
    assert not CaptchaChallenge.objects.filter(token=token).exists()
    with pytest.raises(CaptchaFailed):
        services.check_challenge(token, str(answer), ADDRESS)


def test_expired_after_ten_minutes(db: None) -> None:
    token, answer = challenge(ago=601)
    with pytest.raises(CaptchaFailed, match="expired"):
        services.check_challenge(token, str(answer), ADDRESS)
    token, answer = challenge(ago=590)
    services.check_challenge(token, str(answer), ADDRESS)


def test_three_second_rule(db: None) -> None:
    token, answer = challenge(ago=1)
    with pytest.raises(TooFast):
        services.check_challenge(token, str(answer), ADDRESS)
    assert not CaptchaChallenge.objects.filter(token=token).exists()


def test_honeypot_refused(article: Article) -> None:
    token, answer = challenge()
    with pytest.raises(HoneypotFilled):
        services.post_comment(article, data(token, answer, honeypot="http://spam"), ADDRESS)
    assert not Comment.objects.exists()


def test_comment_waits_for_moderation(article: Article, mailoutbox: list) -> None:
    token, answer = challenge()
    comment = services.post_comment(article, data(token, answer), ADDRESS)
    assert comment.status == Comment.Status.PENDING
    assert [m.to for m in mailoutbox] == [["erin@alatau.test"]]
    assert "Great news!" in mailoutbox[0].body


def test_duplicate_refused(article: Article) -> None:
    token, answer = challenge()
    services.post_comment(article, data(token, answer), ADDRESS)
    token, answer = challenge()
    with pytest.raises(DuplicateComment):
        services.post_comment(article, data(token, answer), ADDRESS)


def test_five_comments_a_minute(article: Article) -> None:
    for n in range(5):
        token, answer = challenge()
        services.post_comment(article, data(token, answer, body=f"comment {n}"), ADDRESS)
    token, answer = challenge()
    with pytest.raises(RateLimited) as refused:
        services.post_comment(article, data(token, answer, body="sixth"), ADDRESS)
    assert refused.value.status == 429
    token, answer = challenge()
    services.post_comment(article, data(token, answer, body="another address"), "198.51.100.1")


def test_twenty_failures_an_hour(article: Article) -> None:
    for _ in range(20):
        token, answer = challenge()
        with pytest.raises(CaptchaFailed):
            services.post_comment(article, data(token, answer + 1), ADDRESS)
    token, answer = challenge()
    with pytest.raises(RateLimited):
        services.post_comment(article, data(token, answer), ADDRESS)
    RateEvent.objects.update(at=timezone.now() - dt.timedelta(hours=2))
    services.post_comment(article, data(token, answer), ADDRESS)


def test_closed_per_article_and_after_n_days(article: Article, erin_editor: object) -> None:
    services.set_comments_open(article, False, erin_editor)
    token, answer = challenge()
    with pytest.raises(CommentsClosed):
        services.post_comment(article, data(token, answer), ADDRESS)
    services.set_comments_open(article, True, erin_editor)
    later = timezone.now() + dt.timedelta(days=services.COMMENTS_CLOSE_AFTER_DAYS + 1)
    assert services.comments_open(article)
    assert not services.comments_open(article, later)


def test_banned_address_refused(article: Article, erin_editor: object) -> None:
    token, answer = challenge()
    comment = services.post_comment(article, data(token, answer), ADDRESS)
    services.moderate(comment, "ban", erin_editor)
    token, answer = challenge()
    with pytest.raises(AddressBanned):
        services.post_comment(article, data(token, answer, body="again"), ADDRESS)
