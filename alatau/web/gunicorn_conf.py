"""Gunicorn settings that the command line cannot carry: the warm-up of the preloaded application.

``alatau serve --production`` passes ``--config python:alatau.web.gunicorn_conf --preload``.
"""

from typing import Any


def when_ready(server: Any) -> None:
    """In the master, after the application is loaded and before any worker is forked."""
    from alatau.web.warmup import warm_up

    pages = warm_up()
    server.log.info("alatau: warmed %d pages before forking the workers", pages)
