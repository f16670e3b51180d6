"""``alatau serve``, ``alatau demo`` and ``alatau manage``: the web application's commands."""

import os
import signal
import subprocess
import sys

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.web.settings")
    import django

    django.setup()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--production/--development",
    default=None,
    help="gunicorn, or Django's development server; default: gunicorn when ALATAU_DEBUG=0.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="gunicorn workers [ALATAU_WORKERS, 2 × cores + 1]"
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="With the development server, also run the background-job worker (site studies) beside it; "
    "in production the worker is its own service (docs/deploy.md).",
)
def serve(host: str, port: int, production: bool | None, workers: int | None, worker: bool) -> None:
    """Serve the web application: gunicorn in production, else the development server and a job worker."""
    setup_django()
    from django.conf import settings

    from alatau.web.security import refuse_unsafe_production

    refuse_unsafe_production()
    if production is None:
        production = not settings.DEBUG
    from alatau.web import server

    if not settings.DEBUG:  # WhiteNoise serves var/static: DEBUG off, Django serves no static file itself
        server.collect_static()
    if production:
        server.exec_gunicorn(host, port, workers)
    from django.core.management import call_command

    process = start_worker() if worker else None
    # A plain `kill` of the server stops its worker too (SystemExit runs the finally below).
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process is not None:
            stop_worker(process)


def start_worker() -> subprocess.Popen[bytes]:
    """Start ``alatau manage db_worker`` as a child process on the same settings and database."""
    command = [
        sys.executable,
        "-c",
        "from alatau.cli import main; main()",
        "manage",
        "db_worker",
        "--no-reload",
    ]
    return subprocess.Popen(command)  # inherits the environment: the same settings and database


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    """Stop the worker the server started: politely, then for good after 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@click.command()
@click.option("--once", is_flag=True, help="Do nothing when the demo data is already loaded.")
def demo(once: bool) -> None:
    """Load the Almaty-centred demo data set and print the demo logins."""
    setup_django()
    from django.db import DatabaseError

    from alatau.demo import describe, load_demo
    from alatau.errors import AlatauError

    try:
        result = load_demo(once=once)
    except DatabaseError as error:  # most often: the database is not migrated yet
        message = f"the database is not ready ({error}); run `alatau manage migrate` first"
        raise AlatauError(message) from error
    for line in describe(result):
        click.echo(line)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (migrate, createsuperuser, …)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alatau manage", *args])
