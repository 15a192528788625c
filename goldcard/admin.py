from django.contrib import admin

from goldcard.models import (
    GoldCardCase,
    GoldCardService,
    OverseasMission,
    ProfessionalField,
    QualificationCriterion,
)
from portal.cases.admin import CaseAdmin


@admin.register(GoldCardCase)
class GoldCardCaseAdmin(CaseAdmin):
    search_fields = ["number", "applicant_name", "applicant_email"]


class CriterionInline(admin.StackedInline):
    model = QualificationCriterion
    extra = 0


@admin.register(ProfessionalField)
class ProfessionalFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    inlines = [CriterionInline]


@admin.register(OverseasMission)
class OverseasMissionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "country_code", "is_active"]
    list_filter = ["is_active", "country_code"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(GoldCardService)
class GoldCardServiceAdmin(CaseAdmin):
    list_display = [*CaseAdmin.list_display[:2], "service", *CaseAdmin.list_display[2:]]
