"""A real portal on loopback for load and fault scripts (scripts/faults/, make bench).

Small API, everything bounded by timeouts and cleaned up on exit (use the context managers)::

    from scripts.harness import PostgresCluster, Portal, portal_env, prepare_database, run_wrk

    with PostgresCluster() as pg:                       # throw-away cluster, own port
        env = portal_env(DATABASE_URL=pg.create_database("portal"))
        prepare_database(env)                           # migrate, cache table, registry, demo
        with Portal(env) as portal:                     # gunicorn on 127.0.0.1:<free port>
            figures = run_wrk(portal.url, ["/", "/buscar/"], duration=10, connections=16)
            pg.restart()                                # the portal must recover by itself

- ``portal_env(**overrides)``: production settings for a loopback portal (DEBUG=0, SECRET_KEY,
  SECURE_SSL_REDIRECT=0, ALLOWED_HOSTS=127.0.0.1, a private VAR_DIR/MEDIA_ROOT/STATIC_ROOT).
- ``manage(args, env)``: runs ``manage.py`` with a timeout; raises ``HarnessError`` on failure.
- ``prepare_database(env, demo=True)``: what ``make setup`` does, plus ``collectstatic``.
- ``Portal(env, workers=2, threads=4)``: ``start()`` waits until ``/healthz`` answers 200,
  ``stop()`` terminates the whole process group; ``.url``, ``.log_path``, ``.pid``.
- ``run_wrk(url, paths, duration, connections)``: ``wrk --latency`` over a rotation of paths;
  returns a dict (requests, rps, latency_ms p50/p90/p95/p99/max, status_5xx, status_4xx,
  non_2xx_3xx, socket_errors {connect, read, write, timeout}, socket_errors_total).
- ``PostgresCluster()``: ``initdb`` into a temp dir (as ``postgres`` via ``runuser`` when we are
  root), trust auth on loopback only; ``start()``, ``stop(mode)``, ``restart(mode)``,
  ``create_database(name)`` returning its DATABASE_URL, ``psql(sql, db)``.
- ``http_get(url, timeout)`` / ``wait_http(url, timeout)``: one bounded request / poll.

Import it with the repository root on ``sys.path`` (``from scripts.harness import ...``).
Nothing here listens on anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
VENV_BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"


class HarnessError(RuntimeError):
    """A setup step failed or did not finish in time."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env(workdir: str | Path | None = None, **overrides: str) -> dict:
    """The environment of a production-settings portal on loopback.

    ``workdir`` holds VAR_DIR, MEDIA_ROOT and STATIC_ROOT (a new temp dir if not given; the
    caller removes it, or uses ``Portal``/``PostgresCluster`` temp dirs). Without
    ``DATABASE_URL`` in ``overrides`` the database is SQLite in ``workdir``; without
    ``CACHE_URL`` the cache is that database's (never a Redis the caller's shell names).
    """
    workdir = Path(workdir or tempfile.mkdtemp(prefix="portal-harness-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SEARCH_", "ELASTICSEARCH_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DEBUG="0",
        SECRET_KEY="harness-only-not-a-secret-0123456789abcdefghijklmnop",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1",
        VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
        HARNESS_WORKDIR=str(workdir),
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(
    args: list[str], env: dict, timeout: float = 600, root: Path = ROOT
) -> subprocess.CompletedProcess:
    """``manage.py <args>`` in the repository (or the checkout ``root``) with ``env``;
    HarnessError if it fails."""
    try:
        done = subprocess.run(
            [PYTHON, str(root / "manage.py"), *args],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise HarnessError(f"manage.py {' '.join(args)} took more than {timeout:.0f} s") from None
    if done.returncode:
        raise HarnessError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


def prepare_database(env: dict, demo: bool = True, timeout: float = 900) -> None:
    """Migrate, create the cache table, import the registry, load the demo content and demo
    accounts (``demo=True``), and collect static files as production stores them."""
    # The cache tables first: migrations that save content renew the page cache's generation.
    steps = [["createcachetable"], ["migrate", "--noinput", "-v0"]]
    if demo:
        steps += [["import_municipalities"], ["load_demo"], ["ensure_demo_admin"]]
    deadline = time.monotonic() + timeout
    for step in steps:
        # The demo commands refuse to run without DEBUG (they are for development).
        manage(step, env | {"DEBUG": "1"}, timeout=max(1.0, deadline - time.monotonic()))
    manage(
        ["collectstatic", "--noinput", "-v0"], env, timeout=max(1.0, deadline - time.monotonic())
    )


def demo_password(env: dict) -> str:
    """The demo accounts' password written by ``ensure_demo_admin`` under VAR_DIR."""
    return (Path(env["VAR_DIR"]) / "demo-admin-password.txt").read_text().strip()


def http_get(url: str, timeout: float = 10, headers: dict | None = None) -> tuple[int, bytes]:
    """(status, body) of one GET; status 0 when the connection failed or timed out."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


def wait_http(url: str, timeout: float = 60, status: int = 200, interval: float = 0.2) -> float:
    """Poll ``url`` until it answers ``status``; the seconds it took. HarnessError on timeout."""
    start = time.monotonic()
    while True:
        if http_get(url, timeout=min(5.0, timeout))[0] == status:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise HarnessError(f"{url} did not answer {status} within {timeout:.0f} s")
        time.sleep(interval)


_CONTROL_SOCKET_FLAG: list[str] | None = None


def _gunicorn_flags() -> list[str]:
    """``--no-control-socket`` where gunicorn has one (a shared path under ~/.gunicorn that
    concurrent portals would take from each other)."""
    global _CONTROL_SOCKET_FLAG
    if _CONTROL_SOCKET_FLAG is None:
        done = subprocess.run(
            [str(VENV_BIN / "gunicorn"), "--help"], capture_output=True, text=True, timeout=30
        )
        _CONTROL_SOCKET_FLAG = (
            ["--no-control-socket"] if "--no-control-socket" in done.stdout else []
        )
    return _CONTROL_SOCKET_FLAG


def _stop_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM the process group, then SIGKILL it if it is still there after ``timeout``."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Portal:
    """gunicorn serving ``portal.wsgi`` on 127.0.0.1:<free port> with ``env``."""

    def __init__(
        self,
        env: dict,
        workers: int = 2,
        threads: int = 4,
        timeout: int = 30,
        start_timeout: float = 90,
        preexec_fn=None,
        extra_args: list[str] | None = None,
        root: Path = ROOT,
    ):
        self.env = env
        self.root = root  # the checkout whose code is served (another commit, to compare)
        self.workers = workers
        self.threads = threads
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.preexec_fn = preexec_fn
        self.extra_args = extra_args or []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(env.get("HARNESS_WORKDIR", tempfile.gettempdir())) / (
            f"gunicorn-{self.port}.log"
        )
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> Portal:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")

        def _preexec():
            os.setsid()
            if self.preexec_fn:
                self.preexec_fn()

        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
                f"--timeout={self.timeout}",
                "--graceful-timeout=5",
                *_gunicorn_flags(),
                *self.extra_args,
            ],
            env=self.env,
            cwd=self.root,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_preexec,  # noqa: PLW1509 - a new session so stop() ends all workers
        )
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while http_get(f"{self.url}/healthz", timeout=2)[0] != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise HarnessError(f"the portal did not start; see {self.log_path}:\n{self.log()}")
            time.sleep(0.3)
        return self

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self, tail: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def __enter__(self) -> Portal:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# wrk: a rotation of paths; 4xx/5xx counted per thread in Lua and printed in machine form.
_WRK_LUA = """
local paths = {%(paths)s}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  s5 = 0
  s4 = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1 end
end
function done(summary, latency, requests)
  local t5, t4 = 0, 0
  for _, t in ipairs(threads) do
    t5 = t5 + t:get("s5")
    t4 = t4 + t:get("s4")
  end
  local e = summary.errors
  io.write(string.format(
    "HARNESS requests=%%d duration_us=%%d bytes=%%d connect=%%d read=%%d write=%%d timeout=%%d status=%%d s5=%%d s4=%%d p50=%%d p90=%%d p95=%%d p99=%%d max=%%d\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    e.status, t5, t4, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99),
    latency.max))
end
"""


def run_wrk(
    url: str,
    paths: list[str] | None = None,
    duration: int = 10,
    connections: int = 16,
    threads: int = 2,
    request_timeout: int = 10,
    headers: dict | None = None,
) -> dict:
    """Run ``wrk --latency`` against ``url`` cycling through ``paths``; the figures as a dict.

    Keys: requests, duration_s, rps, latency_ms {p50, p90, p95, p99, max}, status_5xx, status_4xx,
    non_2xx_3xx, socket_errors {connect, read, write, timeout}, socket_errors_total, output.
    Bounded: wrk is killed after ``duration + request_timeout + 30`` seconds.
    """
    paths = paths or ["/"]
    lua = _WRK_LUA % {"paths": ", ".join(_lua_string(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            WRK,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            f"--timeout={request_timeout}s",
            "--latency",
            f"--script={script.name}",
        ]
        for name, value in (headers or {}).items():
            command.append(f"--header={name}: {value}")
        command.append(url.rstrip("/") + paths[0])
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=duration + request_timeout + 30,
            )
        except subprocess.TimeoutExpired:
            raise HarnessError(
                f"wrk did not finish within {duration + request_timeout + 30} s"
            ) from None
    finally:
        os.unlink(script.name)
    if done.returncode:
        raise HarnessError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]}")
    return parse_wrk(done.stdout)


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_wrk(output: str) -> dict:
    """The figures of ``wrk --latency`` output (with the harness's Lua summary line)."""
    match = re.search(r"^HARNESS (.*)$", output, re.M)
    if not match:
        raise HarnessError(f"wrk printed no summary:\n{output[-2000:]}")
    raw = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    socket_errors = {key: raw[key] for key in ("connect", "read", "write", "timeout")}
    duration_s = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "duration_s": round(duration_s, 2),
        "rps": round(raw["requests"] / duration_s, 1) if duration_s else 0.0,
        "latency_ms": {
            key: round(raw[key] / 1000, 1) for key in ("p50", "p90", "p95", "p99", "max")
        },
        "status_5xx": raw["s5"],
        "status_4xx": raw["s4"],
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else raw["status"],
        "socket_errors": socket_errors,
        "socket_errors_total": sum(socket_errors.values()),
        "output": output,
    }


def _pg_bin() -> Path:
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        raise HarnessError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    return versions[-1]


class PostgresCluster:
    """A throw-away PostgreSQL cluster in a temp dir on 127.0.0.1:<free port>.

    Trust authentication, loopback only, its own Unix socket directory. ``durable=False``
    turns fsync off (fast setup; a server restart still loses nothing, only an OS crash
    would). Removed with its directory on ``close()`` / leaving the ``with`` block.
    """

    def __init__(self, durable: bool = False, timeout: float = 60):
        self.bin = _pg_bin()
        self.timeout = timeout
        self.durable = durable
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.dir / "data"
        self.log_path = self.dir / "postgres.log"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self._initialised = False

    def _run(self, args: list[str], timeout: float | None = None) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout or self.timeout,
                cwd=self.dir,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise HarnessError(
                f"{args[0]} took more than {timeout or self.timeout:.0f} s"
            ) from None
        if done.returncode:
            raise HarnessError(
                f"{' '.join(args)} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
            )
        return done

    def init(self) -> None:
        self._run(
            [
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            timeout=120,
        )
        conf = [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.dir}'",
            "max_connections = 100",
            "shared_buffers = 64MB",
        ]
        if not self.durable:
            conf += ["fsync = off", "full_page_writes = off"]
        with (self.data / "postgresql.conf").open("a") as handle:
            handle.write("\n# portal harness\n" + "\n".join(conf) + "\n")
        # Trust on loopback only; no other host can reach this cluster anyway.
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        self._initialised = True

    def start(self) -> PostgresCluster:
        if not self._initialised:
            self.init()
        self._run(
            ["pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "30", "start"]
        )
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"])

    def restart(self, mode: str = "fast") -> None:
        self._run(
            ["pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-m", mode, "-w", "-t", "30"]
            + ["restart"]
        )

    def running(self) -> bool:
        done = subprocess.run(
            [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "2"],
            capture_output=True,
            timeout=10,
        )
        return done.returncode == 0

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres", timeout: float = 60) -> str:
        """Run ``sql`` with psql (tuples only, unaligned, ``|``-separated); its output."""
        try:
            done = subprocess.run(
                [
                    str(self.bin / "psql"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "-d",
                    database,
                    "-X",
                    "-q",
                    "-A",
                    "-t",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    sql,
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise HarnessError(f"psql took more than {timeout:.0f} s") from None
        if done.returncode:
            raise HarnessError(f"psql failed: {done.stderr[-1500:]}")
        return done.stdout.strip()

    def create_database(self, name: str) -> str:
        """Create database ``name``; its DATABASE_URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        try:
            if self._initialised and (self.data / "postmaster.pid").exists():
                try:
                    self.stop("immediate")
                except HarnessError:
                    pid_file = self.data / "postmaster.pid"
                    if pid_file.exists():
                        pid = int(pid_file.read_text().split()[0])
                        os.kill(pid, signal.SIGKILL)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc) -> None:
        self.close()
