"""The reviewer queue at scale: does the page stay fast and its query count flat?

Runs in a throwaway test database (Django's test utilities), never the real one; PostgreSQL
when DATABASE_URL points at it (the goal is measured there), SQLite otherwise:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python \
        benchmarks/review_queue.py

It signs in an NIA reviewer and renders the admin queue (the changelist of the tests' sample
workflow, which uses the engine's CaseAdmin unchanged) with 20 cases in the table, then with
20,000, taking the median of repeated requests each time. It also counts the SQL queries of
the queue page and of the applicant's case list with 5 and with 500 rows. Last line:
queue_20000_over_20=<ratio> queries_5=<n> queries_500=<n>
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

from portal.accounts.models import Role, User  # noqa: E402
from tests.factories import sample_answers  # noqa: E402
from tests.sampleflow.models import SampleCase  # noqa: E402
from tests.two_factor import PortalClient  # noqa: E402

QUEUE_URL = "/admin/sampleflow/samplecase/"
REQUESTS = 15
BATCH = 2_000


def add_cases(owner, start, count):
    now = timezone.now()
    answers = sample_answers()
    SampleCase.objects.bulk_create(
        [
            SampleCase(
                owner=owner,
                state="nia_review",
                number=f"11599{start + i + 1:07d}",
                applicant_name=f"Applicant {start + i}",
                answers=answers,
                submitted_at=now,
                state_entered_at=now - datetime.timedelta(minutes=start + i),
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )


def median_ms(client, url):
    client.get(url)  # warm caches (templates, content types)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def count_queries(client, url):
    client.get(url)  # the first request of a client also loads caches (content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def main():
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        reviewer = User.objects.create_user(
            email="nia@bench.example",
            password="bench-pass-1",
            full_name="NIA Reviewer",
            role=Role.REVIEWER,
            agency="NIA",
            is_staff=True,
        )
        applicant = User.objects.create_user(
            email="applicant@bench.example", password="bench-pass-1", full_name="Applicant"
        )
        call_command("setup_reviewer_groups", verbosity=0)
        # The reviewer with a verified second factor, as the admin requires (ADR 0011).
        reviewer_client, applicant_client = PortalClient(), Client()
        reviewer_client.force_login(reviewer)
        applicant_client.force_login(applicant)

        add_cases(applicant, 0, 5)
        queue_5 = count_queries(reviewer_client, QUEUE_URL)
        list_5 = count_queries(applicant_client, "/cases/")
        add_cases(applicant, 5, 15)
        small_ms = median_ms(reviewer_client, QUEUE_URL)
        add_cases(applicant, 20, 480)
        queue_500 = count_queries(reviewer_client, QUEUE_URL)
        list_500 = count_queries(applicant_client, "/cases/")
        add_cases(applicant, 500, 19_500)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        large_ms = median_ms(reviewer_client, QUEUE_URL)
        if os.environ.get("BENCH_DEBUG"):
            with CaptureQueriesContext(connection) as queries:
                reviewer_client.get(QUEUE_URL)
            for query in queries:
                print(query["time"], query["sql"][:1500])
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()

    print(f"database: {connection.vendor}")
    print(f"queue with 20 cases:     {small_ms:.1f} ms (median of {REQUESTS})")
    print(f"queue with 20,000 cases: {large_ms:.1f} ms (median of {REQUESTS})")
    print(f"queue queries: {queue_5} with 5 rows, {queue_500} with 500 rows")
    print(f"applicant case list queries: {list_5} with 5 rows, {list_500} with 500 rows")
    assert queue_5 == queue_500 and list_5 == list_500, "query count grows with rows"
    print(
        f"queue_20000_over_20={large_ms / small_ms:.2f} queries_5={queue_5} queries_500={queue_500}"
    )


if __name__ == "__main__":
    main()
