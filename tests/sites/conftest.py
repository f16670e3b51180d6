"""The personas of the web tests (a planner, a partner, the public …) for the site-study tests."""

from tests.web.conftest import (  # noqa: F401
    alice_admin,
    english,
    make_user,
    paul_public,
    pia_planner,
    pierre_partner,
    reference_data,
)
