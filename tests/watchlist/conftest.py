import datetime

import pytest

from portal.reference.models import Nationality
from portal.watchlist import matching
from portal.watchlist.models import Reason, WatchlistEntry


@pytest.fixture(autouse=True)
def _fresh_index():
    """Each test starts without a cached index, whatever the previous test left behind."""
    matching.forget_index()
    yield
    matching.forget_index()


@pytest.fixture
def make_entry(reference_data):
    def make(surname, given_name, **fields):
        code = fields.pop("nationality", "VN")
        fields.setdefault("reason", Reason.OVERSTAY)
        fields.setdefault("source_agency", "NIA")
        fields.setdefault("date_of_birth", datetime.date(1990, 3, 15))
        return WatchlistEntry.objects.create(
            surname=surname,
            given_name=given_name,
            nationality=Nationality.objects.get(code=code) if code else None,
            **fields,
        )

    return make
