"""Models and migrations agree: a model change without its migration fails here, not in production."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as stop:  # --check exits non-zero when a migration is missing
        pytest.fail(f"missing migrations (exit {stop.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
