"""The applicant's case page under load, against a bare Django view; and submitting.

    .venv/bin/python benchmarks/case_page.py

Starts what it needs on 127.0.0.1 and stops it at the end: a fresh database on the
PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/case_page_bench),
migrated here and dropped at the end; a private Redis when `redis-server` is installed
(cache, sessions, Celery broker; no Celery worker runs, so queued tasks stay queued);
gunicorn with WORKERS sync workers, as docker-compose runs it. The database named in the
URL is used only if its name contains "bench", since it is dropped; otherwise the benchmark
works in `<name>_case_page_bench` on the same server. Settings: benchmarks/
served_settings.py (production's where they matter to a request: DEBUG off, persistent
connections, cached sessions, tasks queued rather than run in the request); URLconf: the
portal's plus a bare view that returns "ok" (benchmarks/served_urls.py). The machinery
(database, Redis, gunicorn, clients) is benchmarks/harness.py.

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

import os
import shutil
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass, field

from harness import (
    BARE,
    CLIENTS,
    WORKERS,
    Browser,
    Database,
    Load,
    ServerCpu,
    free_port,
    hammer,
    start_gunicorn,
    start_redis,
    stop,
    timed,
    use_served_settings,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/case_page_bench"
WARM_UP = 50  # requests of each page before measuring
REQUESTS = 400  # measured requests of each page
ROUNDS = 4
SUBMIT_WARM_UP = 4 * WORKERS
SUBMITS = 80
SIGN_IN = {"username": "jane.doe@example.com", "password": "bench-pass-1"}

use_served_settings()


# --- the services -------------------------------------------------------------------------


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


def ordered_for_payment(case, payer):
    """As the payer does: an order for `case` and an attempt at the simulated gateway; and
    the signed callback the gateway sends when the attempt is paid."""
    from payments import services
    from payments.gateways import get_gateway
    from payments.gateways.simulated import signed

    order = services.build_order(payer, [case])
    services.start_payment(order, "card")
    attempt = order.attempts.get()
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
    return signed(fields, get_gateway("simulated").secret)


def pay(case, applicant) -> None:
    """An order, an attempt and its paid callback, received."""
    from payments import services
    from payments.gateways import get_gateway

    callback = ordered_for_payment(case, applicant)
    received = services.receive(get_gateway("simulated"), callback, source="callback")
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
    browsers = [Browser(port, SIGN_IN) for _ in range(CLIENTS)]
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
    database = Database(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), suffix="case_page_bench"
    )
    media = tempfile.mkdtemp(prefix="case_page_media_")
    redis, gunicorn = None, None
    os.environ.update(DATABASE_URL=database.url, BENCH_MEDIA_ROOT=media)
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
