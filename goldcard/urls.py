from django.urls import path

from goldcard.views import dependants, menu, services, start
from portal.cases.views import gates

app_name = "goldcard"

urlpatterns = [
    path("", menu.services, name="services"),
    # The engine's gate, under the Gold Card's prefix (the seed's addresses).
    path("new/", gates.start, {"slug": "goldcard"}, name="start"),
    path(
        "<int:pk>/eligibility/",
        gates.gate,
        {"slug": "goldcard", "code": "eligibility"},
        name="eligibility",
    ),
    path("<int:pk>/terms/", start.terms, name="terms"),
    path("services/<slug:service>/", services.service_start, name="service_start"),
    path("dependants/", dependants.dependants, name="dependants"),
    path("dependants/new/", dependants.dependant_edit, name="dependant_new"),
    path("dependants/<int:pk>/", dependants.dependant_edit, name="dependant_edit"),
]
