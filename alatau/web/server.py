"""The production server: gunicorn over the WSGI application, its static files collected first.

Why WSGI and not ASGI: the live results are polled (a GET every second answered 304 while the
ETag holds), not pushed over WebSockets or server-sent events, so no request stays open; the
ORM and the services are synchronous, and an ASGI server would only add a thread hop to each
request. Sync workers by default: measured on 2 cores (``make bench``), 5 sync workers gave
157 req/s at p95 395 ms where 5 × 2 threads gave 178 req/s at p95 702 ms and 5 × 4 threads 156 req/s at
p95 904 ms — threads raise the tail latency (the GIL) more than the throughput. ``ALATAU_THREADS``
above 1 switches to threaded workers (``gthread``), which keep connections alive between polls.
"""

import os
import sys

#: What gunicorn loads; :mod:`alatau.web.wsgi` refuses an unsafe production set-up on import.
WSGI_APP = "alatau.web.wsgi:application"


def default_workers() -> int:
    """Gunicorn's own advice: two workers per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def env_int(name: str, default: int) -> int:
    """A positive whole number from the environment, or the default when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        from alatau.errors import InputError

        raise InputError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def gunicorn_argv(host: str, port: int, workers: int | None = None) -> list[str]:
    """The gunicorn command line; workers from the argument, else ``ALATAU_WORKERS``, else 2 × cores + 1."""
    count = workers or env_int("ALATAU_WORKERS", default_workers())
    threads = env_int("ALATAU_THREADS", 1)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--config=python:alatau.web.gunicorn_conf",
        "--preload",
        "--no-control-socket",  # systemd (or the container) controls the process
        f"--bind={host}:{port}",
        f"--workers={count}",
        # Threads overlap the waits on the database; 1 thread: gunicorn's plain sync worker.
        "--worker-class=" + ("gthread" if threads > 1 else "sync"),
        f"--threads={threads}",
        f"--timeout={env_int('ALATAU_REQUEST_TIMEOUT', 60)}",
        "--graceful-timeout=20",
        "--keep-alive=5",
        f"--max-requests={env_int('ALATAU_MAX_REQUESTS', 5000)}",
        "--max-requests-jitter=500",
        "--error-logfile=-",
        f"--log-level={os.environ.get('ALATAU_LOG_LEVEL', 'WARNING').lower()}",
        "--forwarded-allow-ips=" + os.environ.get("ALATAU_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    ]
    if os.environ.get("ALATAU_ACCESS_LOG", "1") != "0":  # on stdout: journald or the container keeps it
        argv.append("--access-logfile=-")
    return argv


def collect_static() -> None:
    """Copy every app's static files into ``STATIC_ROOT`` (var/static), where WhiteNoise serves them."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def exec_gunicorn(host: str, port: int, workers: int | None = None) -> None:
    """Replace this process with gunicorn (systemd then signals gunicorn itself)."""
    argv = gunicorn_argv(host, port, workers)
    # Persistent database connections: on SQLite each close of the last connection checkpoints
    # the WAL and removes its files, ~3 ms that every request would pay again; on PostgreSQL,
    # the connection set-up. The master closes its own before forking (alatau.web.warmup).
    os.environ.setdefault("ALATAU_DB_CONN_MAX_AGE", "600")
    sys.stdout.flush()
    os.execv(argv[0], argv)
