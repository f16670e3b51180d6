"""In Chromium: the language switcher turns the UI into Kazakh (and keeps the page)."""

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_to_kazakh(page: Any) -> None:
    page.goto("/en/registry/clubs/")
    assert page.inner_text("h1") == "Clubs"
    page.select_option("#language-select", "kk")
    page.wait_for_url("**/kk/registry/clubs/")
    assert page.inner_text("h1") == "Клубтар"
    assert page.get_attribute("html", "lang") == "kk"
    assert "Қазақстан шаңғы федерациясы" in page.title()
    page.select_option("#language-select", "fr")
    page.wait_for_url("**/fr/registry/clubs/")
    assert page.inner_text("h1") == "Clubs" and "Fédération kazakhe de ski" in page.title()
