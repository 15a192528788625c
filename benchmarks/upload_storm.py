"""Can a few users tie up the portal? Image uploads at the pixel limit, and a burst of
payment callbacks, each against a baseline measured in the same run.

    .venv/bin/python benchmarks/upload_storm.py

Serves the portal as benchmarks/case_page.py does (benchmarks/harness.py): its own database
on the PostgreSQL server of DATABASE_URL (migrated here, dropped at the end), a private
Redis (cache, sessions, the upload rate limit; Celery tasks are queued, no worker runs),
gunicorn with WORKERS sync workers, bounded as docker-compose bounds it.

1. Normal pages under an upload storm. READERS signed-in applicants open normal pages (their
   home page, their list of applications, a tab of their Gold Card draft) at a steady rate,
   each every READ_INTERVAL seconds, for PHASE_SECONDS: first alone (the baseline), then
   while UPLOADERS other applicants upload, as fast as the server takes them, PNG images
   of exactly the pixel limit (CASE_UPLOAD_MAX_PIXELS) to their drafts' documents tab,
   waiting as told when the server says they upload too much (429 with Retry-After).
   Reported: each phase's p95 latency of the normal pages, and what the uploads got
   (stored, or refused by the upload limits).
2. A burst of callbacks. BURST payment callbacks of the simulated gateway, of which
   BURST - UNIQUE repeat one of UNIQUE payments (gateways repeat them), arrive from
   BURST_CLIENTS connections at once, after a few other payments have warmed every worker's
   payment path up; against BURST requests of the bare view from as many connections.
   Reported: the time each burst took.

Goals: the storm's p95 at most 1.2 times the baseline's; the callback burst at most 3 times
the bare burst. Last line:
storm_p95_over_baseline=<ratio> burst_over_bare=<ratio>
"""

import io
import math
import os
import random
import shutil
import tempfile
import threading
import time
import uuid

from harness import (
    BARE,
    WORKERS,
    Browser,
    Database,
    call,
    free_port,
    percentile,
    start_gunicorn,
    start_redis,
    stop,
    use_served_settings,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/upload_storm_bench"
PASSWORD = "bench-pass-1"  # noqa: S105 (the benchmark's own throwaway accounts)
READERS = 2
READ_INTERVAL = 0.1  # seconds between a reader's requests: 20 pages a second in all
PHASE_SECONDS = float(os.environ.get("STORM_PHASE_SECONDS", "30"))
UPLOADERS = 4
BURST = 200
UNIQUE = 12
BURST_CLIENTS = 8

use_served_settings()


# --- the data -------------------------------------------------------------------------------


def make_applicant(email):
    from django.utils import timezone

    from portal.accounts.models import User

    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        full_name=email.split("@")[0],
        language="en",
        email_verified_at=timezone.now(),
    )


def build_world() -> dict:
    from case_page import complete_draft

    from goldcard.reference_data import ensure_reference_data as goldcard_reference
    from payments.fee_schedule import ensure_fee_schedule
    from portal.reference.loaders import ensure_reference_data

    ensure_reference_data()
    goldcard_reference()
    ensure_fee_schedule()
    readers = [make_applicant(f"reader{i}@bench.example") for i in range(READERS)]
    uploaders = [make_applicant(f"uploader{i}@bench.example") for i in range(UPLOADERS)]
    payer = make_applicant("payer@bench.example")
    return {
        "readers": [(user, complete_draft(user)) for user in readers],
        "uploaders": [(user, complete_draft(user)) for user in uploaders],
        **dict(zip(("callbacks", "warm_up_callbacks"), payable_callbacks(payer), strict=True)),
    }


def payable_callbacks(payer) -> tuple[list[dict], list[dict]]:
    """UNIQUE orders awaiting payment, each with an attempt at the simulated gateway, and
    the signed "paid" callback the gateway would send for each, BURST in all: every payment
    told at least once, the rest repeats, in a shuffled order. And WORKERS payments more,
    with a copy each, to warm every worker's payment path up before the burst."""
    from case_page import complete_draft, ordered_for_payment

    from portal.cases.services import perform_action

    unique = []
    for _ in range(UNIQUE + WORKERS):
        case = complete_draft(payer)
        perform_action(case, payer, "submit")
        unique.append(ordered_for_payment(case, payer))
    warm_up, unique = unique[:WORKERS], unique[WORKERS:]
    randomness = random.Random(2026)
    repeats = [randomness.choice(unique) for _ in range(BURST - UNIQUE)]
    burst = unique + repeats
    randomness.shuffle(burst)
    return burst, warm_up + warm_up


def image_at_the_pixel_limit() -> bytes:
    """A PNG of as many pixels as an upload may have: it compresses to a few KB, yet every
    pixel must be decoded to check it (the audit's 73 KB, 5000 x 5000 image was of this
    kind)."""
    from django.conf import settings
    from PIL import Image, ImageDraw

    side = math.isqrt(settings.CASE_UPLOAD_MAX_PIXELS)
    image = Image.new("RGB", (side, side), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(0, side, 40):  # some structure, as a scan has
        draw.line([(0, y), (side, y)], fill=(30, 30, 30), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- the loads ------------------------------------------------------------------------------


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'
    )
    body = "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def documents_url(case) -> str:
    return f"/cases/goldcard/{case.pk}/edit/documents/"


def read_pages(browser, draft, stop_at, latencies, failures) -> None:
    """One reader: a normal page every READ_INTERVAL seconds, on schedule (a late answer
    does not delay the next request's scheduled time)."""
    pages = ["/home/", "/cases/", f"/cases/goldcard/{draft.pk}/edit/basic/"]
    scheduled = time.perf_counter()
    turn = 0
    while scheduled < stop_at:
        pause = scheduled - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        path = pages[turn % len(pages)]
        started = time.perf_counter()
        reply = browser.call("GET", path)
        latencies.append((time.perf_counter() - started) * 1000)
        if reply.status != 200:
            failures.append((path, reply.status))
        turn += 1
        scheduled += READ_INTERVAL


def upload_storm(browser, draft, image, stop_flag, outcomes) -> None:
    """One uploader: the same image again and again, as fast as the server takes them; told
    to wait (429, Retry-After), it waits, as a person told so on the page does. (A client
    that ignores it is a flood for the reverse proxy's request limits, not this measure.)"""
    while not stop_flag.is_set():
        body, headers = multipart(
            {"csrfmiddlewaretoken": browser.csrf_token, "slot": "passport_copy"},
            "file",
            "scan.png",
            image,
        )
        headers["X-CSRFToken"] = browser.csrf_token
        reply = browser.call("POST", documents_url(draft), body=body, headers=headers)
        outcomes.append(reply.status)
        if reply.status == 429:
            stop_flag.wait(int(reply.headers.get("Retry-After", "1")))


def phase(readers, uploaders=(), image=b"") -> tuple[list[float], list[int], list]:
    latencies, failures, outcomes = [], [], []
    stop_flag = threading.Event()
    stop_at = time.perf_counter() + PHASE_SECONDS
    storm = [
        threading.Thread(target=upload_storm, args=(browser, draft, image, stop_flag, outcomes))
        for browser, draft in uploaders
    ]
    for thread in storm:
        thread.start()
    if storm:
        time.sleep(2)  # the storm is under way before the first measured page
        stop_at += 2
    reading = [
        threading.Thread(target=read_pages, args=(browser, draft, stop_at, latencies, failures))
        for browser, draft in readers
    ]
    for thread in reading:
        thread.start()
    for thread in reading:
        thread.join()
    stop_flag.set()
    for thread in storm:
        thread.join()
    assert not failures, f"normal pages failed: {failures[:5]}"
    return latencies, outcomes, failures


def burst(port, requests, latencies=None) -> float:
    """Send `requests` ((method, path, form) each) from BURST_CLIENTS connections at once;
    the seconds until the last answer (each answer's latency in ms into `latencies`)."""
    queue, lock, failures = list(requests), threading.Lock(), []
    latencies = [] if latencies is None else latencies

    def client():
        while True:
            with lock:
                if not queue:
                    return
                method, path, form = queue.pop()
            started = time.perf_counter()
            reply = call(port, method, path, form=form)
            latencies.append((time.perf_counter() - started) * 1000)
            if reply.status != 200:
                failures.append(reply.status)

    threads = [threading.Thread(target=client) for _ in range(BURST_CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, f"{len(failures)} failed, e.g. {failures[:5]}"
    return time.perf_counter() - started


def signed_in(port, user, draft) -> Browser:
    browser = Browser(port, {"username": user.email, "password": PASSWORD})
    browser.sign_in(documents_url(draft))
    return browser


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    database = Database(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), suffix="upload_storm_bench"
    )
    media = tempfile.mkdtemp(prefix="upload_storm_media_")
    redis, gunicorn = None, None
    os.environ.update(DATABASE_URL=database.url, BENCH_MEDIA_ROOT=media)
    try:
        if not os.environ.get("REDIS_URL") and shutil.which("redis-server"):
            redis, os.environ["REDIS_URL"] = start_redis()
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"  # building the data runs its tasks
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        from payments.models import GatewayMessage, Payment

        database.create()
        call_command("migrate", verbosity=0)
        world = build_world()
        image = image_at_the_pixel_limit()
        connections.close_all()

        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
        port = free_port()
        gunicorn = start_gunicorn(port)
        readers = [(signed_in(port, u, d), d) for u, d in world["readers"]]
        uploaders = [(signed_in(port, u, d), d) for u, d in world["uploaders"]]
        for browser, draft in readers:  # warm every worker up
            for _ in range(10):
                browser.call("GET", f"/cases/goldcard/{draft.pk}/edit/basic/")

        baseline, _, _ = phase(readers)
        storm, outcomes, _ = phase(readers, uploaders, image)

        bare_latencies, callback_latencies = [], []
        bare_time = burst(port, [("GET", BARE, None)] * BURST, bare_latencies)
        callback = "/payments/gateway/simulated/callback/"
        burst(port, [("POST", callback, fields) for fields in world["warm_up_callbacks"]])
        warm_up_messages = GatewayMessage.objects.count()
        burst_time = burst(
            port, [("POST", callback, fields) for fields in world["callbacks"]], callback_latencies
        )
        paid = Payment.objects.count() - WORKERS
        messages = GatewayMessage.objects.count() - warm_up_messages
        from_record = GatewayMessage.objects.filter(detail__startswith="copy of message").count()
        connections.close_all()
    finally:
        stop(gunicorn)
        try:
            database.drop()
        finally:
            stop(redis)
            shutil.rmtree(media, ignore_errors=True)

    side = math.isqrt(settings.CASE_UPLOAD_MAX_PIXELS)
    stored = outcomes.count(302) + outcomes.count(200)
    limited = outcomes.count(429)
    base_p95, storm_p95 = percentile(baseline, 0.95), percentile(storm, 0.95)
    print(
        f"gunicorn {WORKERS} sync workers, {os.cpu_count()} CPUs; database {database.name} "
        f"(dropped at the end); cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(
        f"normal pages: {READERS} readers, one page every {READ_INTERVAL * 1000:.0f} ms each, "
        f"{PHASE_SECONDS:.0f} s a phase"
    )
    print(
        f"  alone:         {len(baseline)} pages, median {percentile(baseline, 0.5):.1f} ms, "
        f"p95 {base_p95:.1f} ms"
    )
    print(
        f"  during storm:  {len(storm)} pages, median {percentile(storm, 0.5):.1f} ms, "
        f"p95 {storm_p95:.1f} ms"
    )
    print(
        f"storm: {UPLOADERS} uploaders, PNG {side} x {side} px ({len(image) / 1024:.0f} KB), "
        f"{len(outcomes)} uploads sent: {stored} stored, {limited} refused by the rate limit, "
        f"{len(outcomes) - stored - limited} other"
    )
    print(
        f"callbacks: {BURST} ({UNIQUE} payments, {BURST - UNIQUE} repeats) from "
        f"{BURST_CLIENTS} connections in {burst_time * 1000:.0f} ms; {BURST} bare-view requests "
        f"in {bare_time * 1000:.0f} ms; {paid} payments and {messages} messages recorded, "
        f"{from_record} copies answered from the record"
    )
    print(
        f"  latency of a callback: median {percentile(callback_latencies, 0.5):.1f} ms, "
        f"p95 {percentile(callback_latencies, 0.95):.1f} ms, max {max(callback_latencies):.1f}; "
        f"of a bare view: median {percentile(bare_latencies, 0.5):.1f} ms"
    )
    assert paid == UNIQUE and messages == BURST, (paid, messages)
    print(
        f"storm_p95_over_baseline={storm_p95 / base_p95:.2f} "
        f"burst_over_bare={burst_time / bare_time:.2f}"
    )


if __name__ == "__main__":
    main()
