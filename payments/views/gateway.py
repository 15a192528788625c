"""Where gateways talk to the portal: the server-to-server callback and the payer's return.
Neither trusts its caller: every message goes through `services.receive`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from payments.gateways import get_gateway
from payments.models import GatewayMessage, Outcome
from payments.models.gateway import REFUSED_OUTCOMES
from payments.services import receive


def _gateway(code):
    try:
        return get_gateway(code)
    except LookupError:
        raise Http404 from None


@csrf_exempt  # a server-to-server call, authenticated by the message's signature
@require_POST
def callback(request, code):
    gateway = _gateway(code)
    received = receive(
        gateway,
        request.POST.dict(),
        source=GatewayMessage.Source.CALLBACK,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    return gateway.acknowledge(received.message.outcome not in REFUSED_OUTCOMES)


@csrf_exempt  # the gateway's page posts the payer back to us; the fields are signed
@require_http_methods(["GET", "POST"])
def payer_return(request, code):
    gateway = _gateway(code)
    fields = (request.POST if request.method == "POST" else request.GET).dict()
    received = receive(
        gateway,
        fields,
        source=GatewayMessage.Source.RETURN,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    outcome = received.message.outcome
    # No check of request.user here: coming back from another site by POST, the browser may
    # not send the session cookie (SameSite). The order page that follows, a plain GET,
    # checks who may see it.
    if received.order is None:
        messages.warning(
            request,
            _(
                "We could not confirm this payment. If you paid, it will appear on your order "
                "once the gateway confirms it."
            ),
        )
        return redirect("payments:list")
    order = received.order
    if order.is_paid:
        messages.success(
            request,
            _(
                "Thank you: your payment has been received. The receipt will be in the download "
                "area in a moment and is e-mailed to you."
            ),
        )
    elif outcome == Outcome.CODE_ISSUED:
        messages.info(
            request,
            _(
                "Your convenience-store payment code is below. The order is paid once the shop's "
                "payment is confirmed, usually within 2–3 working days."
            ),
        )
    else:
        messages.warning(
            request, _("The payment was not completed. You can try again or choose another method.")
        )
    return redirect("payments:order", batch_number=order.batch_number)
