"""Helpers shared by the Gold Card tab and eligibility tests (this module holds no tests).

Language: a signed-in user's stored language wins over any cookie
(portal.accounts.middleware.AccountLanguageMiddleware), and the cookie the portal reads is
settings.LANGUAGE_COOKIE_NAME ("portal_language"), not "django_language". `sign_in` therefore
sets the account's language, and both cookies for good measure; `assert_language` checks
that the page really came out in that language.
"""

import re

from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.urls import reverse

SLUG = "goldcard"
LANGUAGES = ["en", "zh-hant"]
HTML_LANG = {"en": '<html lang="en"', "zh-hant": '<html lang="zh-Hant-TW"'}


def use_private_media(settings, tmp_path):
    """Uploads go to a temporary directory, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def sign_in(client, user, language="en"):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies["django_language"] = language
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def section_url(case, code):
    return reverse("cases:section", args=[SLUG, case.pk, code])


def documents_url(case):
    return reverse("cases:documents", args=[SLUG, case.pk])


def review_url(case):
    return reverse("cases:review", args=[SLUG, case.pk])


def terms_url(case):
    return reverse("goldcard:terms", args=[case.pk])


def text(response):
    return response.content.decode()


def flash(response):
    """The messages of the request (queued ones included, whether rendered or not)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def flash_levels(response):
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def assert_language(response, language):
    assert HTML_LANG[language] in text(response), f"page not rendered in {language}"


def field_errors(response, name):
    """The errors the re-shown form carries for `name` (as rendered text)."""
    form = response.context["form"]
    return [str(e) for e in form.errors.get(name, [])]


def shown_value(response, name):
    """The value attribute of the input `name` in the page, or None."""
    match = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', text(response))
    if match is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def selected_value(response, name):
    """The selected option of the select `name` in the page, or None."""
    match = re.search(
        rf'<select[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', text(response), re.S
    )
    if match is None:
        return None
    option = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', match.group(1))
    return option.group(1) if option else ""


def checked_value(response, name):
    """The checked radio of `name` in the page, or None."""
    for tag in re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', text(response)):
        if re.search(r"\bchecked\b", tag):
            return re.search(r'\bvalue="([^"]*)"', tag).group(1)
    return None


def has_field(response, name):
    return re.search(rf'\bname="{re.escape(name)}"', text(response)) is not None
