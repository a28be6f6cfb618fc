"""Run every fault script (scripts/faults/*.py), each bounded in time; exit 1 if any fails.

    .venv/bin/python scripts/faults/run_all.py [load postgres_restart ...]

Each script starts its own throw-away PostgreSQL cluster and portal on 127.0.0.1
(readers_writers also a portal on SQLite, the default) and prints what it checked with figures.
``make faults`` runs this.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Name, time limit in seconds (setup of a demo database included).
SCRIPTS = [
    ("load", 600),
    ("postgres_restart", 600),
    ("search_down", 600),
    ("media_unwritable", 600),
    # SQLite, then PostgreSQL: 3,000 generated items each (about 4 minutes each).
    ("readers_writers", 1200),
]


def main() -> int:
    wanted = set(sys.argv[1:])
    unknown = wanted - {name for name, _limit in SCRIPTS}
    if unknown:
        print(f"unknown fault scripts: {sorted(unknown)}", file=sys.stderr)
        return 2
    results = []
    for name, limit in SCRIPTS:
        if wanted and name not in wanted:
            continue
        start = time.monotonic()
        try:
            # A new session: on timeout the script's whole process group is stopped, and its
            # own finally blocks have run (SIGTERM first).
            process = subprocess.Popen(
                [sys.executable, str(HERE / f"{name}.py")], start_new_session=True
            )
            try:
                code = process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
                print(f"== {name}: FAIL (did not finish within {limit} s)", flush=True)
                code = 124
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=30)
            raise
        results.append((name, code, time.monotonic() - start))
    print("\n== faults summary")
    for name, code, took in results:
        print(f"   {'PASS' if code == 0 else 'FAIL'}  {name:<18} {took:5.0f} s")
    failed = [name for name, code, _took in results if code]
    print(f"== {len(results) - len(failed)}/{len(results)} fault scripts passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
