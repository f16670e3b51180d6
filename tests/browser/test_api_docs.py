"""The API docs page (Swagger UI) renders in Chromium with every request staying on the site."""

from typing import Any
from urllib.parse import urlsplit


def test_api_docs_render_offline(page: Any, live_server: Any) -> None:
    own = urlsplit(live_server.url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    page.wait_for_selector("text=Alatau API")
    # The operations come from the spec, fetched from the site itself.
    page.locator(".opblock-summary-path", has_text="/api/v1/people").first.wait_for()
    assert page.locator(".opblock").count() >= 19
    foreign = [url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).netloc != own]
    assert foreign == []
    assert any(url.endswith("/api/v1/openapi.json") for url in requested)
