from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.accounts.views import health

admin.site.site_header = _("Work and residence permits: review")
admin.site.site_title = _("Review")
admin.site.index_title = _("Review queues and reference data")

urlpatterns = [
    path("", include("portal.pages.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("cases/", include("portal.cases.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
