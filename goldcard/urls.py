from django.urls import path

from goldcard.views import dependants, menu, services, start

app_name = "goldcard"

urlpatterns = [
    path("", menu.services, name="services"),
    path("new/", start.start, name="start"),
    path("<int:pk>/eligibility/", start.eligibility, name="eligibility"),
    path("<int:pk>/terms/", start.terms, name="terms"),
    path("services/<slug:service>/", services.service_start, name="service_start"),
    path("dependants/", dependants.dependants, name="dependants"),
    path("dependants/new/", dependants.dependant_edit, name="dependant_new"),
    path("dependants/<int:pk>/", dependants.dependant_edit, name="dependant_edit"),
]
