"""The applicant's case page under load, against a bare Django view; and submitting.

    .venv/bin/python benchmarks/case_page.py

Starts what it needs on 127.0.0.1 and stops it at the end: a fresh database on the
PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/case_page_bench),
migrated here and dropped at the end; a private Redis when `redis-server` is installed
(cache, sessions, Celery broker; no Celery worker runs, so queued tasks stay queued);
gunicorn with WORKERS sync workers, as docker-compose runs it. The database named in the
URL is used only if its name contains "bench", since it is dropped; otherwise the benchmark
works in `<name>_case_page_bench` on the same server. Settings: benchmarks/
case_page_settings.py (production's where they matter to a request: DEBUG off, persistent
connections, cached sessions, tasks queued rather than run in the request); URLconf: the
portal's plus a bare view that returns "ok" (benchmarks/case_page_urls.py).

The case: a Gold Card application of a signed-in applicant, submitted, paid (an order, the
simulated gateway's callback, a receipt), sent to WDA, sent back for a supplement that the
applicant answered with a new upload, approved by WDA, verified by MOFA and now in NIA's
final review: seven events on the timeline, every stage on the progress list. The SQL
queries of its page are counted once, in-process (CaptureQueriesContext).

Over HTTP, from CLIENTS threads, each a browser that signed in through the sign-in form: after
WARM_UP requests of each, ROUNDS rounds (their order turning each round) of REQUESTS / ROUNDS
requests of the bare view (anonymous), of the bare view signed in and of the case page. The
ratio is of requests per second, case page over anonymous bare view. Then the final submit of
a complete draft (POST .../review/ with action=submit and the form's CSRF token), a fresh
draft per request: SUBMIT_WARM_UP concurrent ones warm every worker up, then SUBMITS one at a
time, so that the median is a submission's own time, not time spent queueing behind others.

Requests per second and latencies depend on what else the machine runs (other processes take
CPU from gunicorn and PostgreSQL); the load average is printed. Where /proc exists, the CPU
time of the server processes (gunicorn's workers, and the database's PostgreSQL backends when
the server is local) is also printed per request: it moves much less with other load than
wall-clock figures do, and the requests per second of a server whose CPUs are the limit
follow its inverse.

Goals: the case page reaches 30% of the bare view's requests per second; the submit median
stays under 300 ms. Last line:
case_page_over_bare=<ratio> submit_median_ms=<ms>
"""

import http.client
import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/case_page_bench"

WORKERS = int(os.environ.get("CASE_PAGE_WORKERS", "3"))  # docker-compose's web service
CLIENTS = 4
WARM_UP = 50  # requests of each page before measuring
REQUESTS = 400  # measured requests of each page
ROUNDS = 4
SUBMIT_WARM_UP = 4 * WORKERS
SUBMITS = 80
SIGN_IN = {"username": "jane.doe@example.com", "password": "bench-pass-1"}
BARE = "/bench/bare/"

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "case_page_settings"  # in benchmarks/, on sys.path


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


def start_gunicorn(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application",
         "--chdir", str(ROOT), "--pythonpath", str(HERE),
         "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--worker-class", "sync",
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

    def __post_init__(self):
        parts = urlsplit(self.url)
        named = parts.path.lstrip("/") or "case_page_bench"
        self.name = named if "bench" in named else f"{named}_case_page_bench"
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


# --- the data -------------------------------------------------------------------------------


@dataclass
class World:
    case: object = None
    drafts: list = field(default_factory=list)
    events: int = 0
    pdfs: int = 0


def make_users():
    from django.core.management import call_command
    from django.utils import timezone

    from portal.accounts.models import Role, User

    applicant = User.objects.create_user(
        email=SIGN_IN["username"],
        password=SIGN_IN["password"],
        full_name="Jane Doe",
        language="en",
        email_verified_at=timezone.now(),
    )
    reviewers = {
        agency: User.objects.create_user(
            email=f"{agency.lower()}@bench.example",
            full_name=f"{agency} Reviewer",
            role=Role.REVIEWER,
            agency=agency,
            is_staff=True,
            email_verified_at=timezone.now(),
        )
        for agency in ("NIA", "WDA", "MOFA")
    }
    call_command("setup_reviewer_groups", verbosity=0)
    return applicant, reviewers


def goldcard_helpers():
    """The Gold Card tests' complete answers and documents (tests/goldcard/conftest.py), so
    that the drafts stay complete when the forms change. That module imports the tests'
    factories, which need the tests' sample workflow installed; only its fixtures use them,
    not these helpers, so a stand-in does here."""
    if "tests.factories" not in sys.modules:
        stand_in = types.ModuleType("tests.factories")
        stand_in.UserFactory = None
        sys.modules["tests.factories"] = stand_in
    from tests.goldcard import conftest

    return conftest


def complete_draft(applicant):
    from goldcard.models import GoldCardCase

    helpers = goldcard_helpers()
    answers = helpers.goldcard_answers()
    case = GoldCardCase.objects.create(owner=applicant, language="en", answers=answers)
    helpers.attach_documents(case, applicant)
    return case


def pay(case, applicant) -> None:
    """As the payer does: an order, an attempt at the simulated gateway, its paid callback."""
    from payments import services
    from payments.gateways import get_gateway
    from payments.gateways.simulated import signed

    order = services.build_order(applicant, [case])
    services.start_payment(order, "card")
    attempt = order.attempts.get()
    gateway = get_gateway()
    fields = {
        "Reference": attempt.reference,
        "TransactionId": f"SIMTX{attempt.pk:06d}",
        "Amount": str(attempt.amount),
        "Method": attempt.method,
        "Status": "paid",
        "Simulated": "1",
        "PaidAt": attempt.created_at.isoformat(),
        "Message": "Paid",
    }
    received = services.receive(gateway, signed(fields, gateway.secret), source="callback")
    assert received.order is not None and received.order.is_paid, received.message.outcome


def walk(case, applicant, reviewers) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goldcard.models.case import State
    from portal.cases.documents import store_document
    from portal.cases.services import SupplementAsk, open_supplement, perform_action

    perform_action(case, applicant, "submit")
    pay(case, applicant)
    case.refresh_from_db()
    assert case.state == State.NIA_INITIAL, case.state
    perform_action(case, reviewers["NIA"], "send_to_wda")
    perform_action(
        case,
        reviewers["WDA"],
        "request_supplement",
        reason="The salary proof is unreadable.",
        supplement=SupplementAsk(
            items=[("document", "salary_proof", "Upload a clear scan of the salary proof.")],
            message="Please upload a readable salary proof.",
        ),
    )
    slot = case.workflow.slot("salary_proof")
    upload = SimpleUploadedFile("salary_proof_clear.pdf", goldcard_helpers().PDF_BYTES)
    store_document(case, slot, upload, user=applicant, supplement=open_supplement(case))
    perform_action(case, applicant, "answer_supplement", note="A clear scan.")
    perform_action(case, reviewers["WDA"], "approve_work_permit")
    perform_action(case, reviewers["MOFA"], "passport_verified")
    assert case.state == State.NIA_FINAL, case.state


def build_world() -> World:
    from goldcard.reference_data import ensure_reference_data as goldcard_reference
    from payments.fee_schedule import ensure_fee_schedule
    from portal.cases import selectors
    from portal.reference.loaders import ensure_reference_data

    ensure_reference_data()
    goldcard_reference()
    ensure_fee_schedule()
    applicant, reviewers = make_users()
    world = World(case=complete_draft(applicant))
    walk(world.case, applicant, reviewers)
    world.events = len(selectors.timeline(world.case))
    world.pdfs = len(selectors.issued_pdfs(world.case))
    world.drafts = [complete_draft(applicant) for _ in range(SUBMIT_WARM_UP + SUBMITS)]
    return world


def case_url(case) -> str:
    return f"/cases/goldcard/{case.pk}/"


def count_queries(case) -> list[str]:
    """The case page's SQL, in-process, on a client's second request (the first one also
    fills per-process caches and records the session's activity)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(case.owner)
    assert client.get(case_url(case)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(case_url(case)).status_code == 200
    return [query["sql"] for query in queries]


def check_submitted(world) -> None:
    from goldcard.models import GoldCardCase
    from goldcard.models.case import State

    pks = [draft.pk for draft in world.drafts]
    submitted = GoldCardCase.objects.filter(
        pk__in=pks, state=State.PAYMENT_DUE, number__isnull=False
    )
    assert submitted.count() == len(pks), f"{submitted.count()} of {len(pks)} submitted"


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def call(port, method, path, *, cookies=None, form=None) -> Reply:
    """One request on a new connection, as a browser's to gunicorn's sync workers (they close
    each connection after its response)."""
    headers = {"Accept-Language": "en", "User-Agent": "case-page-benchmark"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
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

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def call(self, method, path, form=None) -> Reply:
        reply = call(self.port, method, path, cookies=self.cookies, form=form)
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if name in ("sessionid", "csrftoken"):
                    self.cookies[name] = morsel.value
        return reply

    def sign_in(self, form_path: str) -> None:
        page = self.call("GET", "/accounts/sign-in/")
        token = CSRF_FIELD.search(page.body).group(1).decode()
        reply = self.call("POST", "/accounts/sign-in/", {"csrfmiddlewaretoken": token, **SIGN_IN})
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
        p95 = sorted(self.latencies_ms)[int(len(self.latencies_ms) * 0.95)]
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


def hammer(port, path, count, browsers=None, expect=b"") -> list[float]:
    """`count` GETs of `path` from CLIENTS threads at once, signed in when `browsers` (one
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

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, f"{path}: {len(failures)} failed, e.g. {failures[:5]}"
    return latencies


def submit(browser: Browser, draft) -> float:
    started = time.perf_counter()
    reply = browser.call(
        "POST",
        f"{case_url(draft)}review/",
        {"csrfmiddlewaretoken": browser.csrf_token, "action": "submit"},
    )
    elapsed = (time.perf_counter() - started) * 1000
    # Submitted: to the case page; refused (incomplete, say): back to the draft's tabs.
    location = reply.headers.get("Location", "")
    assert reply.status == 302 and location == case_url(draft), (reply.status, location)
    return elapsed


def submit_concurrently(browsers, drafts) -> None:
    queue, lock = iter(list(drafts)), threading.Lock()

    def client(browser):
        while True:
            with lock:
                draft = next(queue, None)
            if draft is None:
                return
            submit(browser, draft)

    threads = [threading.Thread(target=client, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure(port, cpu: ServerCpu, world) -> tuple[dict[str, Load], Load]:
    case_path = case_url(world.case)
    # Jane Doe's browsers; each takes its form token from the first draft's review page.
    browsers = [Browser(port) for _ in range(CLIENTS)]
    for browser in browsers:
        browser.sign_in(f"{case_url(world.drafts[0])}review/")
    is_case_page = world.case.number.encode()  # not the sign-in page, say

    def runs(count):
        return {
            "bare view": lambda: hammer(port, BARE, count, expect=b"ok"),
            "bare view signed in": lambda: hammer(port, BARE, count, browsers, b"ok"),
            "case page": lambda: hammer(port, case_path, count, browsers, is_case_page),
        }

    for run in runs(WARM_UP).values():
        run()
    loads = {name: Load() for name in runs(0)}
    count = REQUESTS // ROUNDS
    for round_number in range(ROUNDS):
        order = list(runs(count).items())
        shift = round_number % len(order)
        for name, run in order[shift:] + order[:shift]:
            loads[name].add(timed(cpu, run, count))

    warm_up, measured = world.drafts[:SUBMIT_WARM_UP], world.drafts[SUBMIT_WARM_UP:]
    submit_concurrently(browsers, warm_up)
    submits = timed(cpu, lambda: [submit(browsers[0], draft) for draft in measured], SUBMITS)
    return loads, submits


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    database = Database(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    media = tempfile.mkdtemp(prefix="case_page_media_")
    redis, gunicorn = None, None
    os.environ.update(DATABASE_URL=database.url, CASE_PAGE_MEDIA_ROOT=media)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    try:
        if not os.environ.get("REDIS_URL") and shutil.which("redis-server"):
            redis, os.environ["REDIS_URL"] = start_redis()
        # This process builds the data and runs the tasks that follow at once (the receipt
        # PDF, the e-mails); gunicorn's workers only queue them, as in production.
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        database.create()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        world = build_world()
        queries = count_queries(world.case)
        setup_s = time.perf_counter() - started
        connections.close_all()

        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
        port = free_port()
        gunicorn = start_gunicorn(port)
        started = time.perf_counter()
        loads, submits = measure(port, ServerCpu(gunicorn, database), world)
        measure_s = time.perf_counter() - started
        stop(gunicorn)
        check_submitted(world)
        connections.close_all()
    finally:
        stop(gunicorn)
        try:
            database.drop()
        finally:
            stop(redis)
            shutil.rmtree(media, ignore_errors=True)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    def last_part(dotted):
        return dotted.rsplit(".", 1)[-1]

    cache = last_part(settings.CACHES["default"]["BACKEND"])
    print(
        f"database {database.name} (dropped at the end); sessions "
        f"{last_part(settings.SESSION_ENGINE)}, cache {cache}, "
        f"Celery broker {settings.CELERY_BROKER_URL.split(':', 1)[0]} (tasks queued, not run)"
    )
    print(
        f"gunicorn {WORKERS} sync workers, {CLIENTS} client threads, {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before and {load_after:.1f} after; "
        f"setup {setup_s:.0f} s, measuring {measure_s:.0f} s"
    )
    print(
        f"case page {case_url(world.case)}: {world.case.number}, {world.case.state}, "
        f"{world.events} timeline events, {world.pdfs} issued PDF; "
        f"{len(queries)} SQL queries:"
    )
    for sql in queries:
        print(f"    {sql[:110]}")
    print(f"after {WARM_UP} warm-up requests each, {ROUNDS} rounds of {REQUESTS // ROUNDS}:")
    for name, load in loads.items():
        print(load.line(name))
    print(
        f"  submit: median {submits.median_ms:.1f} ms, min {min(submits.latencies_ms):.1f}, "
        f"max {max(submits.latencies_ms):.1f} ({SUBMITS} drafts one at a time, after "
        f"{SUBMIT_WARM_UP} at once); {submits.cpu_text()}"
    )
    bare, signed_in, page = loads["bare view"], loads["bare view signed in"], loads["case page"]
    print(
        f"case page over bare view signed in: {page.per_second / signed_in.per_second:.2f}; "
        f"bare view signed in over bare view: {signed_in.per_second / bare.per_second:.2f}"
    )
    if bare.server_cpu and page.server_cpu:
        print(
            f"server CPU per request, bare view over case page: "
            f"{bare.server_cpu_ms() / page.server_cpu_ms():.2f} (what the ratio below tends to "
            "when the server's CPU time is what limits both)"
        )
    print(f"case_page_queries={len(queries)}")
    print(
        f"case_page_over_bare={page.per_second / bare.per_second:.2f} "
        f"submit_median_ms={submits.median_ms:.1f}"
    )


if __name__ == "__main__":
    main()
