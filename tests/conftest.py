import pathlib
import subprocess
import sys

import pytest
from django.core.management import call_command

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Fails the run if any log line of the suite carries personal data (tests/logscan.py).
pytest_plugins = ["tests.logscan"]


def pytest_sessionstart(session):
    """Compile translations when a .po is newer than its .mo, so that a plain `pytest`
    sees the same Chinese as `make test` does."""
    for po in (ROOT / "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "compilemessages",
                    "--ignore=.venv",
                    "--verbosity",
                    "0",
                ],
                check=True,
                cwd=ROOT,
            )
            break


@pytest.fixture(autouse=True)
def _reset_language():
    from django.utils import translation

    translation.activate("zh-hant")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _locmem_cache_cleared():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def reference_data(db):
    from portal.reference.loaders import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def goldcard_reference(reference_data, fee_schedule):
    """For transactional tests: the Gold Card's fields, criteria and missions, the portal's
    reference rows and the fee schedule, after an earlier test's flush."""
    from goldcard.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def fee_schedule(db):
    """For transactional tests: an earlier one's flush empties the migration-seeded schedule."""
    from payments.fee_schedule import ensure_fee_schedule

    ensure_fee_schedule()


@pytest.fixture
def client():
    """pytest-django's client, except that `force_login` signs staff in with a verified
    second factor, as the admin requires (tests/two_factor.py)."""
    from tests.two_factor import PortalClient

    return PortalClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in with a second factor too."""
    from tests.two_factor import PortalClient

    client = PortalClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def user_factory(db):
    from tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def verified_user(db):
    from tests.factories import UserFactory

    return UserFactory(email="maria@example.com", password="correct-horse-42")


@pytest.fixture
def signed_in_client(client, verified_user):
    client.force_login(verified_user)
    return client


@pytest.fixture
def demo_data(db):
    call_command("load_demo", verbosity=0)
