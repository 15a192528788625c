"""Concurrent actions on PostgreSQL: one wins, the other is told, nothing is half-done.

Real threads, each with its own database connection, are released together by a barrier
on cases they loaded beforehand. Guards the optimistic lock of `perform_action` (two
reviewers deciding at once, a reviewer approving while the applicant withdraws, a draft
submitted twice) and the number allocator under load: 200 concurrent submissions get 200
distinct, consecutive numbers. Skipped on SQLite, which serialises writers anyway.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from portal.accounts.models import User
from portal.cases.models import CaseEvent, Decision, Document, NumberSeries
from portal.cases.numbers import SEQUENCE_DIGITS
from portal.cases.services import CaseChanged, perform_action
from tests.factories import SampleCaseFactory, UserFactory, sample_answers
from tests.sampleflow.models import SampleCase, State

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5  # each race is run a few times on fresh cases: overlaps vary from run to run

# Every racer loads the case before the start, so the loser's permission check passes on
# its stale copy and the optimistic lock stops it at save: CaseChanged, never a silent
# overwrite (a PermissionDenied would mean it saw the winner's change before acting).


# --- helpers ------------------------------------------------------------------------------


def run_together(*jobs):
    """Run each job in its own thread; a job loads what it needs, then calls `ready()` and
    waits for the others before acting. Returns each job's result or raised exception."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            outcomes[index] = job(barrier.wait)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a racing thread hung"
    return outcomes


def act(case_pk, user_pk, action, **inputs):
    """A job: load the case and the user, wait for the start, perform the action."""

    def job(ready):
        case = SampleCase.objects.get(pk=case_pk)
        user = User.objects.get(pk=user_pk) if user_pk else None
        ready()
        return perform_action(case, user, action, **inputs)

    return job


def split(outcomes):
    won = [o for o in outcomes if isinstance(o, CaseEvent)]
    lost = [o for o in outcomes if not isinstance(o, CaseEvent)]
    return won, lost


def reviewer(agency, email, *, lead=False):
    user = UserFactory(email=email, reviewer=True, agency=agency)
    if lead:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="cases", codename="assign_cases")
        )
    return user


def add_documents(cases, owner):
    """The two required documents of each draft, as rows only (no files: completeness only
    asks which slots are filled)."""
    case_type = ContentType.objects.get_for_model(SampleCase, for_concrete_model=False)
    Document.objects.bulk_create(
        Document(
            case_type=case_type,
            case_id=case.pk,
            slot=slot,
            file=f"cases/test/{case.pk}-{slot}.{ext}",
            original_name=f"{slot}.{ext}",
            content_type=content_type,
            size=100,
            sha256="0" * 64,
            uploaded_by=owner,
        )
        for case in cases
        for slot, ext, content_type in (
            ("photo", "png", "image/png"),
            ("passport", "pdf", "application/pdf"),
        )
    )


def complete_drafts(owner, count):
    drafts = SampleCase.objects.bulk_create(
        SampleCase(owner=owner, language="en", answers=sample_answers()) for _ in range(count)
    )
    add_documents(drafts, owner)
    return drafts


def sequence(number: str) -> int:
    return int(number[-SEQUENCE_DIGITS:])


# --- (a) two reviewers decide at once -----------------------------------------------------


@pytest.mark.parametrize("assignment", ["assigned-vs-lead", "unassigned"])
def test_two_reviewers_deciding_at_once_one_wins(applicant, assignment):
    first = reviewer("NIA", "nia-1@example.gov.tw")
    second = reviewer("NIA", "nia-2@example.gov.tw", lead=assignment == "assigned-vs-lead")
    reviewer("WDA", "wda@example.gov.tw")

    for _round in range(ROUNDS):
        (draft,) = complete_drafts(applicant, 1)
        perform_action(SampleCase.objects.get(pk=draft.pk), applicant, "submit")
        # Submitting assigned the case to an NIA reviewer; set who holds it for this race.
        SampleCase.objects.filter(pk=draft.pk).update(
            assigned_reviewer=first if assignment == "assigned-vs-lead" else None
        )

        outcomes = run_together(
            act(draft.pk, first.pk, "send_to_wda"),
            act(draft.pk, second.pk, "reject", reason="Forged passport."),
        )

        won, lost = split(outcomes)
        assert len(won) == 1, outcomes
        assert len(lost) == 1 and isinstance(lost[0], CaseChanged), outcomes
        case = SampleCase.objects.get(pk=draft.pk)
        assert case.state == won[0].to_state
        assert case.state in (State.WDA_REVIEW, State.REJECTED)
        events = CaseEvent.objects.for_case(case)
        assert [e.action for e in events] == ["submit", won[0].action]
        assert Decision.objects.for_case(case).get().event == won[0]


# --- (b) the same draft submitted twice ---------------------------------------------------


def test_double_submit_takes_one_number_and_leaves_no_gap(applicant):
    for _round in range(ROUNDS):
        (draft,) = complete_drafts(applicant, 1)

        outcomes = run_together(
            act(draft.pk, applicant.pk, "submit"),
            act(draft.pk, applicant.pk, "submit"),
        )

        won, lost = split(outcomes)
        assert len(won) == 1, outcomes
        assert len(lost) == 1 and isinstance(lost[0], CaseChanged), outcomes
        case = SampleCase.objects.get(pk=draft.pk)
        assert case.state == State.NIA_REVIEW
        assert CaseEvent.objects.for_case(case).filter(action="submit").count() == 1

        # The loser's number went back with its transaction: the next submission follows on.
        (following,) = complete_drafts(applicant, 1)
        perform_action(following, applicant, "submit")
        assert sequence(following.number) == sequence(case.number) + 1

    numbers = sorted(SampleCase.objects.submitted().values_list("number", flat=True))
    assert [sequence(n) for n in numbers] == list(range(1, 2 * ROUNDS + 1))
    assert NumberSeries.objects.get().last_value == 2 * ROUNDS


# --- (c) a reviewer approves while the applicant withdraws --------------------------------


def test_approve_against_withdraw_one_wins(applicant):
    wda = reviewer("WDA", "wda@example.gov.tw")

    for round_ in range(ROUNDS):
        case = SampleCaseFactory(
            owner=applicant,
            state=State.WDA_REVIEW,
            number=f"11599{round_ + 1:07d}",
            submitted_at=timezone.now(),
        )

        outcomes = run_together(
            act(case.pk, wda.pk, "approve"),
            act(case.pk, applicant.pk, "withdraw"),
        )

        won, lost = split(outcomes)
        assert len(won) == 1, outcomes
        assert len(lost) == 1 and isinstance(lost[0], CaseChanged), outcomes
        saved = SampleCase.objects.get(pk=case.pk)
        expected = {"approve": State.PAYMENT_DUE, "withdraw": State.WITHDRAWN}
        assert saved.state == expected[won[0].action]
        event = CaseEvent.objects.for_case(case).get()
        assert (event.action, event.to_state) == (won[0].action, saved.state)
        assert (saved.closed_at is not None) == (saved.state == State.WITHDRAWN)
        assert Decision.objects.for_case(case).count() == (1 if event.action == "approve" else 0)


# --- (d) 200 submissions at once ------------------------------------------------------------


def test_200_concurrent_submissions_get_consecutive_numbers(applicant):
    drafts = complete_drafts(applicant, 200)
    start = threading.Event()

    def submit(pk):
        try:
            start.wait(timeout=30)
            return perform_action(SampleCase.objects.get(pk=pk), applicant, "submit").case_id
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=32) as pool:
        futures = [pool.submit(submit, draft.pk) for draft in drafts]
        start.set()
        submitted = sorted(future.result(timeout=120) for future in futures)

    assert submitted == sorted(draft.pk for draft in drafts)
    numbers = list(SampleCase.objects.filter(pk__in=submitted).values_list("number", flat=True))
    assert len(set(numbers)) == 200
    values = sorted(sequence(number) for number in numbers)
    assert values == list(range(values[0], values[0] + 200))
    assert SampleCase.objects.filter(pk__in=submitted, state=State.NIA_REVIEW).count() == 200
    assert CaseEvent.objects.filter(action="submit").count() == 200
