"""Every submitted case is matched against the control list, and a case whose matching task
was lost (broker down at submission) is matched later by the periodic task."""

import datetime

from django.utils import timezone

from portal.cases.services import perform_action
from portal.cases.tasks import match_unchecked_cases
from portal.watchlist.models import Reason, WatchlistEntry, WatchlistMatch
from tests.factories import SampleCaseFactory


def listed_person():
    return WatchlistEntry.objects.create(
        surname="Nguyen", given_name="Van An", reason=Reason.OVERSTAY, source_agency="NIA"
    )


def test_submission_records_the_matches(
    complete_draft, applicant, nia_reviewer, django_capture_on_commit_callbacks
):
    entry = listed_person()
    with django_capture_on_commit_callbacks(execute=True):
        perform_action(complete_draft, applicant, "submit")
    match = WatchlistMatch.objects.for_case(complete_draft).get()
    assert match.entry == entry and match.score >= 70
    complete_draft.refresh_from_db()
    assert complete_draft.watchlist_checked_at is not None


def test_cases_missed_while_the_broker_was_down_are_matched_later(db):
    entry = listed_person()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    missed = SampleCaseFactory(submitted=True, submitted_at=long_ago)
    just_now = SampleCaseFactory(submitted=True)  # its own task is still on its way
    draft = SampleCaseFactory()

    assert match_unchecked_cases() == 1
    assert WatchlistMatch.objects.for_case(missed).get().entry == entry
    assert not WatchlistMatch.objects.for_case(just_now).exists()
    assert not WatchlistMatch.objects.for_case(draft).exists()
    assert match_unchecked_cases() == 0  # done once
