from django.contrib import admin

from portal.permits.models import Permit, PermitService


@admin.register(Permit)
class PermitAdmin(admin.ModelAdmin):
    """Permits are issued by cases; staff read them here, and change them only through the
    services of the case that issued them."""

    list_display = ["kind", "number", "holder_name", "valid_from", "valid_until", "superseded_at"]
    list_filter = ["kind"]
    search_fields = ["number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PermitService)
class PermitServiceAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "service",
        "opens_months_before_end",
        "closes_days_after_end",
        "fee_service",
        "prints_card",
    ]
    list_filter = ["kind"]
