"""The public verification page (ADR 0013): no sign-in, answers only validity, kind, term and
initials; an unknown, expired, revoked or not-yet-valid document says so plainly; hostile
input is a clear 400 or "not found", never a 500; look-ups are rate-limited per address."""

import datetime
import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portal.pdf.models import IssuedKind, IssuedPdf
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CODE = "7KQ2MX9DHT"
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def issued(code=CODE, *, kind=IssuedKind.RECEIPT, **fields):
    owner = UserFactory(email="holder@example.com", full_name="Jane Mary Doe")
    data = b"%PDF-1.7\n% stand-in\n%%EOF\n"
    document = IssuedPdf(
        key=f"test:{code}",
        kind=kind,
        title="Receipt for order P115120200042",
        reference="P115120200042",
        owner=owner,
        language="en",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        verification_code=code,
        holder_initials="D. J. M.",
        **fields,
    )
    document.file.save("issued.pdf", ContentFile(data), save=False)
    document.save()
    return document


@pytest.fixture
def client(client, settings):
    """An English page unless a test asks for Chinese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, code, **extra):
    return client.get(reverse("verify:document", args=[code]), **extra)


def result(response) -> str:
    found = re.search(r'data-result="([a-z_]+)"', response.content.decode())
    return found.group(1) if found else ""


def facts(response) -> dict[str, str]:
    html = response.content.decode()
    block = html[html.index('<dl class="facts">') : html.index("</dl>")]
    terms = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S)
    return {term.strip(): value.strip() for term, value in terms}


# --- the answers ----------------------------------------------------------------------------


def test_the_form_is_public_and_never_cached(client):
    response = client.get(reverse("verify:form"))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert result(response) == ""


def test_a_valid_document_says_only_what_it_is_its_term_and_the_initials(client, today):
    issued(valid_from=TODAY - datetime.timedelta(days=10), valid_until=TODAY)

    response = page(client, CODE)

    assert response.status_code == 200
    assert result(response) == "valid"
    assert facts(response) == {
        "Verification code": "7KQ2M-X9DHT",
        "Document": "Receipt",
        "Validity": "From 22 November 2026 until 2 December 2026",
        "Holder's initials": "D. J. M.",
    }
    html = response.content.decode()
    # Nothing else about the holder or the document: not the name, the account, the number.
    for secret in ("Jane", "Doe", "holder@example.com", "P115120200042", "Receipt for order"):
        assert secret not in html
    assert "no-store" in response["Cache-Control"]


def test_a_document_without_a_term_shows_no_validity(client):
    issued()

    response = page(client, CODE)

    assert result(response) == "valid"
    assert set(facts(response)) == {"Verification code", "Document", "Holder's initials"}


def test_an_expired_document_says_so(client, today):
    issued(valid_from=TODAY - datetime.timedelta(days=400), valid_until=TODAY.replace(day=1))

    response = page(client, CODE)

    assert response.status_code == 200
    assert result(response) == "expired"
    assert "This document has expired" in response.content.decode()
    assert facts(response)["Validity"] == "From 28 October 2025 until 1 December 2026"


def test_a_document_not_valid_yet_says_so(client, today):
    issued(valid_from=TODAY + datetime.timedelta(days=1))

    response = page(client, CODE)

    assert result(response) == "not_yet_valid"
    assert "This document is not valid yet" in response.content.decode()
    assert facts(response)["Validity"] == "From 3 December 2026"


def test_a_revoked_document_says_so_and_not_why(client, today):
    issued(
        valid_until=TODAY + datetime.timedelta(days=300),
        revoked_at=timezone.now(),
        revocation_reason="Card obtained with a forged salary statement",
    )

    response = page(client, CODE)

    html = response.content.decode()
    assert result(response) == "revoked"
    assert "This document has been revoked and is no longer valid" in html
    assert "forged" not in html


def test_an_unknown_code_says_no_document_has_it(client):
    issued()

    response = page(client, "7KQ2MX9DHV")

    assert response.status_code == 404
    assert result(response) == "unknown"
    assert "No document has this code" in response.content.decode()
    assert "Holder" not in response.content.decode()


def test_the_answer_is_in_the_page_language(client, settings):
    issued()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"

    response = page(client, CODE)

    assert '<html lang="zh-Hant-TW">' in response.content.decode()
    assert "收據" in facts(response).values()  # the kind, in Chinese


# --- typing the code ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["7kq2m-x9dht", " 7KQ2M X9DHT ", "７ＫＱ２Ｍ－Ｘ９ＤＨＴ"])
def test_a_typed_code_opens_its_page(client, typed):
    response = client.get(reverse("verify:form"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("verify:document", args=[CODE])


def test_a_code_in_another_form_in_the_address_goes_to_its_own_address(client):
    issued()

    response = page(client, "7kq2m-x9dht")

    assert response.status_code == 302
    assert response["Location"] == reverse("verify:document", args=[CODE])
    assert result(client.get(response["Location"])) == "valid"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the code printed on the document."),
        ("7KQ2M", "This is not a verification code."),
        ("A" * 5000, "This is not a verification code."),
        ("'; DROP TABLE pdf_issuedpdf; --", "This is not a verification code."),
        ("<script>alert(1)</script>", "This is not a verification code."),
    ],
)
def test_what_cannot_be_a_code_is_a_clear_error_on_the_form(client, typed, message):
    response = client.get(reverse("verify:form"), {"code": typed})

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert 'aria-invalid="true"' in html


def test_a_nul_byte_is_refused_with_a_400(client):
    typed = client.get(reverse("verify:form"), {"code": "7KQ2M\x00X9DHT"})
    in_path = client.get("/verify/7KQ2M%00X9DHT/")

    assert typed.status_code == 400
    assert in_path.status_code == 400
    assert "NUL" in typed.content.decode()


@pytest.mark.parametrize("path", ["A" * 3000, "%E2%80%AE" * 50, "%F0%9F%92%A9" * 8, "%2E%2E"])
def test_an_address_that_cannot_hold_a_code_is_not_found(client, path):
    response = client.get(f"/verify/{path}/")

    assert response.status_code == 404
    assert result(response) == "unknown"


def test_a_path_that_climbs_out_is_the_sites_not_found(client):
    assert client.get("/verify/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_another_users_or_nobodys_code_answers_the_same_to_everyone(client):
    """Signed in or not, holder or stranger: the same answer, no more (no session needed)."""
    document = issued()
    stranger = UserFactory(email="stranger@example.com", language="en")

    anonymous = page(client, CODE).content.decode()
    client.force_login(stranger)
    signed_in = page(client, CODE).content.decode()

    assert facts_of(anonymous) == facts_of(signed_in)
    assert document.owner.email not in signed_in


def facts_of(html):
    return html[html.index('<dl class="facts">') : html.index("</dl>")]


# --- the rate limit -------------------------------------------------------------------------


def test_look_ups_are_limited_per_address(client, settings):
    settings.VERIFICATION_RATE = (3, 600)
    issued()

    answers = [page(client, CODE, REMOTE_ADDR="203.0.113.7") for _ in range(3)]
    refused = page(client, CODE, REMOTE_ADDR="203.0.113.7")
    unknown_refused = page(client, "7KQ2MX9DHV", REMOTE_ADDR="203.0.113.7")
    elsewhere = page(client, CODE, REMOTE_ADDR="198.51.100.9")

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert refused.status_code == unknown_refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    html = refused.content.decode()
    assert "You have checked many codes in a short time. Please try again after" in html
    assert result(refused) == "limited"
    assert "D. J. M." not in html  # a refused look-up tells nothing about the code
    assert elsewhere.status_code == 200


def test_the_limit_message_is_in_chinese_for_a_chinese_page(client, settings):
    settings.VERIFICATION_RATE = (0, 600)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"

    response = page(client, CODE)

    assert response.status_code == 429
    assert '<html lang="zh-Hant-TW">' in response.content.decode()
