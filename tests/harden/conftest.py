"""The registry personas of tests/web, for the hardening tests."""

from tests.web.conftest import *  # noqa: F403
from tests.web.test_every_url import world  # noqa: F401  (a race, a course, licences… for the fuzzers)
