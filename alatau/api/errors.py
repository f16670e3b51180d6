"""One JSON error body for every failure: ``{"detail": "...", "code": "...", ...}``.

Domain errors raised by the services (:mod:`alatau.core.errors`) become 4xx answers here, so
that the routers stay thin: NotAllowed → 403, InvalidData → 422 with the errors per field,
DuplicatePerson → 409 with the people already registered, Conflict and InvalidTransition → 409,
any other :class:`~alatau.errors.AlatauError` → 400.
"""

import functools
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from alatau.core.errors import (
    Conflict,
    DuplicatePerson,
    InvalidData,
    InvalidTransition,
    NotAllowed,
    StaleVersion,
)
from alatau.errors import AlatauError


class ErrorOut(Schema):
    """Every error answer: a sentence for people and a stable code for programs."""

    detail: str
    code: str
    errors: dict[str, list[str]] | None = None


class DuplicateOut(Schema):
    id: int
    name: str
    fis_code: str | None
    birth_year: int


class DuplicateErrorOut(ErrorOut):
    """409 on creating or changing a person: the people already registered with the same identity."""

    duplicates: list[DuplicateOut] = []


class StaleErrorOut(ErrorOut):
    """409 on an update made from an older ``version``: the stored values that differ, and the version now."""

    changed: dict[str, Any] | None = None
    version: int | None = None


class ConflictErrorOut(DuplicateErrorOut, StaleErrorOut):
    """409 on changing a person: already registered (``duplicates``) or changed since (``changed``)."""


class ApiError(HttpError):
    """An HTTP error with its code; raised by the routers for 404s and the like."""

    def __init__(self, status_code: int, code: str, detail: str) -> None:
        self.code = code
        super().__init__(status_code, detail)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


#: The error statuses an operation may answer, for its OpenAPI declaration.
READ = (401, 422)
DETAIL = (401, 404, 422)
CREATE = (400, 401, 403, 422)
WRITE = (400, 401, 403, 404, 422)


def responses(ok: Any, errors: tuple[int, ...], *, status: int = 200, conflict: Any = None) -> dict[int, Any]:
    """``response=`` for an operation: its success schema and the error bodies it may send."""
    declared: dict[int, Any] = {status: ok}
    declared.update(dict.fromkeys(errors, ErrorOut))
    if 401 in errors:  # whatever checks a token may find its caller's address locked out
        declared[429] = ErrorOut
    if conflict is not None:
        declared[409] = conflict
    return declared


def _body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **{k: v for k, v in extra.items() if v is not None}}


#: Codes for ninja's own HttpErrors (unparseable body, missing credentials, throttling).
_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    429: "throttled",
}


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, ApiError):
        body = _body(str(exc), exc.code)
    elif isinstance(exc, AuthenticationError):
        body = _body(_("Authentication required: send 'Authorization: Bearer <token>'."), "not_authenticated")
    elif exc.status_code == 400:
        body = _body(_("The request body is not valid JSON."), "bad_request")
    else:
        body = _body(str(exc), _HTTP_CODES.get(exc.status_code, "error"))
    return api.create_response(request, body, status=exc.status_code)


def _location(error: dict[str, Any]) -> str:
    # ninja's locations start with where the value came from ("body", "query", "path").
    parts = [str(part) for part in error.get("loc", ())[1:] if part not in ("payload", "filters", "page")]
    return ".".join(parts) or "__all__"


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_location(error), []).append(str(error.get("msg", "")))
    body = _body(_("The request is not valid; see the errors by field."), "invalid", errors=errors)
    return api.create_response(request, body, status=422)


def _domain_error(request: HttpRequest, exc: AlatauError, api: NinjaAPI) -> HttpResponse:
    status, body = domain_error_body(exc)
    return api.create_response(request, body, status=status)


def domain_error_body(exc: AlatauError) -> tuple[int, dict[str, Any]]:
    """The status and JSON body a domain error becomes."""
    if isinstance(exc, NotAllowed):
        return 403, _body(str(exc), "not_allowed")
    if isinstance(exc, InvalidData):
        return 422, _body(
            _("The request is not valid; see the errors by field."), "invalid", errors=exc.errors
        )
    if isinstance(exc, DuplicatePerson):
        duplicates = [duplicate_out(person) for person in exc.duplicates]
        return 409, _body(str(exc), "duplicate_person", duplicates=duplicates)
    if isinstance(exc, InvalidTransition):
        return 409, _body(str(exc), "invalid_transition")
    if isinstance(exc, StaleVersion):
        return 409, _body(str(exc), "stale_version", changed=exc.changed, version=exc.version)
    if isinstance(exc, Conflict):
        return 409, _body(str(exc), "conflict")
    return 400, _body(str(exc), "bad_request")


def duplicate_out(person: Any) -> dict[str, Any]:
    """What a 409 says about a person already registered: enough to recognise them, nothing private."""
    return {
        "id": person.pk,
        "name": str(person),
        "fis_code": person.fis_code,
        "birth_year": person.birth_date.year,
    }


def _permission_denied(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body(_("You may not do this."), "not_allowed"), status=403)


def _missing(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, _body(_("Not found."), "not_found"), status=404)


def install(api: NinjaAPI) -> None:
    """Replace ninja's default error answers with Alatau's JSON body."""
    handlers: list[tuple[type[Exception], Any]] = [
        (HttpError, _http_error),
        (ValidationError, _validation_error),
        (AlatauError, _domain_error),
        (PermissionDenied, _permission_denied),
        (Http404, _missing),
        (ObjectDoesNotExist, _missing),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, functools.partial(handler, api=api))
