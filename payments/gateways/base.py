"""What every payment gateway offers the portal, so that the order pages, the callback view
and the payment rules never know which gateway they talk to (ADR 0007).

A gateway does three things:
- `start`: the form the payer's browser posts to the gateway's hosted payment page (our
  server never sees card numbers);
- `parse`: check the signature of a message the gateway sent (a server-to-server callback,
  or the fields the browser brings back on return) and read it into a `Notification`;
- `acknowledge`: the answer the gateway expects to a server callback.

What a notification *means* for an order (paid once, wrong amount, late payment...) is
decided in one place, `payments.services.receive`, for every gateway alike.
"""

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.http import HttpResponse


class Method:
    """How the payer pays: a card on the hosted page, or a code paid at a convenience store."""

    CARD = "card"
    STORE = "store"


@dataclass(frozen=True)
class Redirect:
    """A form the payer's browser posts to the gateway (auto-submitted by a line of JS,
    with a button for browsers without it)."""

    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Notification:
    """A message from the gateway whose signature has been checked."""

    reference: str  # our reference of the payment attempt (the gateway's merchant trade no.)
    transaction_id: str  # the gateway's own id of the transaction
    amount: int  # NT$, whole dollars
    paid: bool  # money was received (False: e.g. a store code was issued, or card declined)
    method: str  # Method.CARD or Method.STORE
    simulated: bool = False  # the gateway marks this as a test payment: never money
    paid_at: datetime.datetime | None = None
    store_code: str = ""  # a convenience-store payment code that was issued
    store_code_expires_at: datetime.datetime | None = None
    message: str = ""  # the gateway's own words, for the log


class GatewayMessageError(Exception):
    """A message that cannot be trusted or read; nothing may come of it but a log entry."""

    outcome = "malformed"


class SignatureMismatch(GatewayMessageError):
    outcome = "bad_signature"


class MalformedMessage(GatewayMessageError):
    outcome = "malformed"


class Gateway(ABC):
    code: str  # short name used in URLs and records, e.g. "simulated", "ecpay"
    methods: tuple[str, ...] = (Method.CARD, Method.STORE)

    @abstractmethod
    def start(
        self,
        *,
        reference: str,
        amount: int,
        method: str,
        description: str,
        created_at: datetime.datetime,
        callback_url: str,
        return_url: str,
        language: str,
    ) -> Redirect:
        """The form that takes the payer to the gateway's page for this payment attempt."""

    @abstractmethod
    def parse(self, fields: dict[str, str]) -> Notification:
        """Check the signature and read the message; raise GatewayMessageError if untrusted."""

    def acknowledge(self, accepted: bool) -> HttpResponse:
        """The answer to a server callback. Gateways resend until they get the expected
        answer, so a message we have recorded (even one we refused) is acknowledged."""
        return HttpResponse("1|OK" if accepted else "0|Error", content_type="text/plain")
