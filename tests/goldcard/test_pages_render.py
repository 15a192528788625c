"""Every Gold Card page renders for its applicant, in both languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_draft_pages_render(client, complete_draft, applicant, language):
    case = complete_draft()
    applicant.language = language  # a signed-in user's pages follow the account's language
    applicant.save(update_fields=["language"])
    client.force_login(applicant)
    urls = [
        reverse("goldcard:start"),
        reverse("goldcard:services"),
        reverse("goldcard:eligibility", args=[case.pk]),
        *(
            reverse("cases:section", args=["goldcard", case.pk, s.code])
            for s in case.workflow.sections
        ),
        reverse("cases:documents", args=["goldcard", case.pk]),
        reverse("cases:review", args=["goldcard", case.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html_lang = "zh-Hant-TW" if language == "zh-hant" else "en"
        assert f'<html lang="{html_lang}">' in response.content.decode()[:300], url


def test_reviewer_sees_eligibility_answers_and_tabs(
    client, complete_draft, applicant, fee_schedule
):
    from django.core.management import call_command

    from portal.cases.services import perform_action
    from tests.factories import UserFactory

    case = complete_draft()
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    call_command("setup_reviewer_groups", verbosity=0)
    nia = UserFactory(reviewer=True, agency="NIA", language="en")
    call_command("setup_reviewer_groups", verbosity=0)
    client.force_login(nia)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("admin:goldcard_goldcardcase_change", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eligibility questions" in html
    assert "Professional field" in html
    assert "Data checked: send to WDA" in html


def test_case_page_history_follows_every_move_and_language(
    client, complete_draft, applicant, fee_schedule
):
    """The stages and timeline are cached under the case's last change: a move shows at once,
    and each language has its own copy."""
    from portal.cases.services import perform_action
    from tests.factories import UserFactory

    case = complete_draft()
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    client.force_login(applicant)
    url = reverse("cases:detail", args=["goldcard", case.pk])
    first = client.get(url).content.decode()
    in_timeline = 'class="timeline-state">WDA work-permit review</span>'
    assert in_timeline not in first
    perform_action(case, UserFactory(reviewer=True, agency="NIA"), "send_to_wda")
    after = client.get(url).content.decode()
    assert in_timeline in after
    applicant.language = "zh-hant"
    applicant.save(update_fields=["language"])
    chinese = client.get(url).content.decode()
    assert "WDA work-permit review" not in chinese
