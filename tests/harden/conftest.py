"""The registry personas of tests/web, for the hardening tests."""

from tests.web.conftest import *  # noqa: F403
