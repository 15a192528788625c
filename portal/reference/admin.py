from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import County, District, Nationality, ServiceStation, WorkingDayOverride


@admin.register(Nationality)
class NationalityAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "code3",
        "name_zh",
        "name_en",
        "is_foreign",
        "is_hk_macao",
        "is_mainland",
        "reciprocity_surcharge",
        "is_active",
        "sort_order",
    ]
    list_editable = ["reciprocity_surcharge", "is_active", "sort_order"]
    list_filter = ["is_active", "is_foreign", "is_hk_macao", "is_mainland"]
    search_fields = ["code", "code3", "name_zh", "name_en"]
    ordering = ["code"]


class DistrictInline(admin.TabularInline):
    model = District
    fields = ["name_zh", "name_en", "postcode", "sort_order"]
    extra = 0


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [DistrictInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["postcode", "name_zh", "name_en", "county", "sort_order"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["postcode", "name_zh", "name_en", "county__name_zh", "county__name_en"]


@admin.register(ServiceStation)
class ServiceStationAdmin(admin.ModelAdmin):
    list_display = [
        "name_zh",
        "name_en",
        "county",
        "phone",
        "has_address_en",
        "is_active",
        "sort_order",
    ]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["is_active", "county"]
    list_select_related = ["county"]
    search_fields = ["name_zh", "name_en", "address_zh", "address_en", "phone"]

    @admin.display(boolean=True, description=_("English address"))
    def has_address_en(self, obj):
        return bool(obj.address_en)


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "reason_zh", "reason_en"]
    list_filter = ["is_working_day"]
    search_fields = ["reason_zh", "reason_en"]
    date_hierarchy = "date"
