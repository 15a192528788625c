from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("faq/", views.faq, name="faq"),
    path("home/", views.home, name="home"),
]
