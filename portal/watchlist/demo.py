"""Demo control-list entries (fictitious people), for the demo loader."""

import datetime

from django.db import transaction

from portal.reference.models import Nationality

from .models import Reason, WatchlistEntry

# (surname, given name, date of birth, nationality, other names, documents, reason, agency)
DEMO_ENTRIES = [
    ("NGUYEN", "VAN AN", datetime.date(1990, 3, 15), "VN",
     "Nguyễn Văn An\n阮文安", "C1234567", Reason.OVERSTAY, "NIA"),
    ("TRAN", "THI MAI", datetime.date(1995, 11, 2), "VN",
     "Trần Thị Mai\n陳氏梅", "C7654321", Reason.DEPORTATION, "NIA"),
    ("HIDAYAT", "MUHAMMAD RIZKI", datetime.date(1992, 6, 5), "ID",
     "Mohamad Rizky Hidayat", "B9876543", Reason.ENTRY_BAN, "NIA"),
    ("RAHAYU", "SITI", datetime.date(1989, 1, 24), "ID",
     "Siti Rahaju", "A1122334", Reason.OVERSTAY, "WDA"),
    ("DELA CRUZ", "MARIA CRISTINA", datetime.date(1987, 7, 21), "PH",
     "Ma. Cristina de la Cruz", "P2233445A", Reason.OVERSTAY, "WDA"),
    ("SRISUK", "SOMCHAI", datetime.date(1985, 12, 30), "TH",
     "Somchay Srisook", "AA3344556", Reason.OTHER, "MOFA"),
]  # fmt: skip


@transaction.atomic
def load_demo_watchlist() -> int:
    """Create or refresh the demo entries (keyed by name and date of birth); returns how many."""
    nationalities = Nationality.objects.in_bulk({row[3] for row in DEMO_ENTRIES}, field_name="code")
    for surname, given, born, code, others, docs, reason, agency in DEMO_ENTRIES:
        WatchlistEntry.objects.update_or_create(
            surname=surname,
            given_name=given,
            date_of_birth=born,
            defaults={
                # None when the reference data is not loaded yet: the entry still matches.
                "nationality": nationalities.get(code),
                "other_names": others,
                "document_numbers": docs,
                "reason": reason,
                "source_agency": agency,
                "note": "Demo entry (fictitious person).",
                "is_active": True,
            },
        )
    return len(DEMO_ENTRIES)
