"""System checks of payments: the portal does not start with a gateway it cannot use."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_payment_gateway(app_configs, **kwargs):
    """PAYMENT_GATEWAY must name a gateway of PAYMENT_GATEWAYS whose settings are complete:
    an ECPay without its merchant id or keys would fail every payer at the "Pay" button."""
    from payments.gateways import get_gateway

    try:
        get_gateway()
    except LookupError as error:
        return [
            Error(
                f"PAYMENT_GATEWAY {settings.PAYMENT_GATEWAY!r} cannot be used: {error}",
                hint="Set ECPAY_MERCHANT_ID, ECPAY_HASH_KEY and ECPAY_HASH_IV, or choose "
                "PAYMENT_GATEWAY=simulated.",
                id="payments.E001",
            )
        ]
    return []
