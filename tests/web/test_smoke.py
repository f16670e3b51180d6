from django.test import Client


def test_home_page_answers_in_each_language(client: Client, db: None) -> None:
    for lang in ("kk", "ru", "en", "fr"):
        assert client.get(f"/{lang}/").status_code == 200
