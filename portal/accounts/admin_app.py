from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's default site: staff need the second factor.
    Listed in INSTALLED_APPS instead of "django.contrib.admin"."""

    default_site = "portal.accounts.admin_site.PortalAdminSite"
