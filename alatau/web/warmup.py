"""Warm the preloaded application in gunicorn's master before it forks the workers.

Each worker would otherwise pay its first requests' cost itself (URL map, the four languages'
catalogues, compiled templates, lazily imported modules: about 0.8 s a page), all at once when
a busy server starts or a worker is recycled. Done once in the master, the workers inherit it,
and ``gc.freeze()`` keeps those objects out of every later collection (and their memory shared).
"""

import gc
import logging

from django.conf import settings
from django.db import connections
from django.test import Client

log = logging.getLogger(__name__)

#: Public pages and lists; ``{lang}`` takes each language in turn.
WARM_PATHS = ["/{lang}/", "/{lang}/registry/clubs/", "/{lang}/races/", "/{lang}/news/", "/{lang}/figures/",
              "/{lang}/accounts/login/", "/api/v1/clubs", "/api/v1/people", "/api/v1/regions"]  # fmt: skip


def warm_host() -> str:
    """A host name that ALLOWED_HOSTS accepts."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".") or "localhost"
    return "localhost"


def warm_up() -> int:
    """Render the public pages once in every language; the number of pages that answered 200."""
    client = Client(HTTP_HOST=warm_host())
    done = 0
    for code, _name in settings.LANGUAGES:
        for path in WARM_PATHS:
            try:
                done += client.get(path.format(lang=code), secure=True).status_code == 200
            except Exception:  # a page that fails here fails for its visitors too: log it, go on
                log.exception("warm-up of %s failed", path)
    connections.close_all()  # no database connection may cross the fork
    gc.collect()
    gc.freeze()
    return done
