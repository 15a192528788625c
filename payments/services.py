"""The write path of payments: making and cancelling orders, starting a payment, and what
a gateway's message does to the portal's books (`receive`), for every gateway alike."""

import hashlib
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from payments.gateways import get_gateway
from payments.gateways.base import GatewayMessageError, Notification, Redirect
from payments.models import (
    GatewayMessage,
    OrderLine,
    OrderState,
    Outcome,
    Payment,
    PaymentAttempt,
    PaymentMethod,
    PaymentOrder,
)
from payments.models.gateway import REFUSED_OUTCOMES
from payments.pricing import PricingError, one_schedule_read
from payments.selectors import payment_states
from portal.cases.actions import available_actions
from portal.cases.numbers import next_value, roc_year
from portal.cases.services import ActionError, perform_action

logger = logging.getLogger("payments")


class OrderError(Exception):
    """The order cannot be made or changed as asked; the message is for the payer."""


# --- orders -------------------------------------------------------------------------------


def batch_number(day=None) -> str:
    """`P` + ROC date + 5-digit sequence of the day, e.g. P115112100042 (團號/批次號): short
    and alphanumeric, as gateways require of merchant references."""
    day = day or timezone.localdate()
    stamp = f"{roc_year(day):03d}{day:%m%d}"
    return f"P{stamp}{next_value(f'payment-batch-{stamp}'):05d}"


def build_order(payer, cases, *, organisation=None) -> PaymentOrder:
    """One unpaid order for `cases`, all payable now and visible to `payer`. Raises
    OrderError when a case cannot be paid for or already sits in an unpaid order."""
    if not cases:
        raise OrderError(_("Choose at least one application to pay for."))
    with transaction.atomic(), one_schedule_read():
        locked = [_lock_payable(payer, case) for case in cases]
        order = PaymentOrder(
            batch_number=batch_number(),
            payer=payer,
            payer_organisation=organisation,
            payer_name=_payer_name(payer, locked, organisation)[:200],
            language=payer.language,
            total=0,
        )
        lines = []
        for position, case in enumerate(locked, start=1):
            try:
                quote = case.payment_quote()
            except PricingError as error:
                logger.error("no price for case %s: %s", case.number, error)
                raise OrderError(
                    _(
                        "The fee of application %(number)s cannot be worked out; staff have been "
                        "told."
                    )
                    % {"number": case.number}
                ) from error
            line = OrderLine(
                position=position,
                service=quote.service,
                term_years=quote.term_years,
                fee_rate=quote.rate,
                case_number=case.number,
                applicant_name=case.applicant_name[:200],
                amount=quote.amount,
            )
            line.link_to(case)
            lines.append(line)
        order.total = sum(line.amount for line in lines)
        order.save()
        for line in lines:
            line.order = order
            line.receipt_number = f"{order.batch_number}{line.position:02d}"
        try:
            with transaction.atomic():
                OrderLine.objects.bulk_create(lines)
        except IntegrityError:
            raise OrderError(
                _("One of these applications is already in another order awaiting payment.")
            ) from None
        if order.total == 0:
            # Nothing to collect (e.g. the certificate update for a new employer): settled now.
            _settle(order, at=timezone.now(), method=PaymentMethod.NONE, gateway="")
    return order


def _payer_name(payer, cases, organisation) -> str:
    """The payer as the receipt names them. Paying for an application they filed for
    themselves (no filer), the applicant is named as the application names them (the name
    as the card prints it), so that the receipt and the certificate do not write one
    person's name two ways; anyone else (a school's clerk, an employer) by their account's
    name."""
    names = {case.applicant_name for case in cases}
    own = all(case.owner_id == payer.pk and case.filer_id is None for case in cases)
    if organisation is None and own and len(names) == 1:
        return names.pop() or payer.full_name
    return payer.full_name


def _lock_payable(payer, case):
    model = type(case)
    # `visible_to` joins memberships (DISTINCT), which cannot be locked: check, then lock.
    visible = model.objects.visible_to(payer).filter(pk=case.pk).exists()
    locked = model.objects.select_for_update().filter(pk=case.pk).first() if visible else None
    if locked is None or locked.state not in payment_states(model):
        raise OrderError(
            _("Application %(number)s is not waiting for payment any more.")
            % {"number": case.number}
        )
    return locked


def cancel_order(order: PaymentOrder, user) -> None:
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if not order.is_unpaid:
            raise OrderError(_("Only an order awaiting payment can be cancelled."))
        if _store_code_outstanding(order):
            raise OrderError(
                _(
                    "A convenience-store code of this order can still be paid until %(time)s. "
                    "The order can be cancelled after that."
                )
                % {
                    "time": date_format(
                        timezone.localtime(_store_code_outstanding(order)), "DATETIME_FORMAT"
                    )
                }
            )
        order.cancel()
        order.save()
        order.lines.update(open=None)


def _store_code_outstanding(order):
    attempt = (
        order.attempts.filter(store_code_expires_at__gt=timezone.now())
        .order_by("-store_code_expires_at")
        .first()
    )
    return attempt.store_code_expires_at if attempt else None


# --- starting a payment -------------------------------------------------------------------


def start_payment(order: PaymentOrder, method: str) -> Redirect:
    """Record a new attempt and return the form that takes the payer to the gateway."""
    gateway = get_gateway()
    if method not in gateway.methods:
        raise OrderError(_("This payment method is not available."))
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if not order.is_unpaid:
            raise OrderError(_("This order is not awaiting payment."))
        _check_still_payable(order)
        count = order.attempts.count() + 1
        attempt = PaymentAttempt.objects.create(
            order=order,
            reference=f"{order.batch_number}A{count:02d}",
            gateway=gateway.code,
            method=method,
            amount=order.total,
        )
    site = settings.SITE_URL
    return gateway.start(
        reference=attempt.reference,
        amount=attempt.amount,
        method=method,
        description=_description(order),
        created_at=attempt.created_at,
        callback_url=site + reverse("payments:callback", args=[gateway.code]),
        return_url=site + reverse("payments:return", args=[gateway.code]),
        language=order.language,
    )


def _check_still_payable(order) -> None:
    for line in order.lines.select_related("case_type"):
        model = line.case_type.model_class()
        state = model.objects.filter(pk=line.case_id).values_list("state", flat=True).first()
        if state not in payment_states(model):
            raise OrderError(
                _(
                    "Application %(number)s no longer waits for payment. Cancel this order and "
                    "pay for the others in a new one."
                )
                % {"number": line.case_number}
            )


def _description(order) -> str:
    return (
        ", ".join(f"{line.case_number}" for line in order.lines.all())[:400] or order.batch_number
    )


# --- what a gateway's message does --------------------------------------------------------


@dataclass
class Received:
    message: GatewayMessage
    # What the message meant: its own outcome, or for a copy of a message already recorded,
    # the outcome of the first one (a copy of a store-code message still means "code
    # issued" to the payer coming back with it).
    meaning: str = ""

    def __post_init__(self):
        self.meaning = self.meaning or self.message.outcome

    @property
    def order(self) -> PaymentOrder | None:
        """The order the message was about (None when refused); read only when asked for,
        which a server callback never does."""
        return self.message.order


NUL = "\x00"
# A copy of a message whose outcome is one of these is answered from the record. A refused
# message changed nothing, so its copies are decided again: a gateway resends what we
# refused, and a corrected key or adapter must then be able to accept it.
ANSWERED_FROM_RECORD = frozenset(set(Outcome.values) - REFUSED_OUTCOMES - {Outcome.PENDING})


def receive(
    gateway,
    fields: dict,
    *,
    source: str,
    remote_addr: str | None = None,
    body: bytes | None = None,
) -> Received:
    """Store the message as received, then decide what it means.

    The raw message is committed first, on its own, so that nothing a gateway sends is ever
    lost, whatever happens next. `body` is the request as it came (defaults to the fields,
    form-encoded). Then: a copy of a message already recorded and accepted is answered from
    that record, without reading, locking or redoing anything; an untrusted or unreadable
    message (a NUL character included), an unknown reference, a wrong amount or a simulated
    payment where real money is expected changes nothing; the same payment told again (any
    number of times, by callback or by the payer's return) is recorded once; money for an
    order that can no longer be applied is recorded and flagged for staff.
    """
    fields = {str(k): str(v) for k, v in fields.items()}
    digest = message_digest(gateway.code, fields)
    raw = {
        "gateway": gateway.code,
        "source": source,
        "remote_addr": remote_addr,
        "fields": _storable(fields),
        "body": urlencode(list(fields.items())).encode() if body is None else body,
        "digest": digest,
    }
    original = _recorded_answer(digest)
    if original is not None:
        return _answer_copy(original, raw)
    message = GatewayMessage.objects.create(**raw)
    carrying_nul = sorted({_printable(k) for k, v in fields.items() if NUL in k or NUL in v})
    if carrying_nul:
        # No gateway sends one; PostgreSQL could not even look the values up.
        return _refuse(message, Outcome.MALFORMED, f"NUL character in {', '.join(carrying_nul)}")
    try:
        notification = gateway.parse(fields)
    except GatewayMessageError as error:
        return _refuse(message, error.outcome, str(error))
    message.reference = notification.reference[:40]
    if notification.simulated and not settings.PAYMENTS_ACCEPT_SIMULATED:
        return _refuse(message, Outcome.SIMULATED_REFUSED, "simulated payment flag")
    attempt = (
        PaymentAttempt.objects.filter(reference=notification.reference, gateway=gateway.code)
        .select_related("order")
        .first()
    )
    if attempt is None:
        return _refuse(message, Outcome.UNKNOWN_ORDER, f"no attempt {notification.reference}")
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=attempt.order_id)
        message.order = order
        outcome, detail = _apply(order, attempt, notification, message)
        message.outcome, message.detail = outcome, detail
        message.processed_at = timezone.now()
        message.save()
        if outcome in ANSWERED_FROM_RECORD:
            answer = RecordedAnswer(message.pk, outcome, message.reference, order.pk)
            transaction.on_commit(lambda: _remember_answer(digest, answer))
    log = logger.warning if message.is_flagged else logger.info
    log("gateway message %s for %s: %s %s", message.pk, order.batch_number, outcome, detail)
    return Received(message)


def message_digest(gateway_code: str, fields: dict[str, str]) -> str:
    """The same fields from the same gateway give the same digest, whatever their order or
    the way they came (a callback's POST, the payer's return by GET or POST)."""
    canonical = json.dumps([gateway_code, sorted(fields.items())], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class RecordedAnswer:
    """What the first accepted message of a digest was decided to mean. It never changes
    once decided, so it may be remembered in the cache."""

    pk: int
    outcome: str
    reference: str
    order_id: int | None


# Gateways repeat a message for hours at most; a copy later than this is looked up again.
ANSWER_REMEMBERED_SECONDS = 24 * 60 * 60


def _answer_key(digest: str) -> str:
    return f"payments:answered:{digest}"


def _remember_answer(digest: str, answer: RecordedAnswer) -> None:
    cache.set(_answer_key(digest), answer, ANSWER_REMEMBERED_SECONDS)


def _recorded_answer(digest: str) -> RecordedAnswer | None:
    """The first accepted message with this digest, from the cache (Redis: no database
    round trip for the copies of a burst), else from the database."""
    answer = cache.get(_answer_key(digest))
    if answer is not None:
        return answer
    row = (
        GatewayMessage.objects.filter(digest=digest, outcome__in=ANSWERED_FROM_RECORD)
        .order_by("pk")
        .values_list("pk", "outcome", "reference", "order_id")
        .first()
    )
    if row is None:
        return None
    answer = RecordedAnswer(*row)
    _remember_answer(digest, answer)
    return answer


def _answer_copy(original: RecordedAnswer, raw: dict) -> Received:
    """Record a copy of an accepted message, already decided, in one insert."""
    message = GatewayMessage.objects.create(
        **raw,
        outcome=Outcome.DUPLICATE,
        detail=f"copy of message {original.pk}",
        reference=original.reference,
        order_id=original.order_id,
        processed_at=timezone.now(),
    )
    logger.info("gateway message %s: copy of %s", message.pk, original.pk)
    return Received(message, meaning=original.outcome)


def _storable(fields: dict[str, str]) -> dict[str, str]:
    if not any(NUL in k or NUL in v for k, v in fields.items()):
        return fields
    return {_printable(k): _printable(v) for k, v in fields.items()}


def _printable(text: str) -> str:
    return text.replace(NUL, "\ufffd")


def _refuse(message, outcome, detail) -> Received:
    message.outcome, message.detail = outcome, detail[:2000]
    message.processed_at = timezone.now()
    message.save()
    # %r: the detail may quote what the sender wrote, which must not start log lines of its own.
    logger.warning("refused gateway message %s: %s (%r)", message.pk, outcome, detail[:200])
    return Received(message)


def _apply(order, attempt, notification: Notification, message):
    if notification.amount != attempt.amount or notification.amount != order.total:
        return Outcome.WRONG_AMOUNT, f"{notification.amount} != {order.total}"
    if not notification.paid:
        if notification.store_code:
            attempt.store_code = notification.store_code
            attempt.store_code_expires_at = notification.store_code_expires_at
            attempt.save(update_fields=["store_code", "store_code_expires_at"])
            return Outcome.CODE_ISSUED, notification.store_code
        return Outcome.NOT_PAID, notification.message
    if Payment.objects.filter(
        gateway=message.gateway, transaction_id=notification.transaction_id
    ).exists():
        return Outcome.DUPLICATE, notification.transaction_id
    Payment.objects.create(
        order=order,
        attempt=attempt,
        gateway=message.gateway,
        transaction_id=notification.transaction_id,
        amount=notification.amount,
        method=notification.method,
        paid_at=notification.paid_at or message.received_at,
        message=message,
    )
    if order.is_paid:
        order.flag(
            _("Paid a second time (transaction %(id)s).") % {"id": notification.transaction_id}
        )
        order.save(update_fields=["needs_attention", "attention_note"])
        return Outcome.DOUBLE_PAYMENT, notification.transaction_id
    was_cancelled = order.state == OrderState.CANCELLED
    applied_all = _settle(
        order,
        at=notification.paid_at or message.received_at,
        method=notification.method,
        gateway=message.gateway,
    )
    if was_cancelled:
        order.flag(_("Paid after the payer cancelled the order."))
        order.save(update_fields=["needs_attention", "attention_note"])
    if was_cancelled or not applied_all:
        return Outcome.LATE, order.attention_note
    return Outcome.APPLIED, notification.transaction_id


def _settle(order, *, at, method, gateway) -> bool:
    """Mark the order paid and move each of its cases on through the workflow's payment
    transition. A case that no longer waits for payment (withdrawn, expired) keeps the money
    on record and the order is flagged. Returns whether every case moved on."""
    from payments.tasks import issue_receipt

    # Registered before the cases' notices, so that the receipt exists when the "paid"
    # e-mail is built (on_commit callbacks run in order).
    transaction.on_commit(lambda: _enqueue(issue_receipt, order.pk))
    order.mark_paid(at=at, paid_by=method, gateway=gateway)
    order.save()
    applied_all = True
    lines = list(order.lines.select_related("case_type").all())
    for line in lines:
        line.open = None
        reason = _apply_to_case(order, line)
        if reason:
            applied_all = False
            line.not_applied_reason = reason[:200]
            order.flag(
                _("Application %(number)s was not moved on: %(reason)s")
                % {"number": line.case_number, "reason": reason}
            )
        else:
            line.applied_at = timezone.now()
    OrderLine.objects.bulk_update(lines, ["open", "applied_at", "not_applied_reason"])
    _cancel_orders_overtaken_by(order, lines)
    if not applied_all:
        order.save(update_fields=["needs_attention", "attention_note"])
    return applied_all


def _cancel_orders_overtaken_by(order, lines) -> None:
    """A case paid through `order` may also sit in a newer unpaid order (the payer cancelled
    `order`, made another, and then `order`'s store code was paid after all). The newer
    order can no longer be paid as it stands: it is cancelled, so that its other cases can
    be paid again, and flagged so staff can tell the payer."""
    others = set()
    for line in lines:
        others.update(
            OrderLine.objects.filter(
                case_type_id=line.case_type_id, case_id=line.case_id, open=True
            )
            .exclude(order=order)
            .values_list("order_id", flat=True)
        )
    for other in PaymentOrder.objects.select_for_update().filter(pk__in=others):
        other.cancel()
        other.flag(
            _("Cancelled: some of its applications were paid through order %(number)s.")
            % {"number": order.batch_number}
        )
        other.save()
        other.lines.update(open=None)


def _apply_to_case(order, line) -> str:
    """Move the line's case on; return why not, or "" when it moved."""
    model = line.case_type.model_class()
    # With the people the move's notices go to, in the same query (locking the case only).
    case = (
        model.objects.select_for_update(of=("self",))
        .select_related("owner", "filer")
        .filter(pk=line.case_id)
        .first()
    )
    if case is None:
        return "case not found"
    action = next(
        (
            a
            for a in available_actions(case, None)
            if a.transition.custom.get("awaits") == "payment"
        ),
        None,
    )
    if action is None:
        return f"state is {case.state}"
    try:
        _pay_case(order, line, case, action)
    except (ActionError, PermissionDenied) as error:
        return str(error)
    return ""


def _pay_case(order, line, case, action):
    perform_action(
        case,
        None,
        action.name,
        data={
            "order": order.batch_number,
            "receipt_number": line.receipt_number,
            "amount": line.amount,
            # The payer gets one e-mail for the whole order, with the receipt; the case's
            # own "paid" notice goes to the case's other people only.
            "skip_recipients": [order.payer_id],
        },
    )


def _enqueue(task, *args):
    from portal.notify.outbox import enqueue_safely

    enqueue_safely(task, *args)
