"""The production configuration: `check --deploy` is clean, and the embedded parts are refused."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-" + "x" * 20,
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.tw:587",
    "ALLOWED_HOSTS": "portal.example.tw",
}


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DATABASE_URL": "sqlite:///x.sqlite3"}, "PostgreSQL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"EMAIL_URL": "filemail://"}, "SMTP"),
    ],
)
def test_production_refuses_the_embedded_parts(override, message):
    result = run_manage("check", **{**PRODUCTION_ENV, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_embedded_default_needs_nothing_running(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.EMAIL_BACKEND, s.STORAGES['default']['BACKEND'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.files.storage.FileSystemStorage",
    ]


def production_values(*names):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_session_and_csrf_cookies_use_the_host_prefix():
    values = production_values(
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_DOMAIN",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_PATH",
        "CSRF_COOKIE_DOMAIN",
    )
    for cookie in ("SESSION", "CSRF"):
        # What browsers require of a __Host- cookie, or they drop it.
        assert values[f"{cookie}_COOKIE_NAME"].startswith("__Host-")
        assert values[f"{cookie}_COOKIE_SECURE"] is True
        assert values[f"{cookie}_COOKIE_PATH"] == "/"
        assert values[f"{cookie}_COOKIE_DOMAIN"] is None


def test_production_cookies_and_sessions_are_hardened():
    values = production_values(
        "SESSION_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_IDLE_SECONDS",
        "SESSION_ABSOLUTE_SECONDS",
        "MIDDLEWARE",
        "INSTALLED_APPS",
    )
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_IDLE_SECONDS"] == 30 * 60
    assert values["SESSION_ABSOLUTE_SECONDS"] == 12 * 60 * 60
    # Staff's second factor is enforced in production too: the admin site that asks for it,
    # django-otp's middleware, and the sign-out of staff sessions without it (in that order).
    assert "portal.accounts.admin_app.PortalAdminConfig" in values["INSTALLED_APPS"]
    assert "django.contrib.admin" not in values["INSTALLED_APPS"]
    middleware = values["MIDDLEWARE"]
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < (
        middleware.index("django_otp.middleware.OTPMiddleware")
    )
    assert middleware.index("django_otp.middleware.OTPMiddleware") < middleware.index(
        "portal.accounts.twofactor.middleware.StaffSecondFactorMiddleware"
    )
