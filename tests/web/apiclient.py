"""A small JSON client for the API tests: ``ApiClient(client, user)`` sends that user's Bearer token."""

import json
from typing import Any

from django.test import Client

from alatau.api.models import ApiToken

BASE = "/api/v1"


class ApiClient:
    """Calls ``/api/v1`` as ``user`` (a fresh token of theirs), or anonymously when ``user`` is None."""

    def __init__(self, client: Client, user: Any = None, *, token: str | None = None) -> None:
        self.client = client
        if user is not None and token is None:
            _, token = ApiToken.issue(user, "tests")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        data = json.dumps(body if body is not None else {})
        return self.client.post(BASE + path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            BASE + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def raw(self, method: str, path: str, data: str) -> Any:
        send = getattr(self.client, method)
        return send(BASE + path, data, content_type="application/json", headers=self.headers)
