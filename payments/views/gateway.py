"""Where gateways talk to the portal: the server-to-server callback and the payer's return.
Neither trusts its caller: every message goes through `services.receive`, which stores it
as received before anything else, NUL characters included (hence `accepts_raw_input`: the
request-hygiene middleware would otherwise answer 400 and the message would be lost)."""

from django.contrib import messages
from django.http import Http404, RawPostDataException
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from payments.gateways import get_gateway
from payments.models import GatewayMessage, Outcome
from payments.models.gateway import REFUSED_OUTCOMES
from payments.services import receive
from portal.web.hygiene import accepts_raw_input


def _gateway(code):
    """The gateway of the URL; 404 for one the portal does not know or has not configured
    (with no keys there is no way to tell a genuine message from a forged one)."""
    try:
        return get_gateway(code)
    except LookupError:
        raise Http404 from None


def _as_received(request) -> tuple[dict[str, str], bytes | None]:
    """The message's fields, and the request as it came: the body of a POST (read before
    the form is parsed, which may consume it), the query string of a GET."""
    if request.method == "POST":
        try:
            body = request.body
        except RawPostDataException:  # a middleware already parsed a multipart body
            body = None
        return request.POST.dict(), body
    query = request.META.get("QUERY_STRING", "")
    try:
        body = query.encode("iso-8859-1")  # WSGI hands the raw bytes over as Latin-1
    except UnicodeEncodeError:
        body = query.encode()
    return request.GET.dict(), body


@accepts_raw_input
@csrf_exempt  # a server-to-server call, authenticated by the message's signature
@require_POST
def callback(request, code):
    gateway = _gateway(code)
    fields, body = _as_received(request)
    received = receive(
        gateway,
        fields,
        source=GatewayMessage.Source.CALLBACK,
        remote_addr=request.META.get("REMOTE_ADDR"),
        body=body,
    )
    # A refused message is answered too (200, the gateway's "error" text): ADR 0007.
    return gateway.acknowledge(received.message.outcome not in REFUSED_OUTCOMES)


@accepts_raw_input
@csrf_exempt  # the gateway's page posts the payer back to us; the fields are signed
@require_http_methods(["GET", "POST"])
def payer_return(request, code):
    gateway = _gateway(code)
    fields, body = _as_received(request)
    received = receive(
        gateway,
        fields,
        source=GatewayMessage.Source.RETURN,
        remote_addr=request.META.get("REMOTE_ADDR"),
        body=body,
    )
    outcome = received.meaning
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
