"""Orders, payments and gateway messages in the admin: all read-only (money is changed only
by gateways through `payments.services`), plus the daily reconciliation view."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from payments.models import GatewayMessage, OrderLine, Payment, PaymentAttempt, PaymentOrder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = OrderLine
    fields = [
        "receipt_number",
        "case_number",
        "applicant_name",
        "service",
        "term_years",
        "amount",
        "applied_at",
        "not_applied_reason",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    fields = ["gateway", "transaction_id", "amount", "method", "paid_at", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(admin.ModelAdmin):
    list_display = [
        "batch_number",
        "payer_name",
        "total",
        "state",
        "method",
        "created_at",
        "paid_at",
        "needs_attention",
    ]
    list_filter = ["state", "method", "needs_attention", "paid_at"]
    search_fields = ["batch_number", "payer_name", "payer__email", "lines__case_number"]
    date_hierarchy = "created_at"
    inlines = [LineInline, PaymentInline]
    actions = ["mark_handled"]
    # Staff may record that they dealt with a flag; nothing else of an order is editable.
    fields = [
        "batch_number",
        "payer",
        "payer_organisation",
        "payer_name",
        "language",
        "state",
        "total",
        "method",
        "gateway",
        "created_at",
        "paid_at",
        "cancelled_at",
        "receipt_emailed",
        "needs_attention",
        "attention_note",
    ]
    readonly_fields = [f for f in fields if f not in ("needs_attention",)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("receipt e-mailed"))
    def receipt_emailed(self, order):
        """When the payer was sent the receipt (portal.pdf's delivery record)."""
        from payments.receipts import receipt_key
        from portal.pdf.models import Delivery

        delivery = (
            Delivery.objects.filter(issued__key=receipt_key(order), sent_at__isnull=False)
            .order_by("sent_at")
            .first()
        )
        return delivery.sent_at if delivery else None

    @admin.action(description=_("Mark as handled (clear the attention flag)"))
    def mark_handled(self, request, queryset):
        for order in queryset.filter(needs_attention=True):
            order.needs_attention = False
            order.save(update_fields=["needs_attention"])


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ["reference", "order", "gateway", "method", "amount", "created_at", "store_code"]
    search_fields = ["reference", "order__batch_number", "store_code"]


@admin.register(GatewayMessage)
class GatewayMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "received_at",
        "gateway",
        "source",
        "reference",
        "outcome",
        "order",
        "remote_addr",
    ]
    list_filter = ["outcome", "gateway", "source"]
    search_fields = ["reference", "order__batch_number"]
    date_hierarchy = "received_at"
    readonly_fields = ["body_as_received"]

    @admin.display(description=_("message as received"))
    def body_as_received(self, obj):
        # Exactly what came, as text; a NUL byte (which the fields show as U+FFFD) is
        # written \x00 so that it can be seen.
        return bytes(obj.body).decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["paid_at", "gateway", "transaction_id", "order", "amount", "method"]
    list_filter = ["gateway", "method"]
    search_fields = ["transaction_id", "order__batch_number"]
    date_hierarchy = "paid_at"


@admin.site.admin_view
def reconciliation(request):
    """Per day and method: orders paid and their totals, the gateways' payments recorded,
    refused or flagged messages, and the orders that need attention. A day that does not
    exist (2026-02-30) is a form error on the page (400), with today's two weeks below."""
    import datetime

    from django.core.exceptions import PermissionDenied
    from django.template.response import TemplateResponse
    from django.utils import timezone

    from payments import reconciliation as figures
    from payments.forms import ReconciliationPeriodForm

    if not request.user.has_perm("payments.view_paymentorder"):
        raise PermissionDenied
    form = ReconciliationPeriodForm(request.GET)
    end = form.cleaned_data["end"] if form.is_valid() else timezone.localdate()
    start = end - datetime.timedelta(days=13)
    orders, messages = figures.anomalies(start, end)
    context = {
        **admin.site.each_context(request),
        "title": _("Daily reconciliation"),
        "form": form,
        "days": figures.daily(start, end),
        "start": start,
        "end": end,
        "earlier": end - datetime.timedelta(days=14),
        "attention_orders": orders,
        "flagged_messages": messages,
    }
    return TemplateResponse(
        request,
        "admin/payments/reconciliation.html",
        context,
        status=400 if form.errors else 200,
    )
