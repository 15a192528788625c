from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .twofactor.devices import is_verified


class PortalAdminSite(AdminSite):
    """The admin, open only to staff whose session passed the second factor (ADR 0011).

    Installed as the default site (`PortalAdminConfig`), so `admin.site.admin_view` and
    every ModelAdmin check the same rule. The admin has no sign-in form of its own: staff
    sign in on the portal's page, which asks for the second factor.
    """

    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not staff: sending them to sign in would only come back here.
            raise PermissionDenied
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("accounts:login"))
