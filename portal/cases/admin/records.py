"""Read-only admin of the engine's own records, for auditors."""

from django.contrib import admin

from portal.cases.models import CaseEvent, PersonalDataView, StageTarget


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "case_type",
        "case_id",
        "action",
        "from_state",
        "to_state",
        "actor",
        "agency",
    ]
    list_filter = ["case_type", "action", "agency"]
    list_select_related = ["case_type", "actor"]
    date_hierarchy = "at"


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(ReadOnlyAdmin):
    list_display = ["viewed_at", "viewer", "case_type", "case_id", "what"]
    list_filter = ["case_type"]
    list_select_related = ["case_type", "viewer"]
    search_fields = ["viewer__email"]
    date_hierarchy = "viewed_at"


@admin.register(StageTarget)
class StageTargetAdmin(admin.ModelAdmin):
    """Targets are changed, not made or removed: the declarations say which stages have one."""

    list_display = ["workflow", "state", "working_days", "updated_at"]
    list_editable = ["working_days"]
    list_filter = ["workflow"]
    readonly_fields = ["workflow", "state", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
