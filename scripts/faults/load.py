"""Sustained load: 60 s at 16 connections over public pages, 0 server errors, 0 socket errors.

The portal runs under gunicorn with production settings on a throw-away PostgreSQL cluster
with the demo content; wrk cycles through home, listings, detail pages and searches.

    .venv/bin/python scripts/faults/load.py [--duration 60] [--connections 16]
"""

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PUBLIC_PATHS, Report, harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    report = Report(f"load: {args.duration} s at {args.connections} connections")
    workdir = None
    try:
        with harness.PostgresCluster() as pg:
            env = harness.portal_env(DATABASE_URL=pg.create_database("portal"))
            workdir = env["VAR_DIR"]
            harness.prepare_database(env)
            with harness.Portal(env, workers=args.workers, threads=args.threads) as portal:
                report.info(
                    f"portal {portal.url} (gunicorn {args.workers} workers x {args.threads} "
                    f"threads, PostgreSQL {pg.bin.parent.name} on port {pg.port})"
                )
                statuses = {
                    p: harness.http_get(portal.url + p, timeout=30)[0] for p in PUBLIC_PATHS
                }
                bad = {p: s for p, s in statuses.items() if s != 200}
                report.check(
                    f"every page of the mix answers 200 before the load ({len(PUBLIC_PATHS)} paths)",
                    not bad,
                    str(bad) if bad else "",
                )
                # Warm-up (not counted): every worker compiles its templates and fills its
                # caches once; the first render of a detail page in a new process takes ~2 s.
                warm = harness.run_wrk(
                    portal.url, PUBLIC_PATHS, duration=10, connections=4, threads=2
                )
                report.info(
                    f"warm-up (not counted): {warm['requests']} requests in 10 s, "
                    f"p99 {warm['latency_ms']['p99']} ms, 5xx {warm['status_5xx']}"
                )
                figures = harness.run_wrk(
                    portal.url,
                    PUBLIC_PATHS,
                    duration=args.duration,
                    connections=args.connections,
                    threads=2,
                    request_timeout=10,
                )
                latency = figures["latency_ms"]
                report.info(
                    f"{figures['requests']} requests in {figures['duration_s']} s = "
                    f"{figures['rps']} req/s; latency p50 {latency['p50']} ms, "
                    f"p90 {latency['p90']} ms, p99 {latency['p99']} ms, max {latency['max']} ms"
                )
                report.check(
                    "requests were served", figures["requests"] > 0, str(figures["requests"])
                )
                report.check(
                    "0 server errors (5xx)", figures["status_5xx"] == 0, str(figures["status_5xx"])
                )
                report.check(
                    "0 other non-2xx/3xx responses",
                    figures["non_2xx_3xx"] == 0,
                    f"{figures['non_2xx_3xx']} (4xx: {figures['status_4xx']})",
                )
                report.check(
                    "0 socket errors (connect, read, write, timeout)",
                    figures["socket_errors_total"] == 0,
                    str(figures["socket_errors"]),
                )
                report.check("the portal is still up", portal.alive())
                if not report.ok:
                    report.info("server log (tail):\n" + portal.log(2000))
    except harness.HarnessError as error:
        report.fail("setup", str(error)[-2000:])
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
