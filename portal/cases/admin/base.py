"""The admin of a workflow's cases: the reviewer queue and the review page.

Workflow apps register their case model with `CaseAdmin` (or a subclass). Nothing here
writes the state: the review page's buttons call `perform_action`, the same service the
applicant pages use, and only the actions legal now for this reviewer are offered.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.cases import assignment

from .filters import AssignmentFilter, OverdueFilter, StageFilter
from .queryset import annotate_queue, queue_for
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


class QueueChangeList(ChangeList):
    """Sorts and pages the plain queue, then annotates only the page's rows: computing the
    per-row columns (supplement, control-list hits) for every case of a 20,000-case table
    before sorting it is what made the page slow."""

    def get_results(self, request):
        super().get_results(request)
        page = list(self.result_list.values_list("pk", flat=True))
        rows = annotate_queue(self.model.objects.filter(pk__in=page)).select_related(
            *self.model_admin.page_select_related
        )
        by_pk = {case.pk: case for case in rows}
        self.result_list = [by_pk[pk] for pk in page if pk in by_pk]


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
    # Reviewers work from the top (oldest first); 25 rows fit a screen with the filters.
    list_per_page = 25
    show_full_result_count = False  # a second COUNT(*) per page buys nothing here
    actions = [assign_to_me]
    # Not on the sorted 20,000-row query; on the page's rows only (see QueueChangeList).
    list_select_related = ()
    page_select_related = ["assigned_reviewer"]

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_queryset(self, request):
        return queue_for(self.model, request.user, super().get_queryset(request))

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
                date_format(case.supplement_deadline),
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
