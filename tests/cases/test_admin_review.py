"""The review page of one case in the admin (/admin/sampleflow/samplecase/<pk>/change/): what
it shows, the actions it offers (only those legal now for this reviewer), what its buttons
do through `perform_action`, the stale-page guard when two reviewers act at once, and
assignment from the page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.cases.models import CaseEvent, Decision, PersonalDataView, SupplementRequest
from portal.cases.services import CaseChanged, perform_action
from portal.notify.models import Notice
from portal.reference.workdays import add_working_days
from portal.watchlist.models import Reason, WatchlistEntry, WatchlistMatch
from tests.factories import UserFactory
from tests.sampleflow.models import SampleCase

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/sampleflow/samplecase/"
STALE = (
    "Another reviewer acted on this case first. Here is what it looks like now;"
    " nothing you entered was applied."
)
NOT_OPEN = (
    "This action is not open to you on this case now (another reviewer may have acted"
    " first, or the case is assigned to someone else)."
)


@pytest.fixture
def colleague(db):
    return UserFactory(email="colleague@example.gov.tw", reviewer=True, agency="NIA")


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.gov.tw", reviewer=True, agency="NIA")


@pytest.fixture
def case(submitted, nia_reviewer, wda_reviewer, colleague, lead):
    """The submitted sample case at nia_review, assigned to `nia_reviewer`; every reviewer in
    their group, `lead` also in "NIA leads"."""
    call_command("setup_reviewer_groups", verbosity=0)
    lead.groups.add(Group.objects.get(name="NIA leads"))
    return assigned(submitted, nia_reviewer)


def assigned(case, reviewer):
    SampleCase.objects.filter(pk=case.pk).update(assigned_reviewer=reviewer)
    case.refresh_from_db()
    return case


def review_url(case):
    return f"{CHANGELIST}{case.pk}/change/"


def open_page(client, case):
    response = client.get(review_url(case))
    assert response.status_code == 200
    return response


def post(client, case, intent, *, state=None, **data):
    """Press a button of the review page: `state` is the state the page showed. The
    messages of earlier presses (never shown: redirects are not followed) are dropped."""
    client.cookies.pop("messages", None)
    return client.post(review_url(case), {"state": state or case.state, "intent": intent, **data})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def offered(response):
    """The action names of the page's buttons."""
    return re.findall(r'name="intent" value="act:([a-z_]+)"', response.content.decode())


# --- what the page shows ---------------------------------------------------------------------


def test_the_page_shows_the_data_documents_and_timeline(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    response = open_page(client, case)
    html = response.content.decode()
    assert case.number in html
    # The answers, section by section.
    # (the reviewer reads English: the date in its one form)
    for value in ("Nguyen", "Van An", "17 May 1990", "C1234567", "台北市中正區重慶南路一段122號"):
        assert f"<td>{value}</td>" in html
    # The documents: a preview for the photo, a link for the PDF.
    photo, passport = (response.context["documents"][slot] for slot in ("photo", "passport"))
    photo_url = f"/cases/sample/{case.pk}/documents/{photo.pk}/"
    passport_url = f"/cases/sample/{case.pk}/documents/{passport.pk}/"
    assert f'<img src="{photo_url}"' in html
    assert f'<img src="{passport_url}"' not in html
    assert f'<a href="{passport_url}">passport.pdf</a>' in html
    # The timeline: the submission, by the applicant.
    assert f"<td>Draft</td><td>NIA review</td><td>{case.owner.full_name}</td>" in html
    assert [event.action for event in response.context["timeline"]] == ["submit"]
    assert "No match on the control list." in html


def test_the_page_shows_the_control_list_matches(client, case, nia_reviewer):
    entry = WatchlistEntry.objects.create(
        surname="NGUYEN",
        given_name="VAN AN",
        date_of_birth=datetime.date(1990, 5, 17),
        reason=Reason.DEPORTATION,
        source_agency="NIA",
    )
    match = WatchlistMatch(entry=entry, score=95.4, reasons=["name", "date_of_birth"])
    match.link_to(case)
    match.save()
    client.force_login(nia_reviewer)
    html = open_page(client, case).content.decode()
    assert "No match on the control list." not in html
    assert (
        '<tr class="watchlist-hit"><td>95</td><td>NGUYEN VAN AN</td><td>17 May 1990</td>'
        "<td>—</td><td>Deportation</td>"
    ) in html


def test_the_reviewer_can_open_the_previewed_photo(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    photo = open_page(client, case).context["documents"]["photo"]
    response = client.get(f"/cases/sample/{case.pk}/documents/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_a_nia_reviewer_is_offered_only_the_legal_actions(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    assert offered(open_page(client, case)) == ["send_to_wda", "request_supplement", "reject"]


def test_a_wda_reviewer_is_offered_the_wda_actions(client, case, nia_reviewer, wda_reviewer):
    perform_action(case, nia_reviewer, "send_to_wda")
    client.force_login(wda_reviewer)
    assert offered(open_page(client, case)) == ["approve", "request_supplement", "reject"]


def test_opening_the_page_logs_a_personal_data_view(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    open_page(client, case)
    view = PersonalDataView.objects.for_case(case).get()
    assert view.viewer == nia_reviewer
    assert view.what == "case page"


def test_a_reviewer_of_another_agency_gets_404(client, case, wda_reviewer):
    client.force_login(wda_reviewer)
    assert client.get(review_url(case)).status_code == 404
    assert post(client, case, "act:reject", reason="No.").status_code == 404
    assert post(client, case, "assign_me").status_code == 404
    assert client.get(f"{CHANGELIST}999999/change/").status_code == 404
    case.refresh_from_db()
    assert case.state == "nia_review"
    assert not PersonalDataView.objects.for_case(case).exists()


def test_the_state_is_never_an_editable_field(client, case, nia_reviewer, lead):
    for reviewer in (nia_reviewer, lead):
        client.force_login(reviewer)
        html = open_page(client, case).content.decode()
        assert '<select name="state"' not in html
        assert 'name="state"' in html
        # Every "state" on the page is the hidden stale-page guard of a button's form.
        for tag in re.findall(r'<[^>]*name="state"[^>]*>', html):
            assert tag == '<input type="hidden" name="state" value="nia_review">'


def test_posting_a_state_does_not_set_it(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    # The admin's usual change form is gone: a bare POST only comes back to the page.
    response = client.post(review_url(case), {"state": "nia_review", "number": "X"})
    assert response.status_code == 302
    response = post(client, case, "", state="issued")
    assert messages_of(response) == [STALE]
    response = post(client, case, "act:hand_over")
    assert messages_of(response) == [NOT_OPEN]
    case.refresh_from_db()
    assert case.state == "nia_review"
    assert CaseEvent.objects.for_case(case).count() == 1


# --- the actions -----------------------------------------------------------------------------


def test_send_to_wda_moves_the_case_and_returns_to_the_queue(
    client, case, nia_reviewer, wda_reviewer
):
    client.force_login(nia_reviewer)
    response = post(client, case, "act:send_to_wda", reason="Checked.")
    assert response.status_code == 302
    assert response["Location"] != review_url(case)  # not back to a page it cannot open
    assert messages_of(response) == ["Done: Send to WDA."]
    case.refresh_from_db()
    assert case.state == "wda_review"
    assert case.assigned_reviewer == wda_reviewer
    event = CaseEvent.objects.for_case(case).last()
    assert (event.action, event.actor, event.agency, event.reason) == (
        "send_to_wda",
        nia_reviewer,
        "NIA",
        "Checked.",
    )
    assert Decision.objects.get(event=event).outcome == Decision.Outcome.APPROVED
    # The case left NIA's queue, and its page with it.
    queue = client.get(CHANGELIST)
    assert case.pk not in [c.pk for c in queue.context["cl"].result_list]
    assert client.get(review_url(case)).status_code == 404


def test_after_the_case_left_the_queue_the_reviewer_lands_on_the_changelist(
    client, case, nia_reviewer
):
    client.force_login(nia_reviewer)
    response = client.post(
        review_url(case), {"state": "nia_review", "intent": "act:send_to_wda"}, follow=True
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == CHANGELIST


def test_the_breadcrumb_links_to_the_changelist(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    html = open_page(client, case).content.decode()
    breadcrumbs = html[html.index('<div class="breadcrumbs">') :]
    breadcrumbs = breadcrumbs[: breadcrumbs.index("</div>")]
    assert f'<a href="{CHANGELIST}">' in breadcrumbs


def test_reject_without_a_reason_is_refused(client, case, nia_reviewer):
    client.force_login(nia_reviewer)
    response = post(client, case, "act:reject", reason="   ")
    assert response.status_code == 302
    assert response["Location"] == review_url(case)
    assert messages_of(response) == [
        "Give the reason for the rejection; the applicant will read it."
    ]
    case.refresh_from_db()
    assert case.state == "nia_review"
    assert not Decision.objects.for_case(case).exists()


def test_reject_with_a_reason(client, case, nia_reviewer, applicant):
    client.force_login(nia_reviewer)
    response = post(client, case, "act:reject", reason="The passport is forged.")
    assert messages_of(response) == ["Done: Reject."]
    case.refresh_from_db()
    assert case.state == "rejected"
    assert case.closed_at is not None
    decision = Decision.objects.for_case(case).get()
    assert (decision.outcome, decision.reason) == ("rejected", "The passport is forged.")
    assert Notice.objects.for_case(case).filter(event="rejected", recipient=applicant).exists()


def test_request_a_supplement_with_items_and_working_days(
    client, case, nia_reviewer, applicant, django_capture_on_commit_callbacks
):
    client.force_login(nia_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            case,
            "act:request_supplement",
            reason="Please fix two things.",
            item_target_0="document:photo",
            item_reason_0="The photo is blurred.",
            item_target_2="field:person.surname",
            item_reason_2="Spell it as in the passport.",
            item_target_3="",
            item_reason_3="",
            item_target_4="nonsense:x",
            item_reason_4="Bring the original.",
            working_days="5",
        )
    assert messages_of(response) == ["Done: Request a supplement."]
    # Still in NIA's queue (waiting for NIA's supplement): back to the same page.
    assert response["Location"] == review_url(case)
    case.refresh_from_db()
    assert case.state == "supplement_requested"
    request = SupplementRequest.objects.for_case(case).get()
    assert request.requested_by == nia_reviewer
    assert (request.agency, request.return_state) == ("NIA", "nia_review")
    assert request.message == "Please fix two things."
    assert request.deadline == add_working_days(timezone.localdate(), 5)
    assert [(i.target_kind, i.target, i.reason) for i in request.items.all()] == [
        ("document", "photo", "The photo is blurred."),
        ("field", "person.surname", "Spell it as in the passport."),
        ("other", "", "Bring the original."),
    ]
    notice = Notice.objects.for_case(case).get(event="supplement_requested")
    assert notice.recipient == applicant
    # The e-mail went out once the transaction committed.
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    # The page now shows the open request and the reviewer's remaining action.
    page = open_page(client, case)
    html = page.content.decode()
    assert "Waiting for a supplement" in html
    assert "The photo is blurred." in html
    assert offered(page) == []


def test_request_a_supplement_without_working_days_uses_the_workflows_default(
    client, case, nia_reviewer
):
    client.force_login(nia_reviewer)
    post(
        client,
        case,
        "act:request_supplement",
        item_target_0="document:passport",
        item_reason_0="Every page, please.",
    )
    request = SupplementRequest.objects.for_case(case).get()
    assert request.deadline == add_working_days(timezone.localdate(), case.workflow.supplement_days)


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ({}, "List at least one thing the applicant must supplement."),
        (
            {"item_target_0": "document:photo", "item_reason_0": " "},
            "Each item needs a reason the applicant can act on.",
        ),
    ],
)
def test_a_supplement_request_needs_items_with_reasons(client, case, nia_reviewer, items, error):
    client.force_login(nia_reviewer)
    response = post(client, case, "act:request_supplement", working_days="5", **items)
    assert messages_of(response) == [error]
    case.refresh_from_db()
    assert case.state == "nia_review"
    assert not SupplementRequest.objects.exists()


# --- two reviewers at once -------------------------------------------------------------------


@pytest.fixture
def open_case(case):
    """The case unassigned: both NIA reviewers may act on it."""
    return assigned(case, None)


def test_race_the_second_reviewer_changes_nothing(
    client, open_case, nia_reviewer, colleague, wda_reviewer
):
    first, second = client, type(client)()
    first.force_login(nia_reviewer)
    second.force_login(colleague)
    for reviewer_client in (first, second):
        assert open_page(reviewer_client, open_case).context["case"].state == "nia_review"

    post(first, open_case, "act:send_to_wda", state="nia_review")
    post(second, open_case, "act:reject", state="nia_review", reason="Too late.")

    open_case.refresh_from_db()
    assert open_case.state == "wda_review"
    assert open_case.assigned_reviewer == wda_reviewer
    events = CaseEvent.objects.for_case(open_case)
    assert [e.action for e in events] == ["submit", "send_to_wda"]
    assert not Decision.objects.filter(author=colleague).exists()


def test_race_the_second_reviewer_is_told_another_acted_first(
    client, open_case, nia_reviewer, colleague
):
    first, second = client, type(client)()
    first.force_login(nia_reviewer)
    second.force_login(colleague)
    open_page(first, open_case)
    open_page(second, open_case)

    post(first, open_case, "act:send_to_wda", state="nia_review")
    response = post(second, open_case, "act:reject", state="nia_review", reason="Too late.")

    assert response.status_code == 302
    assert messages_of(response) == [STALE]
    open_case.refresh_from_db()
    assert open_case.state == "wda_review"


def test_race_within_the_queue_the_second_reviewer_is_told_another_acted_first(
    client, open_case, nia_reviewer, colleague
):
    first, second = client, type(client)()
    first.force_login(nia_reviewer)
    second.force_login(colleague)
    open_page(first, open_case)
    open_page(second, open_case)

    post(
        first,
        open_case,
        "act:request_supplement",
        state="nia_review",
        item_target_0="document:photo",
        item_reason_0="Blurred.",
    )
    # The case still is in NIA's queue (waiting for NIA's supplement).
    response = post(second, open_case, "act:reject", state="nia_review", reason="Too late.")

    assert response.status_code == 302
    assert response["Location"] == review_url(open_case)
    assert messages_of(response) == [STALE]
    open_case.refresh_from_db()
    assert open_case.state == "supplement_requested"
    assert [e.action for e in CaseEvent.objects.for_case(open_case)] == [
        "submit",
        "request_supplement",
    ]
    assert not Decision.objects.filter(author=colleague).exists()
    # Reloading shows the case as it is now.
    assert open_page(second, open_case).context["case"].state == "supplement_requested"


def test_race_in_the_service_the_optimistic_lock_refuses_the_second_change(
    open_case, nia_reviewer, colleague
):
    seen_by_first = SampleCase.objects.get(pk=open_case.pk)
    seen_by_second = SampleCase.objects.get(pk=open_case.pk)
    perform_action(seen_by_first, nia_reviewer, "send_to_wda")
    with pytest.raises(CaseChanged):
        perform_action(seen_by_second, colleague, "reject", reason="Too late.")
    open_case.refresh_from_db()
    assert open_case.state == "wda_review"
    assert not Decision.objects.filter(author=colleague).exists()


# --- assignment ------------------------------------------------------------------------------


def test_a_reviewer_who_is_not_the_assignee_cannot_act(client, case, colleague):
    client.force_login(colleague)
    page = open_page(client, case)
    assert offered(page) == []
    assert "It is assigned to another reviewer." in page.content.decode()
    assert 'value="assign_me"' not in page.content.decode()
    for intent, data in [("act:send_to_wda", {}), ("act:reject", {"reason": "No."})]:
        response = post(client, case, intent, **data)
        assert response.status_code == 302
        assert messages_of(response) == [NOT_OPEN]
    case.refresh_from_db()
    assert case.state == "nia_review"


def test_a_reviewer_cannot_take_a_case_assigned_to_someone_else(
    client, case, nia_reviewer, colleague
):
    client.force_login(colleague)
    response = post(client, case, "assign_me")
    assert messages_of(response) == ["You cannot make that assignment."]
    case.refresh_from_db()
    assert case.assigned_reviewer == nia_reviewer


def test_a_reviewer_takes_an_unassigned_case(client, case, colleague):
    assigned(case, None)
    client.force_login(colleague)
    assert 'value="assign_me"' in open_page(client, case).content.decode()
    response = post(client, case, "assign_me")
    assert messages_of(response) == ["The case is assigned to you."]
    case.refresh_from_db()
    assert case.assigned_reviewer == colleague


def test_a_lead_reassigns_the_case(client, case, lead, colleague):
    client.force_login(lead)
    page = open_page(client, case)
    assert '<select name="reviewer" id="reviewer">' in page.content.decode()
    assert colleague in page.context["reviewers"]
    response = post(client, case, "assign", reviewer=str(colleague.pk))
    assert messages_of(response) == [f"The case is assigned to {colleague.full_name}."]
    case.refresh_from_db()
    assert case.assigned_reviewer == colleague


def test_a_lead_acts_on_a_case_assigned_to_someone_else(client, case, lead):
    client.force_login(lead)
    assert offered(open_page(client, case)) == ["send_to_wda", "request_supplement", "reject"]
    post(client, case, "act:send_to_wda")
    case.refresh_from_db()
    assert case.state == "wda_review"


def test_a_lead_cannot_assign_to_a_reviewer_of_another_agency(client, case, lead, wda_reviewer):
    client.force_login(lead)
    response = post(client, case, "assign", reviewer=str(wda_reviewer.pk))
    assert messages_of(response) == ["You cannot make that assignment."]
    case.refresh_from_db()
    assert case.assigned_reviewer != wda_reviewer


@pytest.mark.parametrize("reviewer", ["", "not-a-number"])
def test_a_malformed_reviewer_is_refused_with_a_message(client, case, lead, reviewer):
    client.force_login(lead)
    response = post(client, case, "assign", reviewer=reviewer)
    assert messages_of(response) == ["You cannot make that assignment."]


def test_only_a_lead_may_assign_to_others(client, case, nia_reviewer, colleague):
    client.force_login(nia_reviewer)
    page = open_page(client, case)
    assert 'name="reviewer"' not in page.content.decode()
    response = post(client, case, "assign", reviewer=str(colleague.pk))
    assert messages_of(response) == ["You cannot make that assignment."]
    case.refresh_from_db()
    assert case.assigned_reviewer == nia_reviewer
