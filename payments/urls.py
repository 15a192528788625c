from django.urls import path

from payments.views import gateway, paying

app_name = "payments"

urlpatterns = [
    path("", paying.payment_list, name="list"),
    path("confirm/", paying.confirm, name="confirm"),
    path("orders/<str:batch_number>/", paying.order_page, name="order"),
    path("orders/<str:batch_number>/pay/", paying.pay, name="pay"),
    path("orders/<str:batch_number>/cancel/", paying.cancel, name="cancel"),
    path("gateway/<str:code>/callback/", gateway.callback, name="callback"),
    path("gateway/<str:code>/return/", gateway.payer_return, name="return"),
]
