"""The simulated gateway's hosted payment page. In production a real gateway's page takes
its place; this one exists so that the whole journey runs on one machine."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.gateways.base import GatewayMessageError, Method
from payments.models import SimulatedCharge
from payments.simgateway import books
from payments.simgateway.forms import CardForm


@csrf_exempt  # posted by the merchant's page; trusted by its signature, as a gateway would
@require_POST
def start(request):
    try:
        charge = books.open_charge(request.POST.dict())
    except (GatewayMessageError, KeyError, ValueError):
        return HttpResponseBadRequest("bad payment request")
    return redirect("simgateway:charge", token=charge.token)


def charge_page(request, token):
    charge = get_object_or_404(SimulatedCharge, token=token)
    if charge.method == Method.STORE:
        return render(request, "payments/simgateway/store.html", {"charge": charge})
    if charge.status != SimulatedCharge.Status.OPEN:
        return _back_to_merchant(request, charge)
    form = CardForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("cancel"):
            SimulatedCharge.objects.filter(pk=charge.pk, status=SimulatedCharge.Status.OPEN).update(
                status=SimulatedCharge.Status.ABANDONED
            )
            charge.refresh_from_db()
            return _back_to_merchant(request, charge)
        if form.is_valid():
            charge = books.pay_by_card(charge, form.cleaned_data["card_number"])
            return _back_to_merchant(request, charge)
    return render(request, "payments/simgateway/card.html", {"charge": charge, "form": form})


@require_POST
def back_from_store_page(request, token):
    charge = get_object_or_404(SimulatedCharge, token=token)
    if charge.method != Method.STORE:
        raise Http404
    return _back_to_merchant(request, charge)


def _back_to_merchant(request, charge):
    """Like a gateway's result page: the browser posts the signed result back."""
    return render(
        request,
        "payments/redirect_form.html",
        {"url": charge.return_url, "fields": books.result_fields(charge)},
    )
