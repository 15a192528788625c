"""Issued PDFs in the admin: found by verification code, reference or key, read-only except
for revoking one. A revoked document stays stored and downloadable (it was issued); the
verification page says it is no longer valid (ADR 0013)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pdf.models import Delivery, IssuedPdf


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["email", "language", "sent_at", "attempts", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IssuedPdf)
class IssuedPdfAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "verification_code",
        "reference",
        "valid_until",
        "revoked_at",
        "created_at",
    ]
    list_filter = ["kind", "created_at"]
    search_fields = ["=verification_code", "reference", "key"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    fields = [
        "title",
        "kind",
        "document",
        "key",
        "reference",
        "verification_code",
        "holder_initials",
        "valid_from",
        "valid_until",
        "language",
        "owner",
        "organisation",
        "created_at",
        "revoked_at",
        "revocation_reason",
    ]
    readonly_fields = [f for f in fields if f != "revocation_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Revoking is for good: once revoked, the reason stays as it was given.
        if obj is not None and obj.revoked_at is not None:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if obj.revocation_reason.strip() and obj.revoked_at is None:
            obj.revoked_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "revocation_reason" in form.base_fields:
            form.base_fields["revocation_reason"].help_text = _(
                "Giving a reason revokes the document: the verification page then says it is "
                "no longer valid. This cannot be undone."
            )
        return form
