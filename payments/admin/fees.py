from django.contrib import admin

from payments.models import FeeRate


@admin.register(FeeRate)
class FeeRateAdmin(admin.ModelAdmin):
    """The schedule is edited here. A change of amount is a new row from a new date (end the
    old row the day before): orders already made keep the row they were priced with."""

    list_display = [
        "service",
        "situation",
        "term_years",
        "amount",
        "per_year",
        "adds_reciprocity_surcharge",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["service", "situation"]
    ordering = ["service", "situation", "term_years", "-valid_from"]

    def get_readonly_fields(self, request, obj=None):
        # A rate that has priced orders is history: only its end date may still change.
        if obj is not None and obj.pk and _used(obj):
            return [f.name for f in FeeRate._meta.fields if f.name not in ("valid_to",)]
        return []

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and _used(obj))


def _used(rate) -> bool:
    from payments.models import OrderLine

    return OrderLine.objects.filter(fee_rate=rate).exists()
