"""The built-in simulated gateway: for the embedded default, development and the tests.

It behaves like the real ones where it matters to the portal: the payer's browser posts a
signed form to its hosted page (`payments.simgateway`), it keeps its own books, it tells
the portal the outcome by a server-to-server callback signed with a shared secret (HMAC
over the sorted fields), repeats callbacks (duplicates, late ones), issues convenience-
store codes that are paid later, and sends the payer back with the signed result. Every
message it signs carries `Simulated=1`, so a production portal refuses it.
"""

import datetime
import hashlib
import hmac
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from payments.gateways.base import (
    Gateway,
    MalformedMessage,
    Method,
    Notification,
    Redirect,
    SignatureMismatch,
)

SIGNATURE = "Signature"


def sign(fields: dict[str, str], secret: str) -> str:
    """HMAC-SHA256 over the fields sorted by name, form-encoded; the signature field itself
    is left out. Sorting makes the signature independent of the order fields arrive in."""
    payload = urlencode(sorted((k, str(v)) for k, v in fields.items() if k != SIGNATURE))
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def signed(fields: dict[str, str], secret: str) -> dict[str, str]:
    return {**fields, SIGNATURE: sign(fields, secret)}


def verify(fields: dict[str, str], secret: str) -> None:
    given = fields.get(SIGNATURE, "")
    if not given or not hmac.compare_digest(given.lower(), sign(fields, secret)):
        raise SignatureMismatch("signature does not match")


class SimulatedGateway(Gateway):
    code = "simulated"

    def __init__(self, *, secret: str):
        if not secret:
            raise ValueError("the simulated gateway needs a shared secret")
        self.secret = secret

    def start(
        self,
        *,
        reference,
        amount,
        method,
        description,
        created_at,
        callback_url,
        return_url,
        language,
    ) -> Redirect:
        fields = {
            "Reference": reference,
            "Amount": str(amount),
            "Method": method,
            "Description": description,
            "CallbackURL": callback_url,
            "ReturnURL": return_url,
            "Language": language,
            "CreatedAt": created_at.isoformat(),
        }
        return Redirect(settings.SITE_URL + reverse("simgateway:pay"), signed(fields, self.secret))

    def parse(self, fields) -> Notification:
        fields = {str(k): str(v) for k, v in fields.items()}
        verify(fields, self.secret)
        try:
            status = fields["Status"]
            method = fields["Method"]
            if method not in (Method.CARD, Method.STORE) or status not in STATUSES:
                raise ValueError(f"{method}/{status}")
            return Notification(
                reference=fields["Reference"],
                transaction_id=fields["TransactionId"],
                amount=int(fields["Amount"]),
                paid=status == "paid",
                method=method,
                simulated=fields.get("Simulated") == "1",
                paid_at=_when(fields.get("PaidAt")),
                store_code=fields.get("StoreCode", "") if status == "code_issued" else "",
                store_code_expires_at=_when(fields.get("StoreCodeExpiresAt")),
                message=fields.get("Message", ""),
            )
        except (KeyError, ValueError) as error:
            raise MalformedMessage(f"unreadable simulated message: {error}") from error


STATUSES = ("paid", "code_issued", "declined")


def _when(value) -> datetime.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"bad time {value!r}")
    return parsed
