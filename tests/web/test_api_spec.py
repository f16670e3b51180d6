"""The OpenAPI spec declares the error answers; the docs page works offline; messages are translated."""

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from alatau.core.models import User
from alatau.registry.models import Club
from tests.web.apiclient import ApiClient


@pytest.fixture
def spec(client: Client, db: None) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


# POSTs that only read: the body is a document to check (an Open Badges credential), nothing is written.
READING_POSTS = {("post", "/api/v1/certificates/badges/verify")}


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_operation_declares_its_errors(spec: dict[str, Any]) -> None:
    assert len(operations(spec)) >= 19
    for method, path, op in operations(spec):
        declared = set(op["responses"])
        assert "422" in declared, (method, path)
        if method != "get" and (method, path) not in READING_POSTS:
            assert {"400", "401", "403"} <= declared, (method, path)
        if "{" in path:
            assert "404" in declared, (method, path)
        if op.get("security"):
            assert "401" in declared, (method, path)


def test_error_bodies_have_detail_and_code(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["ErrorOut"]
    assert {"detail", "code"} <= set(error["required"])
    create_person = spec["paths"]["/api/v1/people"]["post"]["responses"]
    assert create_person["409"]["content"]["application/json"]["schema"]["$ref"].endswith("DuplicateErrorOut")
    for code in ("400", "401", "403", "422"):
        assert create_person[code]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_writes_need_the_token_and_reads_may_be_anonymous(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for method, path, op in operations(spec):
        if path.startswith("/api/v1/verify/"):
            assert "security" not in op
        elif method == "get" or (method, path) in READING_POSTS:
            assert {} in op["security"], path
        else:
            assert op["security"] == [{"TokenAuth": []}], path


def test_operation_ids_are_short_and_unique(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids)) and "create_person" in ids and "approve_licence" in ids


def test_api_docs_redirects_to_the_docs_page(client: Client, db: None) -> None:
    for path in ("/api/docs", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/api/v1/docs"


def test_docs_page_loads_nothing_from_outside_the_site(client: Client, db: None) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html and "/api/v1/openapi.json" in html
    assert not re.findall(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise call validator.swagger.io
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(asset), asset  # shipped with django-ninja, served by whitenoise


@pytest.mark.parametrize(
    ("language", "words"), [("ru", "требуется"), ("kk", "қажет"), ("fr", "requise"), ("en", "required")]
)
def test_error_messages_follow_accept_language(client: Client, db: None, language: str, words: str) -> None:
    response = client.post(
        "/api/v1/clubs", {}, content_type="application/json", headers={"Accept-Language": language}
    )
    assert response.status_code == 401
    assert words in response.json()["detail"].lower()


def test_domain_errors_are_translated(client: Client, carol_manager: User, club_ridder: Club) -> None:
    api = ApiClient(client, carol_manager)
    api.headers["Accept-Language"] = "fr"
    response = api.patch(f"/clubs/{club_ridder.pk}", {"town": "Oskemen"})
    assert response.status_code == 403 and "club" in response.json()["detail"]
    assert response.json()["detail"] != "You may not change this club."
