"""The simulated gateway's own books. They stand for the state a real gateway keeps on its
side (the hosted page's charges, the store codes waiting to be paid); the portal's records
never read them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .orders import PaymentMethod


class SimulatedCharge(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting on the payment page")
        CODE_ISSUED = "code_issued", _("Store code issued, not paid yet")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Declined")
        ABANDONED = "abandoned", _("Abandoned by the payer")

    token = models.CharField(_("token"), max_length=40, unique=True)
    reference = models.CharField(_("merchant reference"), max_length=20, unique=True)
    amount = models.PositiveIntegerField(_("amount (NT$)"))
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices)
    description = models.CharField(_("description"), max_length=400)
    language = models.CharField(_("language"), max_length=8)
    callback_url = models.URLField(_("callback URL"), max_length=500)
    return_url = models.URLField(_("return URL"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    transaction_id = models.CharField(_("transaction"), max_length=40, unique=True)
    store_code = models.CharField(_("store code"), max_length=20, blank=True)
    store_code_expires_at = models.DateTimeField(_("code expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    callbacks_sent = models.PositiveIntegerField(_("callbacks delivered"), default=0)
    last_delivery_error = models.TextField(_("last delivery error"), blank=True)

    class Meta:
        verbose_name = _("simulated gateway charge")
        verbose_name_plural = _("simulated gateway charges")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"
