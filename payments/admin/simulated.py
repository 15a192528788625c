from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from payments.models import SimulatedCharge
from payments.simgateway.books import pay_at_store


class SimulatedChargeAdmin(admin.ModelAdmin):
    """Only where the simulated gateway is in use: stands in for the shop counter."""

    list_display = [
        "reference",
        "method",
        "amount",
        "status",
        "store_code",
        "created_at",
        "callbacks_sent",
    ]
    list_filter = ["status", "method"]
    search_fields = ["reference", "store_code"]
    actions = ["paid_at_store"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("The payer paid the code at the store"))
    def paid_at_store(self, request, queryset):
        for charge in queryset.filter(status=SimulatedCharge.Status.CODE_ISSUED):
            pay_at_store(charge)


if settings.PAYMENTS_ACCEPT_SIMULATED:
    admin.site.register(SimulatedCharge, SimulatedChargeAdmin)
