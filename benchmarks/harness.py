"""What the benchmarks that serve the portal over HTTP share: a database of their own on the
PostgreSQL server of DATABASE_URL (created, migrated, dropped at the end), a private Redis,
gunicorn with sync workers as docker-compose runs it, the CPU time the server's processes
spend, and browser-like clients that sign in through the sign-in form.

The served settings are benchmarks/served_settings.py (production's where they matter to a
request) and the URLconf benchmarks/served_urls.py (the portal's plus a bare view, BARE).
"""

import http.client
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WORKERS = int(os.environ.get("BENCH_WORKERS", os.environ.get("CASE_PAGE_WORKERS", "3")))
CLIENTS = 4
BARE = "/bench/bare/"


def use_served_settings() -> None:
    """Import before Django: the portal on sys.path, the benchmarks' settings module."""
    for path in (str(ROOT), str(HERE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = "served_settings"


# --- the services -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout=60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on port {port} within {timeout} s")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_redis() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_port(port, process, "redis-server")
    return process, f"redis://127.0.0.1:{port}/0"


def start_gunicorn(port: int, workers: int = WORKERS) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application",
         "--chdir", str(ROOT), "--pythonpath", str(HERE),
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
         "--log-level", "warning"],
        env=os.environ.copy(),
    )  # fmt: skip
    wait_for_port(port, process, "gunicorn")
    return process


@dataclass
class Database:
    """The benchmark's own database on the server of DATABASE_URL."""

    url: str
    name: str = ""
    admin_url: str = ""
    local: bool = False

    suffix: str = "bench"

    def __post_init__(self):
        parts = urlsplit(self.url)
        named = parts.path.lstrip("/") or self.suffix
        self.name = named if "bench" in named else f"{named}_{self.suffix}"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.local = parts.hostname in (None, "", "127.0.0.1", "localhost", "::1")

    def _run(self, sql: str, *params) -> list:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            cursor = connection.execute(sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def create(self) -> None:
        self.drop()  # left by an interrupted run
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def backends(self) -> list[int]:
        return [pid for (pid,) in self._run(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", self.name
        )]  # fmt: skip


class ServerCpu:
    """CPU seconds used so far by the processes that serve the requests: gunicorn's workers
    and, when PostgreSQL runs on this machine, the benchmark database's backends. From /proc,
    so Linux only (None elsewhere)."""

    TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, gunicorn: subprocess.Popen, database: Database):
        self.gunicorn, self.database = gunicorn, database
        self.available = Path("/proc/self/stat").exists()

    @staticmethod
    def _stat(pid) -> list[str] | None:
        try:  # the fields after "(command)", from field 3 (state) on
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None

    def _pids(self) -> dict[int, str]:
        pids = {
            int(entry.name): "gunicorn"
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit()
            and (stat := self._stat(entry.name))
            and int(stat[1]) == self.gunicorn.pid
        }
        if self.database.local:
            pids.update(dict.fromkeys(self.database.backends(), "postgres"))
        return pids

    def read(self) -> dict[int, tuple[str, float]] | None:
        if not self.available:
            return None
        used = {}
        for pid, kind in self._pids().items():
            if stat := self._stat(pid):
                used[pid] = (kind, (int(stat[11]) + int(stat[12])) / self.TICKS)  # user + sys
        return used

    @staticmethod
    def spent(before, after) -> dict[str, float] | None:
        """Seconds used between two readings, by kind (a process that ended in between is
        lost, one that started counts in full)."""
        if before is None or after is None:
            return None
        spent = {"gunicorn": 0.0, "postgres": 0.0}
        for pid, (kind, seconds) in after.items():
            spent[kind] += seconds - before.get(pid, (kind, 0.0))[1]
        return spent


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def call(port, method, path, *, cookies=None, form=None, body=None, headers=None) -> Reply:
    """One request on a new connection, as a browser's to gunicorn's sync workers (they close
    each connection after its response). `form`: fields sent url-encoded; `body` and
    `headers`: sent as given (a multipart upload, say)."""
    headers = {"Accept-Language": "en", "User-Agent": "portal-benchmark", **(headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"http://127.0.0.1:{port}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        connection.close()


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A signed-in applicant's browser: its session and CSRF cookies, and a form's token.

    It keeps no flash-message cookie: a browser shows the message on the page a submission
    redirects to, which the benchmark does not ask for; sent back, the messages would pile
    up in the cookie and then in the session."""

    def __init__(self, port: int, credentials: dict[str, str]):
        self.port = port
        self.credentials = credentials
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def call(self, method, path, form=None, **kwargs) -> Reply:
        reply = call(self.port, method, path, cookies=self.cookies, form=form, **kwargs)
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if name in ("sessionid", "csrftoken"):
                    self.cookies[name] = morsel.value
        return reply

    def sign_in(self, form_path: str) -> None:
        page = self.call("GET", "/accounts/sign-in/")
        token = CSRF_FIELD.search(page.body).group(1).decode()
        form = {"csrfmiddlewaretoken": token, **self.credentials}
        reply = self.call("POST", "/accounts/sign-in/", form)
        assert reply.status == 302 and "sessionid" in self.cookies, reply.status
        # Signing in rotates the CSRF secret: take the token from a page with the form now,
        # as a browser posts the form of the page it shows.
        page = self.call("GET", form_path)
        assert page.status == 200, page.status
        self.csrf_token = CSRF_FIELD.search(page.body).group(1).decode()


@dataclass
class Load:
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list = field(default_factory=list)
    server_cpu: dict[str, float] | None = field(default_factory=dict)
    client_cpu: float = 0.0

    def add(self, other: "Load") -> None:
        self.requests += other.requests
        self.seconds += other.seconds
        self.latencies_ms += other.latencies_ms
        self.client_cpu += other.client_cpu
        if self.server_cpu is None or other.server_cpu is None:
            self.server_cpu = None
        else:
            for kind, seconds in other.server_cpu.items():
                self.server_cpu[kind] = self.server_cpu.get(kind, 0.0) + seconds

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    def server_cpu_ms(self, kind=None) -> float | None:
        """Server CPU time per request: of `kind` (gunicorn, postgres), or of both."""
        if self.server_cpu is None:
            return None
        seconds = self.server_cpu[kind] if kind else sum(self.server_cpu.values())
        return seconds * 1000 / self.requests

    def cpu_text(self) -> str:
        client = f"client {self.client_cpu * 1000 / self.requests:.1f} ms"
        if self.server_cpu is None:
            return f"CPU per request: {client}"
        django, database = self.server_cpu_ms("gunicorn"), self.server_cpu_ms("postgres")
        return (
            f"CPU per request: server {self.server_cpu_ms():.1f} ms (gunicorn {django:.1f} + "
            f"PostgreSQL {database:.1f}), {client}"
        )

    def line(self, name: str) -> str:
        p95 = percentile(self.latencies_ms, 0.95)
        return (
            f"  {name:19s} {self.per_second:6.1f} req/s, latency median {self.median_ms:5.1f} ms"
            f" (p95 {p95:.1f}); {self.cpu_text()}"
        )


def timed(cpu: ServerCpu, run, count: int) -> Load:
    """Run `run()`, which makes `count` requests and returns their latencies in ms."""
    before, client = cpu.read(), time.process_time()
    started = time.perf_counter()
    latencies = run()
    seconds = time.perf_counter() - started
    client = time.process_time() - client
    return Load(count, seconds, latencies, ServerCpu.spent(before, cpu.read()), client)


def hammer(port, path, count, browsers=None, expect=b"", clients=CLIENTS) -> list[float]:
    """`count` GETs of `path` from `clients` threads at once, signed in when `browsers` (one
    per thread) are given; their latencies in ms."""
    latencies, failures = [], []
    tickets = itertools.count()

    def client(index):
        cookies = browsers[index].cookies if browsers else None
        while next(tickets) < count:
            started = time.perf_counter()
            reply = call(port, "GET", path, cookies=cookies)
            latencies.append((time.perf_counter() - started) * 1000)
            if reply.status != 200 or expect not in reply.body:
                failures.append(reply.status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, f"{path}: {len(failures)} failed, e.g. {failures[:5]}"
    return latencies


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
