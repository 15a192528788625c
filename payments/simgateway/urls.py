from django.urls import path

from payments.simgateway import views

app_name = "simgateway"

urlpatterns = [
    path("pay/", views.start, name="pay"),
    path("charge/<str:token>/", views.charge_page, name="charge"),
    path("charge/<str:token>/back/", views.back_from_store_page, name="back"),
]
