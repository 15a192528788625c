"""What passed between the portal and the payment gateways: every payment attempt, every
message received (stored raw before anything is done with it), and the money received."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .orders import PaymentMethod, PaymentOrder


class PaymentAttempt(models.Model):
    """One trip to a gateway. Gateways want a fresh merchant reference per attempt, so an
    order paid by card after an abandoned attempt has two attempts."""

    order = models.ForeignKey(
        PaymentOrder, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("order")
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    gateway = models.CharField(_("gateway"), max_length=20)
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices)
    amount = models.PositiveIntegerField(_("amount (NT$)"))
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    store_code = models.CharField(_("convenience-store code"), max_length=40, blank=True)
    store_code_expires_at = models.DateTimeField(_("code expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not processed yet")
    APPLIED = "applied", _("Payment recorded")
    DUPLICATE = "duplicate", _("Duplicate: already recorded")
    CODE_ISSUED = "code_issued", _("Convenience-store code issued")
    NOT_PAID = "not_paid", _("Not paid (declined or abandoned)")
    BAD_SIGNATURE = "bad_signature", _("Refused: signature does not match")
    MALFORMED = "malformed", _("Refused: unreadable message")
    UNKNOWN_ORDER = "unknown_order", _("Refused: unknown order")
    WRONG_AMOUNT = "wrong_amount", _("Refused: amount does not match the order")
    SIMULATED_REFUSED = "simulated_refused", _("Refused: simulated payment in production")
    LATE = "late", _("Payment recorded; flagged for staff")
    DOUBLE_PAYMENT = "double_payment", _("Second payment of a paid order; flagged for staff")


REFUSED_OUTCOMES = frozenset(
    {
        Outcome.BAD_SIGNATURE,
        Outcome.MALFORMED,
        Outcome.UNKNOWN_ORDER,
        Outcome.WRONG_AMOUNT,
        Outcome.SIMULATED_REFUSED,
    }
)
FLAGGED_OUTCOMES = REFUSED_OUTCOMES | {Outcome.LATE, Outcome.DOUBLE_PAYMENT}


class GatewayMessage(models.Model):
    class Source(models.TextChoices):
        CALLBACK = "callback", _("Server callback")
        RETURN = "return", _("Payer's return")

    gateway = models.CharField(_("gateway"), max_length=20)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    # The fields as a dict, for reading. PostgreSQL's JSON cannot hold a NUL character, so
    # in a message carrying one each NUL reads as U+FFFD here; `body` is the exact copy.
    fields = models.JSONField(_("fields as received"))
    # The message byte for byte: the POST body, or the query string of a GET return.
    body = models.BinaryField(_("message as received"), blank=True, default=b"")
    # SHA-256 of the gateway and the sorted fields: a copy of a message already recorded
    # and accepted is recognised by it and answered from the record (services.receive).
    digest = models.CharField(_("digest"), max_length=64, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    detail = models.TextField(_("detail"), blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    order = models.ForeignKey(
        PaymentOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("order"),
    )
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("gateway message")
        verbose_name_plural = _("gateway messages")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_at"], name="payments_message_received"),
            models.Index(fields=["digest"], name="payments_message_digest"),
        ]

    def __str__(self):
        received = date_format(timezone.localtime(self.received_at), "DATETIME_FORMAT")
        return f"{self.gateway} {self.source} {received}"

    @property
    def is_flagged(self) -> bool:
        return self.outcome in FLAGGED_OUTCOMES


class Payment(models.Model):
    """Money the gateway says it received. One per gateway transaction, whatever the number
    of times the gateway tells us about it."""

    order = models.ForeignKey(
        PaymentOrder, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    attempt = models.ForeignKey(
        PaymentAttempt, on_delete=models.PROTECT, related_name="payments", verbose_name=_("attempt")
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    transaction_id = models.CharField(_("gateway transaction"), max_length=64)
    amount = models.PositiveIntegerField(_("amount (NT$)"))
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices)
    paid_at = models.DateTimeField(_("paid"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    message = models.ForeignKey(
        GatewayMessage, on_delete=models.PROTECT, related_name="+", verbose_name=_("message")
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "transaction_id"], name="payments_one_payment_per_transaction"
            ),
        ]

    def __str__(self):
        return f"{self.gateway}:{self.transaction_id}"
