"""The shipped server (gunicorn, ``alatau serve --production``) beside Django's development server.

The demo data in a temporary folder, ALATAU_DEBUG=0 for both servers. 50 concurrent clients ask
for the public pages and the API lists in turn (requests/s, p50, p95, errors); then 200 clients
poll a race's live results once a second with their ETag, as the live board does, on the
production server. The goal of issue 8: at least 188 requests/s with p95 ≤ 187 ms on gunicorn.
"""

import functools
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.loadclient import Tally, hammer, poll

HOST = "127.0.0.1"
CLIENTS = 50
POLLERS = 200
SECONDS = float(os.environ.get("ALATAU_BENCH_SECONDS", "20"))
PUBLIC = [
    "/en/",
    "/en/registry/clubs/",
    "/en/races/",
    "/en/news/",
    "/en/figures/",
    "/api/v1/clubs",
    "/api/v1/people",
    "/api/v1/regions",
]
ALATAU = str(Path(sys.executable).with_name("alatau"))
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _env(folder: Path) -> dict[str, str]:
    kept = {"ALATAU_WORKERS", "ALATAU_THREADS", "ALATAU_SHARED_DIR"}  # the shipped server's own knobs
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALATAU_") or k in kept}
    return {
        **env,
        "ALATAU_VAR_DIR": str(folder),
        "ALATAU_DEBUG": "0",
        "ALATAU_SECRET_KEY": secrets.token_urlsafe(50),
        "ALATAU_ACCESS_LOG": "0",
        "ALATAU_LOG_LEVEL": "ERROR",
        "ALATAU_SHARED_DIR": os.environ.get("ALATAU_SHARED_DIR", str(SHARED)),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start in 60 s")


def _command(mode: str, port: int) -> list[str]:
    if mode == "reference":  # the yardstick: plain gunicorn, 4 sync workers, not shipped
        wsgi = ["-m", "gunicorn", "alatau.web.wsgi:application", "--workers=4", "--log-level=error"]
        return [sys.executable, *wsgi, f"--bind={HOST}:{port}"]
    return [ALATAU, "serve", f"--{mode}", "--port", str(port)]


def _serve(env: dict[str, str], mode: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = _command(mode, port)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_ready(port, process)
    hammer(HOST, port, PUBLIC, 4, 2.0)  # warm: the first requests load templates and translations
    return process, port


def _server_cpu(process: subprocess.Popen[bytes]) -> float:
    """CPU seconds used so far by the server and its workers: a figure the machine's other load spares."""
    import psutil

    root = psutil.Process(process.pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _measured(process: subprocess.Popen[bytes], run: Callable[[], Tally], label: str) -> Tally:
    before = _server_cpu(process)
    tally = run()
    cpu = (_server_cpu(process) - before) / max(len(tally.latencies), 1)
    print(f"{tally.line(label)}  server CPU {cpu * 1000:.1f} ms/request", flush=True)
    return tally


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def _race_id(env: dict[str, str]) -> int:
    code = "from alatau.competitions.models import Race; print(Race.objects.order_by('pk').first().pk)"
    command = [ALATAU, "manage", "shell", "-c", code]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alatau-bench-server-") as tmp:
        env = _env(Path(tmp))
        subprocess.run([ALATAU, "manage", "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([ALATAU, "demo", "--once"], env=env, check=True, stdout=subprocess.DEVNULL)
        live = f"/api/v1/races/{_race_id(env)}/live"
        workers = os.environ.get("ALATAU_WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
        print(
            f"{len(PUBLIC)} public pages and API lists, {CLIENTS} clients, {SECONDS:.0f} s each, demo data:"
        )
        tallies = {}
        servers = [
            ("development", "runserver"),
            ("reference", "gunicorn 4 sync workers (reference)"),
            ("production", f"shipped: gunicorn {workers} × {os.environ.get('ALATAU_THREADS', 1)} threads"),
        ]
        for mode, label in servers:
            process, port = _serve(env, mode)
            try:
                load = functools.partial(hammer, HOST, port, PUBLIC, CLIENTS, SECONDS)
                tallies[mode] = _measured(process, load, label)
                if mode == "production":
                    print(f"{live} under {POLLERS} clients polling every second (ETag), gunicorn:")
                    polling = functools.partial(poll, HOST, port, live, POLLERS, SECONDS)
                    _measured(process, polling, "live results")
            finally:
                _stop(process)
        rate = {mode: len(t.latencies) / t.seconds for mode, t in tallies.items()}
        print(
            f"  → shipped/runserver ×{rate['production'] / rate['development']:.2f}, "
            f"shipped/reference ×{rate['production'] / rate['reference']:.2f}; "
            "issue 8's figures on its machine: runserver 108 req/s, reference 188 req/s p95 187 ms"
        )


if __name__ == "__main__":
    main()
