"""The gateway the portal uses, chosen by settings (PAYMENT_GATEWAY)."""

from django.conf import settings
from django.utils.module_loading import import_string

from payments.gateways.base import Gateway


def get_gateway(code: str | None = None) -> Gateway:
    """The configured gateway, or the one named `code` (for its callback URL). Unknown
    codes raise LookupError: a callback for a gateway we do not use is refused."""
    configured = settings.PAYMENT_GATEWAYS
    code = code or settings.PAYMENT_GATEWAY
    if code not in configured:
        raise LookupError(code)
    options = dict(configured[code])
    factory = import_string(options.pop("CLASS"))
    return factory(**{key.lower(): value for key, value in options.items()})
