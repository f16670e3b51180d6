"""Why a comment is refused; each maps to a form error on the page and a status code."""

from alatau.errors import AlatauError


class CommentRefused(AlatauError):
    """The comment cannot be accepted; the message says why and the form is shown again."""

    code = "refused"
    status = 400


class CaptchaFailed(CommentRefused):
    code = "captcha"


class TooFast(CommentRefused):
    code = "too_fast"


class HoneypotFilled(CommentRefused):
    code = "honeypot"


class RateLimited(CommentRefused):
    code = "rate_limited"
    status = 429


class CommentsClosed(CommentRefused):
    code = "closed"
    status = 403


class DuplicateComment(CommentRefused):
    code = "duplicate"
    status = 409


class AddressBanned(CommentRefused):
    code = "banned"
    status = 403
