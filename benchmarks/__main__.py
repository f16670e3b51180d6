"""Run each benchmark module (``bench_*.py``); ``python -m benchmarks NAME`` runs those matching NAME.

Each module runs in a process of its own: some set Django up with their own settings (a fresh
database, DEBUG off), which can be done only once per process.
"""

import pkgutil
import subprocess
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = [n for n in names if not argv or any(a in n for a in argv)]
    failed = []
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", f"from benchmarks import {name}; {name}.main()"])
        if done.returncode != 0:
            failed.append(name)
        print(f"--- {name}: {time.perf_counter() - started:.1f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
