from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from payments.admin.orders import reconciliation
from portal.accounts.views import health
from portal.cases.admin.views import case_reports, queues

admin.site.site_header = _("Work and residence permits: review")
admin.site.site_title = _("Review")
admin.site.index_title = _("Review queues and reference data")

urlpatterns = [
    path("", include("portal.pages.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("cases/", include("portal.cases.urls")),
    path("batches/", include("portal.batches.urls")),
    path("payments/", include("payments.urls")),
    path("goldcard/", include("goldcard.urls")),
    path("downloads/", include("portal.pdf.urls")),
    # Public: anyone holding a receipt or certificate checks its code (ADR 0013).
    path("verify/", include("portal.pdf.verify_urls")),
    # The simulated payment gateway's hosted page (the embedded default and the tests); a
    # real gateway's page lives on its own site.
    path("sim-gateway/", include("payments.simgateway.urls")),
    # Pages of the review admin that belong to no single model; before admin.site.urls.
    path("admin/queues/", admin.site.admin_view(queues), name="review_queues"),
    path("admin/reports/", admin.site.admin_view(case_reports), name="case_reports"),
    path("admin/payments/reconciliation/", reconciliation, name="payment_reconciliation"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]

# Both languages at once, with the reference of the log line (portal.web.errors).
handler500 = "portal.web.errors.server_error"
