import pytest
from django.urls import reverse

from portal.watchlist.demo import DEMO_ENTRIES, load_demo_watchlist
from portal.watchlist.matching import PersonKeys, find_matches
from portal.watchlist.models import WatchlistEntry

pytestmark = pytest.mark.django_db


def test_demo_entries_load_idempotently(reference_data):
    load_demo_watchlist()
    assert load_demo_watchlist() == len(DEMO_ENTRIES)
    assert WatchlistEntry.objects.count() == len(DEMO_ENTRIES)
    assert not WatchlistEntry.objects.filter(nationality=None).exists()


def test_demo_entry_is_found_under_another_spelling(reference_data):
    load_demo_watchlist()
    hits = find_matches(PersonKeys("Hidayat", "Mohammed Rizky", nationality_code="ID"))
    assert [str(WatchlistEntry.objects.get(pk=hit.entry_id)) for hit in hits] == [
        "HIDAYAT MUHAMMAD RIZKI"
    ]


def test_admin_changelist_search_and_filters(admin_client, reference_data):
    load_demo_watchlist()
    url = reverse("admin:watchlist_watchlistentry_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == len(DEMO_ENTRIES)
    response = admin_client.get(url, {"q": "阮文安"})
    assert response.context["cl"].result_count == 1
    assert admin_client.get(url, {"reason": "overstay", "is_active__exact": "1"}).status_code == 200


def test_admin_add_page_opens(admin_client):
    assert admin_client.get(reverse("admin:watchlist_watchlistentry_add")).status_code == 200
