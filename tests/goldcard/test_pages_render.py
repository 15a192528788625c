"""Every Gold Card page renders for its applicant, in both languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_draft_pages_render(client, complete_draft, applicant, language):
    case = complete_draft()
    client.force_login(applicant)
    client.cookies["django_language"] = language
    urls = [
        reverse("goldcard:start"),
        reverse("goldcard:eligibility", args=[case.pk]),
        reverse("goldcard:terms", args=[case.pk]),
        *(
            reverse("cases:section", args=["goldcard", case.pk, s.code])
            for s in case.workflow.sections
        ),
        reverse("cases:documents", args=["goldcard", case.pk]),
        reverse("cases:review", args=["goldcard", case.pk]),
        reverse("cases:detail", args=["goldcard", case.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
