"""The admin of a workflow's cases: the reviewer queue and the review page.

Workflow apps register their case model with `CaseAdmin` (or a subclass). Nothing here
writes the state: the review page's buttons call `perform_action`, the same service the
applicant pages use, and only the actions legal now for this reviewer are offered.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.cases import assignment

from .filters import AssignmentFilter, OverdueFilter, StageFilter
from .queryset import queue_for
from .review import review_view


@admin.action(description=_("Assign to me"))
def assign_to_me(modeladmin, request, queryset):
    taken = 0
    for case in queryset:
        try:
            assignment.assign(case, request.user, by=request.user)
        except assignment.AssignmentError:
            continue
        taken += 1
    modeladmin.message_user(
        request, _("%(count)d case(s) assigned to you.") % {"count": taken}, messages.SUCCESS
    )


class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "applicant_name",
        "stage_label",
        "days_waiting",
        "supplement",
        "assigned_reviewer",
        "watchlist",
    ]
    list_display_links = ["number"]
    list_filter = [StageFilter, AssignmentFilter, OverdueFilter]
    search_fields = ["number", "applicant_name"]
    ordering = ["state_entered_at", "pk"]  # oldest first
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) per page buys nothing here
    actions = [assign_to_me]

    def get_queryset(self, request):
        base = super().get_queryset(request).select_related("assigned_reviewer")
        return queue_for(self.model, request.user, base)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.strip())

    # Cases are created by applicants and moved by actions, never added or edited here.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return review_view(self, request, object_id)

    @admin.display(description=_("stage"), ordering="state")
    def stage_label(self, case):
        return case.get_state_display_text()

    @admin.display(description=_("days waiting"), ordering="state_entered_at")
    def days_waiting(self, case):
        return (timezone.now() - case.state_entered_at).days

    @admin.display(description=_("supplement"))
    def supplement(self, case):
        if case.supplement_deadline:
            overdue = case.supplement_deadline < timezone.localdate()
            return format_html(
                '<span class="{}">{} {}</span>',
                "overdue" if overdue else "due",
                _("deadline passed") if overdue else _("answer by"),
                case.supplement_deadline.strftime("%Y-%m-%d"),
            )
        answered = case.supplement_answered_at
        if answered and answered >= case.state_entered_at:
            return format_html('<span class="answered">{}</span>', _("answered"))
        return ""

    @admin.display(description=_("control list"))
    def watchlist(self, case):
        hits = getattr(case, "watchlist_hits", 0)
        if not hits:
            return ""
        return format_html(
            '<strong class="watchlist-hit">{}</strong>', _("%(n)d match(es)") % {"n": hits}
        )
