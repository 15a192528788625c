"""Who may open a Gold Card draft: another user gets a 404 on every page of someone else's
draft, reads nothing and changes nothing; the filing organisation's members are parties."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.cases.models import Document
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.goldcard.conftest import PDF_BYTES
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    documents_url,
    review_url,
    section_url,
    sign_in,
    terms_url,
    use_private_media,
)

pytestmark = pytest.mark.django_db
TABS = ("basic", "passport", "visa", "residence", "field")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def every_page(case):
    document = Document.objects.for_case(case).current().first()
    return [
        *(section_url(case, code) for code in TABS),
        documents_url(case),
        review_url(case),
        reverse("goldcard:eligibility", args=[case.pk]),
        terms_url(case),
        reverse("cases:detail", args=["goldcard", case.pk]),
        reverse("cases:document", args=["goldcard", case.pk, document.pk]),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_user_gets_404_on_every_page(client, complete_draft, language):
    case = complete_draft()
    sign_in(client, UserFactory(email="stranger@example.com"), language)

    for url in every_page(case):
        assert client.get(url).status_code == 404, url


def test_another_user_cannot_change_anything(client, complete_draft):
    case = complete_draft()
    before_answers = dict(case.answers)
    before_documents = list(Document.objects.for_case(case).values_list("pk", "replaced_at"))
    sign_in(client, UserFactory(email="stranger@example.com"), "en")

    posts = [
        (section_url(case, "basic"), {**case.answers["basic"], "surname": "HIJACKED"}),
        (section_url(case, "passport"), case.answers["passport"] | {"goto": "review"}),
        (documents_url(case), {"slot": "other", "file": SimpleUploadedFile("x.pdf", PDF_BYTES)}),
        (documents_url(case), {"remove": str(before_documents[0][0])}),
        (review_url(case), {"action": "submit"}),
        (
            reverse("goldcard:eligibility", args=[case.pk]),
            {"acknowledge": "on", "held_gold_card": "no", "identity": "hk_macao",
             "in_taiwan": "no", "roc_national": "no"},
        ),
        (terms_url(case), {"accept": "on"}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    autosave = client.post(
        section_url(case, "basic"), {"surname": "X"}, headers={"X-Autosave": "1"}
    )
    assert autosave.status_code == 404

    case.refresh_from_db()
    assert case.answers == before_answers
    assert case.is_draft
    assert (
        list(Document.objects.for_case(case).values_list("pk", "replaced_at")) == before_documents
    )


def test_a_member_of_another_organisation_gets_404(client, complete_draft, applicant):
    case = complete_draft()
    mine = MembershipFactory(organisation=OrganisationFactory())
    case.filer, case.filer_organisation = mine.user, mine.organisation
    case.save(update_fields=["filer", "filer_organisation"])
    outsider = MembershipFactory(organisation=OrganisationFactory())
    sign_in(client, outsider.user, "en")

    assert client.get(section_url(case, "basic")).status_code == 404
    assert client.get(documents_url(case)).status_code == 404


def test_the_owner_and_the_filing_organisation_may_open_the_draft(
    client, complete_draft, applicant
):
    case = complete_draft()
    filer = MembershipFactory()
    case.filer, case.filer_organisation = filer.user, filer.organisation
    case.save(update_fields=["filer", "filer_organisation"])
    colleague = MembershipFactory(organisation=filer.organisation).user

    for user in (applicant, filer.user, colleague):
        sign_in(client, user, "en")
        assert client.get(section_url(case, "basic")).status_code == 200, user
        assert client.get(documents_url(case)).status_code == 200, user


def test_signed_out_visitors_are_sent_to_sign_in(client, complete_draft):
    case = complete_draft()

    for url in (section_url(case, "basic"), documents_url(case), review_url(case)):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"], url


def test_a_submitted_case_cannot_be_edited(client, complete_draft, applicant, fee_schedule):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    assert client.post(review_url(case), {"action": "submit"}).status_code == 302
    case.refresh_from_db()
    assert case.number

    for url in [section_url(case, "basic"), documents_url(case), review_url(case), terms_url(case)]:
        assert client.get(url).status_code == 404, url
