from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import WatchlistEntry

# WatchlistMatch has no admin of its own: matches are shown on the case page
# (selectors.matches_for) and are replaced whenever the case is matched again.


@admin.register(WatchlistEntry)
class WatchlistEntryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "date_of_birth",
        "nationality",
        "reason",
        "source_agency",
        "is_active",
        "updated_at",
    ]
    list_filter = [
        "is_active",
        "reason",
        "source_agency",
        # Only the nationalities that occur, not all 240.
        ("nationality", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["nationality"]
    search_fields = ["surname", "given_name", "other_names", "document_numbers", "note"]
    autocomplete_fields = ["nationality"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            _("Person"),
            {"fields": ["surname", "given_name", "other_names", "date_of_birth", "nationality"]},
        ),
        (_("Documents"), {"fields": ["document_numbers"]}),
        (
            _("Listing"),
            {"fields": ["reason", "source_agency", "note", "is_active"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("name"), ordering="surname")
    def name(self, entry):
        return str(entry)
