"""The applicant's pages through the Django test client: filling a draft tab by tab (with and
without autosave), reviewing and submitting it, the case page, the case list and the to-do list
(with their query counts), withdrawing, answering a supplement, and who may open what."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.cases.models import CaseEvent, Document, SupplementRequest
from portal.cases.services import SupplementAsk, perform_action
from portal.notify.models import Notice
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SampleCaseFactory,
    UserFactory,
    sample_answers,
)
from tests.sampleflow.models import SampleCase

pytestmark = pytest.mark.django_db

SLUG = "sample"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads of these tests go to a temporary directory, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


def url(name, case, *extra):
    return reverse(f"cases:{name}", args=[SLUG, case.pk, *extra])


def text(response):
    return response.content.decode()


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def ask_supplement(case, reviewer, items, deadline=None):
    perform_action(
        case,
        reviewer,
        "request_supplement",
        reason="Please fix",
        supplement=SupplementAsk(items=items, deadline=deadline),
    )
    case.refresh_from_db()
    return SupplementRequest.objects.for_case(case).get(answered_at__isnull=True)


# --- a new draft and its tabs ----------------------------------------------------------------


def test_new_draft_redirects_to_the_first_section(applicant_client, applicant):
    response = applicant_client.post(reverse("cases:new", args=[SLUG]))

    case = SampleCase.objects.get(owner=applicant)
    assert response.status_code == 302
    assert response["Location"] == url("section", case, "person")
    assert case.is_draft and case.state == "draft"
    assert case.language == applicant.language
    assert case.filer is None and case.filer_organisation is None


def test_new_draft_needs_post(applicant_client):
    assert applicant_client.get(reverse("cases:new", args=[SLUG])).status_code == 405


def test_new_draft_of_an_employer_is_filed_for_its_organisation(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    client.post(reverse("cases:new", args=[SLUG]))

    case = SampleCase.objects.get(owner=membership.user)
    assert case.filer == membership.user
    assert case.filer_organisation == membership.organisation


def test_unknown_workflow_is_404(applicant_client):
    assert applicant_client.post("/cases/no-such-flow/new/").status_code == 404


def test_section_page_shows_the_stored_answers(applicant_client, draft):
    response = applicant_client.get(url("section", draft, "person"))

    assert response.status_code == 200
    assert 'value="Nguyen"' in text(response)
    assert 'value="C1234567"' in text(response)
    assert 'name="goto" value="stay"' in text(response)  # the tabs are submit buttons


def test_unknown_section_is_404(applicant_client, draft):
    assert applicant_client.get(url("section", draft, "nope")).status_code == 404


def test_invalid_section_post_rerenders_with_errors_and_keeps_typed_values(applicant_client, draft):
    typed = {**sample_answers()["person"], "surname": "", "date_of_birth": "1990-13-45"}

    response = applicant_client.post(url("section", draft, "person"), typed)

    assert response.status_code == 200
    page = text(response)
    assert "error-summary" in page
    assert 'href="#id_surname"' in page and 'href="#id_date_of_birth"' in page
    assert 'value="1990-13-45"' in page  # shown back as typed
    assert "Saved. Please correct the fields marked below." in flash(response)
    draft.refresh_from_db()
    assert draft.answers["person"]["date_of_birth"] == "1990-13-45"
    assert draft.answers["person"]["surname"] == ""


def test_valid_section_post_goes_to_the_first_incomplete_tab(applicant_client, draft):
    # Both sections are complete in the fixture; the documents are not there yet.
    response = applicant_client.post(url("section", draft, "person"), sample_answers()["person"])

    assert response.status_code == 302
    assert response["Location"] == url("documents", draft)
    assert "Saved." in flash(response)


def test_valid_section_post_goes_to_an_earlier_incomplete_tab(applicant_client, applicant):
    case = SampleCaseFactory(owner=applicant, answers={"stay": sample_answers()["stay"]})

    response = applicant_client.post(url("section", case, "stay"), sample_answers()["stay"])

    assert response["Location"] == url("section", case, "person")


def test_valid_post_on_a_complete_draft_goes_to_the_section_itself(
    applicant_client, complete_draft
):
    response = applicant_client.post(
        url("section", complete_draft, "stay"), sample_answers()["stay"]
    )

    assert response["Location"] == url("section", complete_draft, "stay")


@pytest.mark.parametrize(
    ("goto", "target"),
    [("stay", ("section", "stay")), ("documents", ("documents",)), ("review", ("review",))],
)
def test_goto_saves_and_goes_to_the_chosen_tab(applicant_client, draft, goto, target):
    typed = {**sample_answers()["person"], "surname": "", "given_name": "Typed Before Leaving"}

    response = applicant_client.post(url("section", draft, "person"), {**typed, "goto": goto})

    assert response.status_code == 302
    assert response["Location"] == url(target[0], draft, *target[1:])
    draft.refresh_from_db()
    assert draft.answers["person"]["given_name"] == "Typed Before Leaving"


def test_goto_to_an_unknown_tab_falls_back_to_the_first_incomplete(applicant_client, draft):
    data = {**sample_answers()["person"], "goto": "../../admin"}

    response = applicant_client.post(url("section", draft, "person"), data)

    assert response["Location"] == url("documents", draft)


def test_autosave_returns_json_and_stores_the_values(applicant_client, draft):
    typed = {**sample_answers()["person"], "given_name": "Auto", "date_of_birth": "yesterday"}

    response = applicant_client.post(
        url("section", draft, "person"), typed, headers={"X-Autosave": "1"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert re.fullmatch(r"\d\d:\d\d:\d\d", body["saved_at"])
    assert list(body["errors"]) == ["date_of_birth"]
    assert all(isinstance(message, str) for message in body["errors"]["date_of_birth"])
    draft.refresh_from_db()
    assert draft.answers["person"]["given_name"] == "Auto"
    assert draft.answers["person"]["date_of_birth"] == "yesterday"


def test_autosave_of_a_valid_section_has_no_errors(applicant_client, draft):
    response = applicant_client.post(
        url("section", draft, "stay"), sample_answers()["stay"], HTTP_X_AUTOSAVE="1"
    )

    assert response.json()["errors"] == {}


def test_a_submitted_case_cannot_be_edited(applicant_client, submitted):
    before = dict(submitted.answers)

    for name, extra in [("section", ("person",)), ("documents", ()), ("review", ())]:
        assert applicant_client.get(url(name, submitted, *extra)).status_code == 404
    response = applicant_client.post(
        url("section", submitted, "person"), {**before["person"], "surname": "Changed"}
    )

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.answers == before


# --- review and submit ------------------------------------------------------------------------


def test_review_page_of_an_incomplete_draft_says_what_is_left_without_errors(
    applicant_client, draft
):
    draft.answers["person"]["surname"] = ""
    draft.save()

    response = applicant_client.get(url("review", draft))

    assert response.status_code == 200
    page = text(response)
    assert "Still missing before you can submit" not in page
    assert "error-summary" not in page
    left = page.split('id="not-complete-yet"')[1].split("</div>")[0]
    assert f'<a href="{url("section", draft, "person")}">Person</a>' in left
    assert f'<a href="{url("documents", draft)}">Documents</a>' in left
    assert url("section", draft, "stay") not in left  # complete: not listed
    assert 'name="action" value="submit"' in page
    assert "C1234567" in page  # the answers are shown for checking


def test_review_page_lists_every_problem_in_red_only_after_a_refused_submit(
    applicant_client, draft
):
    draft.answers["person"]["surname"] = ""
    draft.save()

    before = text(applicant_client.get(url("review", draft)))
    applicant_client.post(url("review", draft), {"action": "submit"})
    page = text(applicant_client.get(url("review", draft)))

    assert "Still missing before you can submit" not in before
    assert "Still missing before you can submit" in page
    assert f'href="{url("section", draft, "person")}">Person · Surname</a>' in page
    assert f'href="{url("documents", draft)}">Documents · Photo</a>' in page
    assert f'href="{url("documents", draft)}">Documents · Passport</a>' in page


def test_every_section_of_the_review_page_has_a_change_link(applicant_client, complete_draft):
    page = text(applicant_client.get(url("review", complete_draft)))

    for code, label in [("person", "Person"), ("stay", "Stay")]:
        link = f'<a class="change-link" href="{url("section", complete_draft, code)}">Change'
        assert link in page, code
        assert f'<span class="visually-hidden"> {label}</span>' in page
    assert f'<a class="change-link" href="{url("documents", complete_draft)}">Change' in page
    # Labels above values on a phone: each answer is its own row of the list.
    assert '<div class="answer"><dt>Surname</dt><dd>Nguyen</dd></div>' in page


def test_a_reopened_tab_shows_the_answers_without_errors_until_a_submit_is_tried(
    applicant_client, draft
):
    draft.answers["person"].update(surname="", date_of_birth="1990-13-45")
    draft.save()

    quiet = applicant_client.get(url("section", draft, "person"))
    applicant_client.post(url("review", draft), {"action": "submit"})
    checked = applicant_client.get(url("section", draft, "person"))

    assert 'value="1990-13-45"' in text(quiet) and 'value="C1234567"' in text(quiet)
    assert "error-summary" not in text(quiet) and 'class="errors"' not in text(quiet)
    assert 'aria-invalid="true"' not in text(quiet)
    assert not quiet.context["form"].is_bound
    assert "error-summary" in text(checked)
    assert set(checked.context["form"].errors) == {"surname", "date_of_birth"}
    assert 'value="1990-13-45"' in text(checked)


def test_review_page_of_a_complete_draft_has_no_problem_list(applicant_client, complete_draft):
    page = text(applicant_client.get(url("review", complete_draft)))

    assert "Still missing before you can submit" not in page
    assert 'name="action" value="submit"' in page
    assert "photo.png" in page and "passport.pdf" in page


def test_submitting_an_incomplete_draft_goes_to_the_first_incomplete_tab(
    applicant_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(url("review", draft), {"action": "submit"})

    assert response.status_code == 302
    assert response["Location"] == url("documents", draft)
    assert "The application is not complete yet." in flash(response)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.number is None
    assert not CaseEvent.objects.for_case(draft).exists()
    assert mail.outbox == []


def test_submitting_an_unknown_action_is_404(applicant_client, complete_draft):
    response = applicant_client.post(url("review", complete_draft), {"action": "withdraw"})

    assert response.status_code == 404
    complete_draft.refresh_from_db()
    assert complete_draft.is_draft


def test_submitting_a_complete_draft(
    applicant_client, complete_draft, nia_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            url("review", complete_draft), {"action": "submit"}, follow=True
        )

    complete_draft.refresh_from_db()
    number = complete_draft.number
    assert re.fullmatch(r"\d{3}99\d{7}", number)
    assert response.redirect_chain == [(url("detail", complete_draft), 302)]
    page = text(response)
    assert f"Your application was submitted. Its number is {number}." in page
    assert f'<strong class="case-number">{number}</strong>' in page
    assert complete_draft.state == "nia_review"
    assert complete_draft.assigned_reviewer == nia_reviewer
    # The "submission received" e-mail, in the case's language (English here).
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["applicant@example.com"]
    assert message.subject == f"Submission received: {number}"
    assert number in message.body
    assert f"/cases/{SLUG}/{complete_draft.pk}/" in message.body


def test_submission_email_goes_out_in_the_language_of_the_case(
    client, nia_reviewer, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="zh@example.com", language="zh-hant")
    case = SampleCaseFactory(owner=applicant, language="zh-hant")
    client.force_login(applicant)
    client.post(url("documents", case), {"slot": "photo", "file": png_upload()})
    client.post(url("documents", case), {"slot": "passport", "file": pdf_upload()})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review", case), {"action": "submit"})

    case.refresh_from_db()
    assert case.number
    assert Notice.objects.for_case(case).get().language == "zh-hant"
    [message] = mail.outbox
    assert case.number in message.subject
    assert case.number in message.body
    assert f"/cases/{SLUG}/{case.pk}/" in message.body
    html = message.alternatives[0][0]
    assert case.number in html
    # Rendered under zh-hant, whatever the catalogue has translated so far.
    assert "您好" in message.body


def test_the_review_button_is_not_shown_to_a_stranger(client, complete_draft):
    client.force_login(UserFactory())

    assert client.post(url("review", complete_draft), {"action": "submit"}).status_code == 404
    complete_draft.refresh_from_db()
    assert complete_draft.is_draft


# --- the case page and the case list ------------------------------------------------------------


def test_case_page_shows_state_agency_and_timeline(
    applicant_client, submitted, nia_reviewer, wda_reviewer
):
    perform_action(submitted, nia_reviewer, "send_to_wda")

    response = applicant_client.get(url("detail", submitted))

    assert response.status_code == 200
    page = text(response)
    assert '<dd class="case-state">WDA review</dd>' in page
    assert "Workforce Development Agency, Ministry of Labor" in page  # held by
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "Draft started" in timeline
    states = re.findall(r'<span class="timeline-state">([^<]*)</span>', timeline)
    assert states == ["NIA review", "WDA review"]
    # Each step names the agency that holds the case after it.
    agencies = re.findall(r'<span class="timeline-agency">\(([^)]*)\)</span>', timeline)
    assert agencies == [
        "National Immigration Agency",
        "Workforce Development Agency, Ministry of Labor",
    ]
    assert "The case is now with: Workforce Development Agency, Ministry of Labor." in page
    assert url("act", submitted, "withdraw") in page
    assert "photo.png" in page and "passport.pdf" in page


@pytest.mark.parametrize(
    ("answers", "documents", "target"),
    [
        ({}, False, ("section", "person")),
        ({"person": sample_answers()["person"]}, False, ("section", "stay")),
        (sample_answers(), False, ("documents",)),
        (sample_answers(), True, ("review",)),
    ],
    ids=["empty", "person-done", "documents-left", "complete"],
)
def test_continuing_a_draft_goes_to_the_first_incomplete_tab(
    applicant_client, applicant, answers, documents, target
):
    case = SampleCaseFactory(owner=applicant, answers=answers)
    if documents:
        Document.objects.all()  # (documents are stored through the engine)
        from portal.cases.documents import store_document

        store_document(case, case.workflow.slot("photo"), png_upload(), user=applicant)
        store_document(case, case.workflow.slot("passport"), pdf_upload(), user=applicant)

    response = applicant_client.get(url("detail", case))

    assert response.status_code == 302
    assert response["Location"] == url(target[0], case, *target[1:])


def test_case_list_shows_drafts_and_submitted_cases(applicant_client, applicant, draft):
    done = SampleCaseFactory(owner=applicant, submitted=True, applicant_name="Tran Thi Mai")
    other = SampleCaseFactory(submitted=True)  # someone else's

    response = applicant_client.get(reverse("cases:list"))

    assert response.status_code == 200
    assert [c.pk for c in response.context["drafts"]] == [draft.pk]
    assert [c.pk for c in response.context["submitted"]] == [done.pk]
    page = text(response)
    assert f'<a href="{url("detail", draft)}">Sample permit</a>' in page  # continues the draft
    assert f'<a href="{url("detail", done)}">{done.number}</a>' in page
    assert "Tran Thi Mai" in page
    assert "NIA review" in page and "National Immigration Agency" in page
    assert other.number not in page


def make_cases(owner, count, reviewer):
    """`count` cases of `owner`, in bulk, across every state the list and to-do list show."""
    kinds = ["draft", "nia_review", "supplement_requested", "payment_due", "ready", "withdrawn"]
    cases = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "draft":
            cases.append(SampleCaseFactory.build(owner=owner))
        else:
            cases.append(SampleCaseFactory.build(owner=owner, submitted=True, state=kind))
    cases = SampleCase.objects.bulk_create(cases)
    requests = []
    for case in cases:
        if case.state == "supplement_requested":
            request = SupplementRequest(
                requested_by=reviewer,
                return_state="nia_review",
                agency="NIA",
                deadline=datetime.date(2030, 1, 1),
            )
            request.link_to(case)
            requests.append(request)
    SupplementRequest.objects.bulk_create(requests)
    return cases


def count_queries(client, user, path):
    client.force_login(user)
    client.get(path)  # warm the per-process caches (content types, ...)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("path", ["/cases/", "/home/"])
def test_list_pages_run_the_same_queries_for_5_and_500_cases(client, nia_reviewer, path):
    few, many = UserFactory(language="en"), UserFactory(language="en")
    make_cases(few, 5, nia_reviewer)
    cases = make_cases(many, 500, nia_reviewer)

    few_queries, _ = count_queries(client, few, path)
    many_queries, response = count_queries(client, many, path)

    assert few_queries == many_queries
    if path == "/cases/":
        shown = len(response.context["drafts"]) + len(response.context["submitted"])
        assert shown == 500
    else:
        kinds = [item.kind for item in response.context["todo_items"]]
        waiting = [c for c in cases if c.state not in ("nia_review", "withdrawn")]
        assert len(kinds) == len(waiting) > 300
        assert set(kinds) == {"draft", "supplement", "payment", "pickup"}


# --- the to-do list -----------------------------------------------------------------------


def test_todo_list_shows_what_waits_for_the_applicant(applicant_client, applicant, nia_reviewer):
    draft = SampleCaseFactory(owner=applicant, applicant_name="Draft Person")
    supplement = SampleCaseFactory(owner=applicant, submitted=True, state="supplement_requested")
    request = SupplementRequest(
        requested_by=nia_reviewer,
        return_state="nia_review",
        agency="NIA",
        deadline=datetime.date(2030, 3, 15),
    )
    request.link_to(supplement)
    request.save()
    payment = SampleCaseFactory(owner=applicant, submitted=True, state="payment_due")
    pickup = SampleCaseFactory(owner=applicant, submitted=True, state="ready")
    reviewing = SampleCaseFactory(owner=applicant, submitted=True)  # waits for NIA, not them
    SampleCaseFactory(submitted=True, state="payment_due")  # someone else's

    response = applicant_client.get(reverse("pages:home"))

    items = {item.kind: item for item in response.context["todo_items"]}
    assert sorted(items) == ["draft", "payment", "pickup", "supplement"]
    assert len(response.context["todo_items"]) == 4
    assert response.context["todo_items"][0].kind == "supplement"  # dated items first
    assert items["supplement"].due == datetime.date(2030, 3, 15)
    assert items["supplement"].url == url("supplement", supplement)
    assert items["draft"].url == url("detail", draft)  # which continues where they stopped
    assert items["payment"].url == "/payments/"  # the payment list, where it can be paid
    assert items["pickup"].url == url("detail", pickup)
    page = text(response)
    assert "Continue your draft: Sample permit" in page
    assert f"Supplement requested: {supplement.number}" in page
    assert '<time datetime="2030-03-15">15 March 2030</time>' in page
    assert f"Payment due: {payment.number}" in page
    assert f"Ready for pickup: {pickup.number}" in page
    assert reviewing.number not in page


def test_todo_list_deadline_comes_from_the_open_request_only(
    applicant_client, submitted, nia_reviewer
):
    ask_supplement(submitted, nia_reviewer, [("other", "", "Explain")], datetime.date(2031, 5, 6))

    [item] = applicant_client.get(reverse("pages:home")).context["todo_items"]

    assert (item.kind, item.due) == ("supplement", datetime.date(2031, 5, 6))


# --- withdrawing --------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws(
    applicant_client, submitted, django_capture_on_commit_callbacks
):
    confirm = applicant_client.get(url("act", submitted, "withdraw"))

    assert confirm.status_code == 200
    assert "Withdrawing ends this application" in text(confirm)
    submitted.refresh_from_db()
    assert submitted.state == "nia_review"  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(url("act", submitted, "withdraw"), {"reason": "Moved"})

    assert response["Location"] == url("detail", submitted)
    assert "Done: Withdraw." in flash(response)
    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
    assert submitted.closed_at is not None
    assert CaseEvent.objects.for_case(submitted).last().reason == "Moved"
    assert [m.subject for m in mail.outbox] == [f"Application withdrawn: {submitted.number}"]

    page = applicant_client.get(url("detail", submitted))
    assert page.status_code == 200  # still readable
    assert "/act/" not in text(page)  # and nothing more to do
    assert page.context["actions"] == []
    assert applicant_client.get(url("act", submitted, "withdraw")).status_code == 404


def test_a_draft_cannot_be_withdrawn(applicant_client, draft):
    assert applicant_client.get(url("act", draft, "withdraw")).status_code == 404


def test_submit_has_its_own_page_not_the_confirmation(applicant_client, complete_draft):
    assert applicant_client.get(url("act", complete_draft, "submit")).status_code == 404
    assert applicant_client.post(url("act", complete_draft, "submit")).status_code == 404
    complete_draft.refresh_from_db()
    assert complete_draft.is_draft


# --- answering a supplement -----------------------------------------------------------------


@pytest.fixture
def at_wda(submitted, nia_reviewer):
    perform_action(submitted, nia_reviewer, "send_to_wda")
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def supplement_request(at_wda, wda_reviewer):
    return ask_supplement(
        at_wda,
        wda_reviewer,
        [
            ("document", "photo", "The photo is blurred."),
            ("other", "", "Tell us your arrival date."),
        ],
        datetime.date(2030, 6, 30),
    )


def test_supplement_page_shows_exactly_the_items(applicant_client, at_wda, supplement_request):
    response = applicant_client.get(url("supplement", at_wda))

    assert response.status_code == 200
    page = text(response)
    items = page.split('<ul class="supplement-items">')[1].split("</ul>")[0]
    assert re.findall(r"<li>([^<]*)</li>", items) == [
        "The photo is blurred.",
        "Tell us your arrival date.",
    ]
    assert '<time datetime="2030-06-30">30 June 2030</time>' in page
    assert 'name="file-photo"' in page
    assert 'name="file-passport"' not in page  # only the slot that was asked for
    assert 'value="save:' not in page  # no form field was asked for


def test_supplement_answer_goes_back_to_the_stage_that_asked(
    client,
    applicant,
    at_wda,
    supplement_request,
    wda_reviewer,
    nia_reviewer,
    django_capture_on_commit_callbacks,
):
    client.force_login(applicant)
    old_photo = Document.objects.for_case(at_wda).current().get(slot="photo")

    upload = client.post(
        url("supplement", at_wda),
        {"intent": "upload:photo", "file-photo": png_upload("new-photo.png")},
    )

    assert upload.status_code == 302
    new_photo = Document.objects.for_case(at_wda).current().get(slot="photo")
    assert new_photo.supplement == supplement_request
    assert new_photo.original_name == "new-photo.png"
    old_photo.refresh_from_db()
    assert old_photo.replaced_at is not None
    assert "New file uploaded: new-photo.png" in text(client.get(url("supplement", at_wda)))

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url("supplement", at_wda), {"intent": "send", "note": "Arrived on 1 May."}
        )

    assert sent["Location"] == url("detail", at_wda)
    at_wda.refresh_from_db()
    assert at_wda.state == "wda_review"  # WDA asked, so WDA gets it back
    assert at_wda.assigned_reviewer == wda_reviewer
    supplement_request.refresh_from_db()
    assert supplement_request.answered_at is not None
    assert supplement_request.answered_by == applicant
    assert supplement_request.answer_note == "Arrived on 1 May."
    assert not supplement_request.is_open
    assert client.get(url("supplement", at_wda)).status_code == 404  # nothing open any more


def test_sending_a_supplement_without_the_new_upload_is_refused(
    applicant_client, at_wda, supplement_request
):
    response = applicant_client.post(url("supplement", at_wda), {"intent": "send", "note": "x"})

    assert response.status_code == 400
    page = text(response)
    assert "Before you send" in page
    assert "Upload a new “Photo”." in page
    at_wda.refresh_from_db()
    assert at_wda.state == "supplement_requested"
    supplement_request.refresh_from_db()
    assert supplement_request.answered_at is None


def test_supplement_upload_without_a_file_says_so(applicant_client, at_wda, supplement_request):
    response = applicant_client.post(url("supplement", at_wda), {"intent": "upload:photo"})

    assert response.status_code == 400
    assert "Choose a file to upload." in text(response)


def test_supplement_upload_into_a_slot_not_asked_for_stores_nothing(
    applicant_client, at_wda, supplement_request
):
    before = Document.objects.for_case(at_wda).count()

    applicant_client.post(
        url("supplement", at_wda), {"intent": "upload:passport", "file-passport": pdf_upload()}
    )

    assert Document.objects.for_case(at_wda).count() == before


def test_supplement_asking_for_a_field_shows_that_section(applicant_client, at_wda, wda_reviewer):
    ask_supplement(at_wda, wda_reviewer, [("field", "person.passport_number", "Typo?")])

    page = text(applicant_client.get(url("supplement", at_wda)))
    assert 'value="save:person"' in page
    assert 'value="save:stay"' not in page

    corrected = {**sample_answers()["person"], "passport_number": "C7654321"}
    response = applicant_client.post(
        url("supplement", at_wda), {**corrected, "intent": "save:person"}
    )
    assert response.status_code == 302
    at_wda.refresh_from_db()
    assert at_wda.answers["person"]["passport_number"] == "C7654321"

    response = applicant_client.post(url("supplement", at_wda), {"intent": "send"})
    assert response.status_code == 302
    at_wda.refresh_from_db()
    assert at_wda.state == "wda_review"


# --- who may open what ------------------------------------------------------------------------


@pytest.fixture
def someone_elses_pages(applicant, supplement_request, at_wda):
    """Every page of the applicant's cases, each opening for the applicant."""
    draft = SampleCaseFactory(owner=applicant)
    photo = Document.objects.for_case(at_wda).current().get(slot="photo")
    return {
        "detail": url("detail", at_wda),
        "review": url("review", draft),
        "section": url("section", draft, "person"),
        "documents": url("documents", draft),
        "supplement": url("supplement", at_wda),
        "withdraw": url("act", at_wda, "withdraw"),
        "download": url("document", at_wda, photo.pk),
    }


PAGES = ["detail", "review", "section", "documents", "supplement", "withdraw", "download"]


@pytest.mark.parametrize("page", PAGES)
def test_the_applicant_opens_each_page(client, applicant, someone_elses_pages, page):
    client.force_login(applicant)

    assert client.get(someone_elses_pages[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_another_user_gets_404(client, someone_elses_pages, page):
    client.force_login(UserFactory())

    assert client.get(someone_elses_pages[page]).status_code == 404
    assert client.post(someone_elses_pages[page], {"intent": "send"}).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, someone_elses_pages, page):
    response = client.get(someone_elses_pages[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_a_stranger_cannot_withdraw_or_edit(client, applicant, at_wda, draft):
    client.force_login(UserFactory())

    client.post(url("act", at_wda, "withdraw"))
    client.post(url("section", draft, "person"), {"surname": "Hacked"})

    at_wda.refresh_from_db()
    draft.refresh_from_db()
    assert at_wda.state == "wda_review"
    assert draft.answers["person"]["surname"] == "Nguyen"


def test_the_case_list_of_a_stranger_is_empty(client, submitted):
    client.force_login(UserFactory())

    response = client.get(reverse("cases:list"))

    assert response.context["drafts"] == [] and response.context["submitted"] == []


def test_organisation_members_see_the_cases_it_filed(client, applicant):
    organisation = OrganisationFactory()
    filer = MembershipFactory(organisation=organisation).user
    colleague = MembershipFactory(organisation=organisation).user
    outsider = MembershipFactory().user  # a member of another organisation
    case = SampleCaseFactory(
        owner=applicant, filer=filer, filer_organisation=organisation, submitted=True
    )

    client.force_login(colleague)
    assert client.get(url("detail", case)).status_code == 200
    assert [c.pk for c in client.get(reverse("cases:list")).context["submitted"]] == [case.pk]
    assert client.get(url("act", case, "withdraw")).status_code == 200  # the filer's side

    client.force_login(outsider)
    assert client.get(url("detail", case)).status_code == 404
    assert client.get(reverse("cases:list")).context["submitted"] == []


def test_a_case_is_listed_once_for_a_member_of_several_matching_roles(client, applicant):
    membership = MembershipFactory()
    MembershipFactory(organisation=membership.organisation)  # another member: no duplicate rows
    SampleCaseFactory(
        owner=membership.user,
        filer=membership.user,
        filer_organisation=membership.organisation,
        submitted=True,
    )
    client.force_login(membership.user)

    assert len(client.get(reverse("cases:list")).context["submitted"]) == 1
