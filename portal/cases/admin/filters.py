from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .queryset import agency_of, stage_states, supplement_states

SUPPLEMENT = "supplement"


class StageFilter(admin.SimpleListFilter):
    """One queue per stage: the reviewer picks a stage of their agency."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        agency = agency_of(request.user)
        workflow = model_admin.model.workflow
        stages = workflow.stages if agency is None else workflow.stages_of(agency)
        return [(stage.state, stage.label) for stage in stages] + [
            (SUPPLEMENT, _("Waiting for a supplement"))
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == SUPPLEMENT:
            return queryset.filter(state__in=supplement_states(queryset.model))
        if value in stage_states(queryset.model, agency_of(request.user)):
            return queryset.filter(state=value)
        return queryset


class AssignmentFilter(admin.SimpleListFilter):
    title = _("assignment")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("none", _("Not assigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_reviewer=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_reviewer__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("supplement deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Deadline passed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            from django.utils import timezone

            return queryset.filter(open_supplement_deadline__lt=timezone.localdate())
        return queryset
