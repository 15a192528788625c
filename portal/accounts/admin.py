from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, User


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "agency", "language"]


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "role",
        "agency",
        "language",
        "email_verified",
        "is_active",
        "is_staff",
    ]
    list_filter = ["role", "agency", "is_active", "is_staff", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "language"]}),
        (_("Role"), {"fields": ["role", "agency"]}),
        (
            _("Status"),
            {
                "fields": [
                    "email_verified_at",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "agency",
                    "language",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    @admin.display(boolean=True, description=_("verified"))
    def email_verified(self, user):
        return user.has_verified_email


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "id_number", "verified_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "id_number"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "level", "joined_at"]
    list_filter = ["level", "organisation__kind"]
    search_fields = ["user__email", "organisation__name", "organisation__id_number"]
    autocomplete_fields = ["user", "organisation"]
