"""The embedded default (`make demo`): e-mails land in var/mail/, links follow SITE_URL."""

import shutil
import subprocess

from tests.test_settings import ROOT, run_manage


def _setting(tmp_path, expression, **extra):
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings as s; print({expression})",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_emails_are_written_under_var_mail(tmp_path):
    assert _setting(tmp_path, "s.EMAIL_FILE_PATH") == str(ROOT / "var" / "mail")


def test_an_explicit_mail_folder_is_kept(tmp_path):
    folder = tmp_path / "mail"
    assert _setting(tmp_path, "s.EMAIL_FILE_PATH", EMAIL_FILE_PATH=str(folder)) == str(folder)


def test_the_demo_port_sets_the_site_url():
    plan = subprocess.run(
        [shutil.which("make") or "make", "-n", "demo", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8123" in plan
    assert "runserver 127.0.0.1:8123" in plan
