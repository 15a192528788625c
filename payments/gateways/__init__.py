"""The gateway the portal uses, chosen by settings (PAYMENT_GATEWAY)."""

from django.conf import settings
from django.utils.module_loading import import_string

from payments.gateways.base import Gateway


class GatewayNotConfigured(LookupError):
    """The gateway is listed in PAYMENT_GATEWAYS but its settings are incomplete (an ECPay
    merchant id or key left empty): it can neither take payments nor check a message."""


def get_gateway(code: str | None = None) -> Gateway:
    """The configured gateway, or the one named `code` (for its callback URL). Unknown
    codes raise LookupError, and so does a gateway whose settings are incomplete
    (GatewayNotConfigured): a callback for a gateway we cannot use is refused."""
    configured = settings.PAYMENT_GATEWAYS
    code = code or settings.PAYMENT_GATEWAY
    if code not in configured:
        raise LookupError(code)
    options = dict(configured[code])
    factory = import_string(options.pop("CLASS"))
    try:
        return factory(**{key.lower(): value for key, value in options.items()})
    except ValueError as error:  # each gateway's constructor refuses incomplete settings
        raise GatewayNotConfigured(f"{code}: {error}") from error
