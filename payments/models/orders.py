"""Payment orders (繳費單): one payment for one or many payable cases of the same payer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from portal.accounts.models import Language
from portal.cases.models import CaseLinked


class OrderState(models.TextChoices):
    UNPAID = "unpaid", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    STORE = "store", _("Convenience store")
    NONE = "none", _("No fee due")


class PaymentOrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The orders a user may see: those they made, and those of an organisation they
        belong to (a school's or employer's staff share its orders)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(payer=user) | Q(payer_organisation__memberships__user=user)).distinct()


class PaymentOrder(ConcurrentTransitionMixin, models.Model):
    batch_number = models.CharField(_("batch number"), max_length=20, unique=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payment_orders",
        verbose_name=_("payer"),
    )
    payer_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_orders",
        verbose_name=_("paying organisation"),
    )
    # Copied when the order is made: the receipt names the payer as they were then.
    payer_name = models.CharField(_("payer's name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    state = FSMField(
        _("state"), default=OrderState.UNPAID, choices=OrderState.choices, protected=True
    )
    total = models.PositiveIntegerField(_("total (NT$)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices, blank=True)
    gateway = models.CharField(_("gateway"), max_length=20, blank=True)
    # Something staff must look at: money for a case that can no longer be paid for, a
    # second payment of the same order... Never cleared automatically.
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    attention_note = models.TextField(_("what needs attention"), blank=True)

    objects = PaymentOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["paid_at"], name="payments_order_paid_at")]

    def __str__(self):
        return self.batch_number

    @property
    def is_unpaid(self) -> bool:
        return self.state == OrderState.UNPAID

    @property
    def is_paid(self) -> bool:
        return self.state == OrderState.PAID

    # A payment can arrive for an order its payer cancelled (a convenience-store code paid
    # late): the money is real, so the order becomes paid and staff are told.
    @transition(
        field=state, source=[OrderState.UNPAID, OrderState.CANCELLED], target=OrderState.PAID
    )
    def mark_paid(self, *, at, paid_by, gateway):
        self.paid_at = at
        self.method = paid_by
        self.gateway = gateway

    @transition(field=state, source=OrderState.UNPAID, target=OrderState.CANCELLED)
    def cancel(self):
        self.cancelled_at = timezone.now()

    def flag(self, note: str) -> None:
        self.needs_attention = True
        self.attention_note = "\n".join(filter(None, [self.attention_note, note]))


class OrderLine(CaseLinked):
    order = models.ForeignKey(
        PaymentOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    position = models.PositiveSmallIntegerField(_("line"))
    service = models.CharField(_("service"), max_length=40)  # payments.catalogue
    term_years = models.PositiveSmallIntegerField(_("term (years)"), null=True, blank=True)
    fee_rate = models.ForeignKey(
        "payments.FeeRate", on_delete=models.PROTECT, related_name="+", verbose_name=_("fee rate")
    )
    case_number = models.CharField(_("application number"), max_length=20)
    applicant_name = models.CharField(_("name"), max_length=200)
    receipt_number = models.CharField(_("receipt number"), max_length=24, unique=True)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    amount = models.PositiveIntegerField(_("amount (NT$)"))
    # True while the order is unpaid, NULL afterwards: the unique constraint below then
    # allows a case in at most one unpaid order, and in any number of settled ones.
    open = models.BooleanField(null=True, default=True, editable=False)
    applied_at = models.DateTimeField(_("case moved on"), null=True, blank=True)
    not_applied_reason = models.CharField(
        _("why the case did not move"), max_length=200, blank=True
    )

    class Meta(CaseLinked.Meta):
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "case_id"],
                condition=Q(open=True),
                name="payments_one_unpaid_order_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.case_number}"

    @property
    def description(self):
        return describe_service(self.service, self.term_years)


def describe_service(service: str, term_years: int | None):
    """The line's text, e.g. "Employment Gold Card, 3 years"; lazy, so that the receipt can
    render it in both languages."""
    from django.utils.functional import lazy
    from django.utils.translation import ngettext

    from payments import catalogue

    label = catalogue.label(service)
    if not term_years:
        return label

    def text():
        return ngettext(
            "%(service)s, %(years)d year", "%(service)s, %(years)d years", term_years
        ) % {
            "service": label,
            "years": term_years,
        }

    return lazy(text, str)()
