"""The simulated gateway's side of a payment: charges, store codes, signed results."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payments.gateways import get_gateway
from payments.gateways.base import Method
from payments.gateways.simulated import signed, verify
from payments.models import SimulatedCharge

STORE_CODE_VALID = datetime.timedelta(days=3)
DECLINED_CARD = "4000000000000002"  # like the real gateways' test cards: always declined


def secret() -> str:
    return get_gateway("simulated").secret


def open_charge(fields: dict[str, str]) -> SimulatedCharge:
    """The charge for a merchant's signed request; the same request twice is one charge."""
    verify(fields, secret())
    existing = SimulatedCharge.objects.filter(reference=fields["Reference"]).first()
    if existing is not None:
        return existing
    charge = SimulatedCharge.objects.create(
        token=secrets.token_urlsafe(24),
        reference=fields["Reference"],
        amount=int(fields["Amount"]),
        method=fields["Method"],
        description=fields.get("Description", "")[:400],
        language=fields.get("Language", "en"),
        callback_url=fields["CallbackURL"],
        return_url=fields["ReturnURL"],
        transaction_id="SIM" + secrets.token_hex(8).upper(),
    )
    if charge.method == Method.STORE:
        charge.status = SimulatedCharge.Status.CODE_ISSUED
        charge.store_code = "SIM" + "".join(secrets.choice("0123456789") for _ in range(11))
        charge.store_code_expires_at = timezone.now() + STORE_CODE_VALID
        charge.save()
        notify_merchant(charge)
    return charge


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


def pay_by_card(charge: SimulatedCharge, card_number: str) -> SimulatedCharge:
    with transaction.atomic():
        charge = SimulatedCharge.objects.select_for_update().get(pk=charge.pk)
        if charge.status == SimulatedCharge.Status.OPEN:
            if card_number == DECLINED_CARD:
                charge.status = SimulatedCharge.Status.DECLINED
            else:
                charge.status = SimulatedCharge.Status.PAID
                charge.paid_at = timezone.now()
            charge.save()
            notify_merchant(charge)
    return charge


def pay_at_store(charge: SimulatedCharge) -> SimulatedCharge:
    """The payer paid the code at a shop (in real life, confirmed days later)."""
    with transaction.atomic():
        charge = SimulatedCharge.objects.select_for_update().get(pk=charge.pk)
        if charge.status == SimulatedCharge.Status.CODE_ISSUED:
            charge.status = SimulatedCharge.Status.PAID
            charge.paid_at = timezone.now()
            charge.save()
            notify_merchant(charge)
    return charge


def result_fields(charge: SimulatedCharge) -> dict[str, str]:
    status = {
        SimulatedCharge.Status.PAID: "paid",
        SimulatedCharge.Status.CODE_ISSUED: "code_issued",
    }.get(charge.status, "declined")
    fields = {
        "Reference": charge.reference,
        "TransactionId": charge.transaction_id,
        "Amount": str(charge.amount),
        "Method": charge.method,
        "Status": status,
        "Simulated": "1",
        "Message": charge.get_status_display(),
    }
    if charge.paid_at:
        fields["PaidAt"] = charge.paid_at.isoformat()
    if status == "code_issued":
        fields["StoreCode"] = charge.store_code
        fields["StoreCodeExpiresAt"] = charge.store_code_expires_at.isoformat()
    return signed(fields, secret())


def notify_merchant(charge: SimulatedCharge) -> None:
    """Send the server-to-server callback after the commit, as many times as configured
    (real gateways repeat callbacks; the portal must count the money once)."""
    from payments.simgateway.tasks import deliver_callback
    from portal.notify.outbox import enqueue_safely

    fields = result_fields(charge)
    for _ in range(max(1, settings.PAYMENT_SIMULATED_CALLBACK_COPIES)):
        transaction.on_commit(lambda: enqueue_safely(deliver_callback, charge.pk, fields))
