"""Who is calling: a Bearer API token (reads and writes), the browser session (reads) or nobody.

Writes require ``Authorization: Bearer <token>``; reads accept a token, a logged-in session or
no credentials at all (and then answer with public-safe fields only). A token that is sent but
wrong or revoked is always a 401, even on reads: a client with a broken credential should hear
about it rather than silently receive public data.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from alatau.api.errors import ApiError
from alatau.api.models import ApiToken
from alatau.core import throttle
from alatau.core.models import LoginFailure


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` against the hashed :class:`ApiToken` table.

    On writes (``writes=True``) a read-only token is refused with a 403; an expired token is a 401.
    """

    def __init__(self, *, writes: bool = False) -> None:
        super().__init__()
        self.writes = writes

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise ApiError(401, "not_authenticated", _("Use 'Authorization: Bearer <token>'."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        address = throttle.client_address(request)
        until = throttle.locked_until(None, address)  # wrong tokens lock the address, as passwords do
        if until is not None:
            raise ApiError(429, "locked", throttle.lockout_message(until))
        api_token = ApiToken.authenticate(token)
        if api_token is None:
            found = ApiToken.find(token)  # only now: a valid token costs one query
            if found is not None and found.is_expired and not found.is_revoked:
                raise ApiError(401, "expired_token", _("The API token has expired; ask for a new one."))
            throttle.record_failure(None, address, LoginFailure.Kind.TOKEN)  # a guess, not an old token
            raise ApiError(401, "invalid_token", _("The API token is invalid or has been revoked."))
        if self.writes and api_token.read_only:
            raise ApiError(
                403, "read_only_token", _("This API token is read-only: it cannot change anything.")
            )
        # The services and the audit log see the token's user as the one acting.
        request.user = api_token.user
        return api_token.user


class SessionReadAuth(SessionAuth):
    """The logged-in user of the web application, on reads only (GET needs no CSRF check)."""

    def __init__(self) -> None:
        super().__init__(csrf=False)


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Last in the read chain: no credentials still reads, with public-safe fields only."""
    return AnonymousUser()


token_auth = TokenAuth()
#: Reads: a token, else the session, else anonymous.
read_auth = [token_auth, SessionReadAuth(), anonymous]
#: Writes: a token only, and not a read-only one.
write_auth = [TokenAuth(writes=True)]


def caller(request: HttpRequest) -> Any:
    """The user the request acts as (AnonymousUser when nobody)."""
    return getattr(request, "auth", None) or request.user
