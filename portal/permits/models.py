"""Permits and cards the portal issued, and the services a holder may ask for on them.

A `Permit` is the generic record of what a case issued (a Gold Card, an ARC, an employment
permit): its holder, number, kind, validity and the case that issued it. Extension, reissue,
data change and the like are `PermitService` rows: when each may be asked for (its window
around the end of validity), which fee it pays and whether it prints a new card. They are
data, seeded by each workflow's migrations and changed in the admin, not code.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cases.models import CaseLinked, CaseLinkQuerySet


class PermitQuerySet(CaseLinkQuerySet):
    def held_by(self, user):
        """Permits whose holder is `user`: by account, or by the verified address given."""
        if not user.is_authenticated:
            return self.none()
        held = models.Q(holder=user)
        if user.email_verified_at and user.email:
            held |= models.Q(holder_email__iexact=user.email)
        return self.filter(held)

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(superseded_at__isnull=True, valid_until__gte=today)


class Permit(CaseLinked):
    kind = models.CharField(_("kind"), max_length=40)
    number = models.CharField(_("number"), max_length=40)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holder's account"),
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_email = models.EmailField(_("holder's e-mail"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    # A reissued or replaced permit stays on record, marked as replaced.
    superseded_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    objects = PermitQuerySet.as_manager()

    class Meta(CaseLinked.Meta):
        verbose_name = _("permit or card")
        verbose_name_plural = _("permits and cards")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="permits_number_once"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="permits_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.number}"

    def is_valid(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.superseded_at is None and self.valid_from <= today <= self.valid_until


class PermitService(models.Model):
    """A service a holder may ask for on a permit of `kind`, with its window and fee."""

    kind = models.CharField(_("permit kind"), max_length=40)
    service = models.CharField(_("service"), max_length=40)
    # The window, around the end of validity: opens this many months before it (empty: any
    # time while valid) and closes this many days after it (0: on the last valid day).
    opens_months_before_end = models.PositiveSmallIntegerField(
        _("opens (months before the end)"), null=True, blank=True
    )
    closes_days_after_end = models.PositiveSmallIntegerField(
        _("closes (days after the end)"), default=0
    )
    # A fee code some workflow declares (payments.catalogue); empty: free of charge.
    fee_service = models.CharField(_("fee"), max_length=40, blank=True)
    prints_card = models.BooleanField(_("prints a new card"), default=False)

    class Meta:
        verbose_name = _("permit service")
        verbose_name_plural = _("permit services")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "service"], name="permits_service_once")
        ]

    def __str__(self):
        return f"{self.kind}: {self.service}"

    def window(self, permit) -> tuple[datetime.date, datetime.date]:
        """The first and last days on which this service may be asked for on `permit`."""
        end = permit.valid_until
        opens = (
            end - relativedelta(months=self.opens_months_before_end)
            if self.opens_months_before_end is not None
            else permit.valid_from
        )
        return opens, end + datetime.timedelta(days=self.closes_days_after_end)
