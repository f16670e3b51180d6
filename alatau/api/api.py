"""The NinjaAPI behind ``/api/v1/``: routers, error answers, and offline docs.

The docs page is django-ninja's Swagger UI served from ninja's own static files (``ninja`` is
in INSTALLED_APPS, so no CDN is used); the online spec validator is switched off, as it would
call validator.swagger.io.
"""

from typing import Any

from ninja import NinjaAPI, Swagger

from alatau.api import clubs, errors, licences, people, reference
from alatau.api.codes import add_code_enums
from alatau.api.links import add_links
from alatau.core.plugins import api_routers

DESCRIPTION = """The Kazakh Ski Federation's registry: regions, clubs, people and licences.

* **Reads** are open for the club directory. Without credentials, `/people` lists only what the
  federation publishes — licensed competitors who consented, never a minor's birth year — as set
  out in the **privacy policy** (`docs/privacy.md` in the Alatau sources). A logged-in session
  or an API token gives what your role may see.
* **Writes** need an API token: `Authorization: Bearer <token>`
  (`alatau manage create_api_token USER [--expires 30d] [--read-only]`, or the Django admin);
  a read-only token is refused on writes (403), an expired one everywhere (401).
* **Errors** are JSON: `{"detail": "…", "code": "…"}`, with `errors` by field on 422
  and `duplicates` on a 409 for a person already registered.
* **Lists** are paginated with `limit` (at most 200) and `offset`; the answer gives `count`.
* Messages follow `Accept-Language` (kk, ru, en, fr).
"""


class AlatauAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        # The view's own name (list_clubs, approve_licence, …): unique across the routers.
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        mark_anonymous_reads(schema)
        add_code_enums(schema)
        add_links(schema)
        return schema


def mark_anonymous_reads(schema: Any) -> None:
    """Reads accept no credentials at all: say so with OpenAPI's empty security requirement.

    ninja lists the token and session schemes it knows; the anonymous fallback has no scheme,
    so an operation that lists the session scheme (reads only) also gets ``{}``.
    """
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security") or []
            if {} not in security and any("SessionReadAuth" in requirement for requirement in security):
                security.append({})


api = AlatauAPI(
    title="Alatau API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)
errors.install(api)
api.add_router("", reference.router)
api.add_router("/clubs", clubs.router)
api.add_router("/people", people.router)
api.add_router("", licences.router)
for prefix, router in api_routers():  # the domain apps' routers (competitions, education, news, …)
    api.add_router(prefix, router)
