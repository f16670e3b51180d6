"""Every page, as every role, with hostile query strings: never a server error.

The pages of tests/web/test_every_url.py (the same walk of the URL map and the same world of real
objects), each requested with the filter and paging parameters the site reads set to hostile
values: integers beyond 64 bits, negatives, NUL and other control characters, bidi overrides, long
and non-Latin text, repeated (array) parameters. To stay fast, each page × role pair gets one
hostile query, rotating through the set, so that every page meets every value across the roles.
The Django admin is walked as the administrator only (the other roles are sent to its login).
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import login
from tests.web.test_every_url import ROLES, SENSIBLE, all_urls

#: The query parameters the pages, their filter forms and the pagers read.
PARAMETERS = [
    "q", "club", "region", "discipline", "gender", "role", "kind", "status", "season", "page",
    "person", "ordering", "sort", "from", "to", "date", "year", "lang", "next", "format", "level",
]  # fmt: skip
HUGE = str(2**70)
HOSTILE_VALUES = [
    HUGE,
    "-" + HUGE,
    "9223372036854775808",
    "-1",
    "0",
    "1e999",
    "NaN",
    "nul\x00byte",
    "\x0b\x1b[31m\x7f",
    "\u202eevil\u2066",
    "Жақсы 雪 🎿",
    "'\"<script>alert(1)</script>",
    "x" * 5000,
    "9999-99-99",
    "../../etc/passwd",
]


def hostile_query(index: int) -> str:
    """The index-th hostile query string: every parameter at one value, some of them repeated (arrays)."""
    value = HOSTILE_VALUES[index % len(HOSTILE_VALUES)]
    pairs = [(name, value) for name in PARAMETERS]
    if index % 2:  # arrays: the same parameter again, with another hostile value
        other = HOSTILE_VALUES[(index + 7) % len(HOSTILE_VALUES)]
        pairs += [(name, other) for name in PARAMETERS[:8]] + [("page[]", value), ("club[0]", other)]
    return urlencode(pairs)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_page_takes_hostile_queries(
    role: str | None, world: dict, request: pytest.FixtureRequest, client: Client
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    urls = [url for url in all_urls(world) if role == "alice_admin" or "/admin/" not in url]
    assert len(urls) > 40
    offset = ROLES.index(role)
    failures = {}
    for number, url in enumerate(urls):
        query = hostile_query(number + offset)
        status = client.get(f"{url}?{query}").status_code
        if status not in SENSIBLE:
            failures[f"{url}?{query[:80]}"] = status
    assert failures == {}


@pytest.mark.parametrize("index", range(len(HOSTILE_VALUES) * 2))
def test_the_people_list_takes_each_hostile_query(
    index: int, client: Client, sam_staff: object, athlete: object
) -> None:
    """The busiest filter page, with every hostile query (not only its share of the rotation)."""
    login(client, sam_staff)  # type: ignore[arg-type]
    for name in ("registry:person-list", "registry:club-list", "licences:licence-list"):
        response = client.get(f"{reverse(name)}?{hostile_query(index)}")
        assert response.status_code in SENSIBLE, (name, response.status_code)
        assert response.status_code == 200
