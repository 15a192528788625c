from django.urls import path

from goldcard.views import menu, start

app_name = "goldcard"

urlpatterns = [
    path("", menu.services, name="services"),
    path("new/", start.start, name="start"),
    path("<int:pk>/eligibility/", start.eligibility, name="eligibility"),
    path("<int:pk>/terms/", start.terms, name="terms"),
]
