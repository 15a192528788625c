import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_default_language_is_traditional_chinese(client):
    html = client.get("/").content.decode()
    assert 'lang="zh-Hant-TW"' in html
    assert "工作及居留許可線上申辦" in html


def test_switching_language_without_an_account(client):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/faq/"})
    assert response.status_code == 302
    assert response.url == "/faq/"
    html = client.get("/faq/").content.decode()
    assert 'lang="en"' in html
    assert "Frequently asked questions" in html


def test_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response.url.startswith("https://evil.example")


def test_signed_in_choice_is_stored_on_the_account(signed_in_client, verified_user):
    signed_in_client.post(reverse("accounts:set_language"), {"language": "zh-hant", "next": "/"})
    verified_user.refresh_from_db()
    assert verified_user.language == "zh-hant"


def test_accounts_language_wins_over_the_cookie(client, user_factory):
    user = user_factory(language="en")
    client.cookies["portal_language"] = "zh-hant"
    client.force_login(user)
    assert 'lang="en"' in client.get(reverse("pages:home")).content.decode()


def test_unknown_language_is_ignored(signed_in_client, verified_user):
    signed_in_client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    verified_user.refresh_from_db()
    assert verified_user.language == "en"


@pytest.mark.parametrize(
    "path", ["/", "/faq/", "/accounts/sign-in/", "/accounts/sign-up/", "/accounts/password/reset/"]
)
def test_every_public_page_has_the_language_switch(client, path):
    html = client.get(path).content.decode()
    assert 'action="/accounts/language/"' in html
    assert 'value="en"' in html and 'value="zh-hant"' in html


def test_admin_pages_have_the_language_switch_too(client, user_factory):
    admin = user_factory(role="admin", is_staff=True, is_superuser=True, language="en")
    # The admin's sign-in is the portal's (with the second factor), which has the switch.
    assert (
        client.get("/admin/login/", follow=True)
        .redirect_chain[-1][0]
        .startswith("/accounts/sign-in/")
    )
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert 'action="/accounts/language/"' in html and 'value="zh-hant"' in html
    client.post("/accounts/language/", {"language": "zh-hant", "next": "/admin/"})
    assert "審核" in client.get("/admin/").content.decode()  # site header in Chinese


def test_both_language_cookies_follow_the_cookie_settings(signed_in_client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_HTTPONLY = True
    settings.LANGUAGE_COOKIE_SAMESITE = "Strict"
    settings.LANGUAGE_COOKIE_AGE = 3600
    from_account_page = signed_in_client.post(
        reverse("accounts:account"),
        {"full_name": "Maria S.", "phone": "", "language": "zh-hant"},
    ).cookies["portal_language"]
    from_switch = signed_in_client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/"}
    ).cookies["portal_language"]
    for cookie, value in ((from_account_page, "zh-hant"), (from_switch, "en")):
        assert cookie.value == value
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Strict"
        assert cookie["max-age"] == 3600
        assert cookie["path"] == "/"
