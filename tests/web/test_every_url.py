"""Every URL of the site, as every role and as an anonymous visitor: never a server error.

The URL patterns are discovered by walking the resolver; path parameters are filled with the
ids of real objects made by the fixtures, so detail pages are really rendered.
"""

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Person
from tests.web.conftest import login

ROLES = [
    None,
    "alice_admin",
    "carol_manager",
    "oscar_organiser",
    "edith_educator",
    "sam_staff",
    "tina_timekeeper",
    "rita_referee",
    "ted_delegate",
    "sue_speaker",
    "tom_trainer",
    "erin_editor",
    "pierre_partner",
    "pia_planner",
    "paul_public",
]
SENSIBLE = {200, 302, 400, 401, 403, 404, 405, 422}


def walk(patterns: list[Any], prefix: str = "", converters: dict[str, Any] | None = None) -> Iterator[tuple]:
    """(namespaced name, {parameter: converter}) for every named URL pattern."""
    for entry in patterns:
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, space, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", found, entry.pattern.regex.groupindex


@pytest.fixture
def world(
    carol_manager: User, alice_admin: User, athlete: Person, club_shymbulak: Club, club_ridder: Club
) -> dict:
    season = season_of(today())
    active = approve_licence(
        request_licence(athlete, club_shymbulak, "competitor", season, user=carol_manager), user=alice_admin
    )
    requested = request_licence(athlete, club_shymbulak, "coach", season, user=carol_manager)
    outsider = Person.objects.create(
        last_name="Other", first_name="Olga", birth_date=dt.date(1999, 1, 1), gender="W"
    )
    found = {
        "licence": active,
        "requested": requested,
        "club": club_shymbulak,
        "person": athlete,
        "outsider": outsider,
        "user": carol_manager,
    }
    for extend in world_builders():
        extend(found)
    return found


def world_builders() -> list[Any]:
    """Each app's ``tests/<app>/world.py`` adds its objects (``extend(world)``): a race, a course, an article…

    A path parameter then gets the id of the object whose key is named in the URL's name or parameter.
    """
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    modules = sorted(p.parent.name for p in root.glob("*/world.py"))
    return [importlib.import_module(f"tests.{name}.world").extend for name in modules]


def value_for(name: str, param: str, converter: Any, world: dict) -> Any:
    """A real value for a path parameter: the id of an object of the right kind where one is known."""
    if param == "token" and "verify" in name:
        return world["licence"].verification_token
    if param == "uidb64":
        return urlsafe_base64_encode(force_bytes(world["user"].pk))
    if param == "token":
        return default_token_generator.make_token(world["user"])
    if param == "app_label":
        return "registry"
    if param == "object_id" and name.startswith("admin:"):
        return admin_object_id(name, world)
    if param == "content_type_id":
        return 1
    kind = type(converter).__name__
    if kind == "UUIDConverter":
        return uuid.uuid4()
    if kind == "IntConverter" or param == "pk" or param.endswith("id"):
        # The longest key first, so "race" does not take a "racer" URL; club, person and licence as before.
        known = sorted(((k, v) for k, v in world.items() if hasattr(v, "pk")), key=lambda kv: -len(kv[0]))
        for key, obj in known:
            if key in name or key in param:
                return obj.pk
        return world["licence"].pk
    return "x"


def admin_object_id(name: str, world: dict) -> Any:
    app_model = name.split(":")[1].rsplit("_", 1)[0]
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
            obj = model._default_manager.order_by("pk").first()
            return obj.pk if obj is not None else 1
    return 1


def all_urls(world: dict) -> list[str]:
    urls = []
    for name, converters, groups in walk(get_resolver().url_patterns):
        params = {p: value_for(name, p, converters.get(p), world) for p in groups}
        try:
            urls.append(reverse(name, kwargs=params))
        except Exception:  # a pattern with regex groups we cannot fill: reverse without them, or skip
            continue
    return sorted(set(urls))


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_url_as_every_role(
    role: str | None, world: dict, request: pytest.FixtureRequest, client: Client
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    urls = all_urls(world)
    assert len(urls) > 40  # the walk really found the site
    failures = {}
    for url in urls:
        status = client.get(url).status_code
        if status not in SENSIBLE:
            failures[url] = status
    assert failures == {}


# What each role gets on the main pages: 200 shown, 302 to the login page, 403 refused, 404 not theirs.
EXPECTED = {
    "registry:club-list": dict.fromkeys(ROLES, 200),
    "registry:person-list": {
        None: 302,
        "paul_public": 403,
        "alice_admin": 200,
        "carol_manager": 200,
        "oscar_organiser": 200,
        "edith_educator": 200,
        "sam_staff": 200,
    },
    "registry:person-create": {
        None: 302,
        "paul_public": 403,
        "alice_admin": 200,
        "carol_manager": 200,
        "oscar_organiser": 403,
        "edith_educator": 403,
        "sam_staff": 403,
    },
    "registry:club-create": {
        None: 302,
        "paul_public": 403,
        "alice_admin": 200,
        "carol_manager": 403,
        "oscar_organiser": 403,
        "edith_educator": 403,
        "sam_staff": 403,
    },
    "licences:licence-request": {
        None: 302,
        "paul_public": 403,
        "alice_admin": 200,
        "carol_manager": 200,
        "oscar_organiser": 403,
        "edith_educator": 403,
        "sam_staff": 403,
    },
    "admin:index": {
        None: 302,
        "paul_public": 302,
        "alice_admin": 200,
        "carol_manager": 302,
        "oscar_organiser": 302,
        "edith_educator": 302,
        "sam_staff": 302,
    },
}


# The race officials, trainers, editors, partners and planners read no registry pages: as the public does.
NO_REGISTRY_ROLES = [r for r in ROLES if r not in {None, *EXPECTED["registry:person-list"]}]
for statuses in EXPECTED.values():
    for role in NO_REGISTRY_ROLES:
        statuses.setdefault(role, statuses["paul_public"])


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_answer_as_the_role_allows(
    role: str | None, request: pytest.FixtureRequest, client: Client, world: dict
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    got = {name: client.get(reverse(name)).status_code for name in EXPECTED}
    assert got == {name: statuses[role] for name, statuses in EXPECTED.items()}


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("carol_manager", 200, 404),
        ("sam_staff", 200, 200),
        ("paul_public", 403, 403),
        (None, 302, 302),
    ],
)
def test_person_pages_follow_club_scope(
    role: str | None, own: int, other: int, request: pytest.FixtureRequest, client: Client, world: dict
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    assert client.get(reverse("registry:person-detail", args=[world["person"].pk])).status_code == own
    assert client.get(reverse("registry:person-detail", args=[world["outsider"].pk])).status_code == other


def test_the_verification_page_is_public_and_only_for_issued_licences(client: Client, world: dict) -> None:
    issued: Licence = world["licence"]
    assert client.get(reverse("licences:licence-verify", args=[issued.verification_token])).status_code == 200
    pending: Licence = world["requested"]
    assert (
        client.get(reverse("licences:licence-verify", args=[pending.verification_token])).status_code == 404
    )
    assert client.get(reverse("licences:licence-verify", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/en/licences/verify/not-a-token/").status_code == 404
