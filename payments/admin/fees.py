from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from payments import catalogue
from payments.models import FeeRate


class ServiceFilter(admin.SimpleListFilter):
    title = _("service")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        return catalogue.choices()

    def queryset(self, request, queryset):
        return queryset.filter(service=self.value()) if self.value() else queryset


@admin.register(FeeRate)
class FeeRateAdmin(admin.ModelAdmin):
    """The schedule is edited here. A change of amount is a new row from a new date (end the
    old row the day before): orders already made keep the row they were priced with."""

    list_display = [
        "service_label",
        "situation",
        "term_years",
        "amount",
        "per_year",
        "adds_reciprocity_surcharge",
        "valid_from",
        "valid_to",
    ]
    list_filter = [ServiceFilter, "situation"]
    ordering = ["service", "situation", "term_years", "-valid_from"]

    @admin.display(description=_("service"), ordering="service")
    def service_label(self, rate):
        return catalogue.label(rate.service)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "service":  # the services the workflows declare
            return forms.ChoiceField(label=db_field.verbose_name, choices=catalogue.choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
