"""The fee schedule (規費), kept as rows with validity dates so that a price change never
rewrites what earlier orders cost. `payments.pricing` reads it; nothing else knows amounts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments import catalogue


class Situation(models.TextChoices):
    """The applicant's situation as far as fees go. A row for a specific situation takes
    precedence over the standard row of the same service (see `pricing.situations_for`)."""

    STANDARD = "standard", _("Standard")
    HOLDS_ARC = "holds_arc", _("Already holds a valid resident certificate")
    HK_MACAO = "hk_macao", _("Hong Kong or Macao resident")
    RECIPROCITY = "reciprocity", _("Nationality with a reciprocity surcharge")
    OVERSEAS_CHINESE_FC = "overseas_chinese_fc", _("Overseas Chinese student (visa remark FC)")


class FeeRate(models.Model):
    # A code some workflow declares (payments.catalogue); the admin offers those.
    service = models.CharField(_("service"), max_length=40)
    situation = models.CharField(
        _("situation"), max_length=24, choices=Situation.choices, default=Situation.STANDARD
    )
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"),
        null=True,
        blank=True,
        help_text=_("Empty: the same amount for any term."),
    )
    amount = models.PositiveIntegerField(_("amount (NT$)"))
    per_year = models.BooleanField(
        _("per year of validity"),
        default=False,
        help_text=_("The amount is charged for each year of the term granted."),
    )
    adds_reciprocity_surcharge = models.BooleanField(
        _("adds the nationality's reciprocity surcharge"), default=False
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Inclusive."))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee rate")
        verbose_name_plural = _("fee schedule")
        ordering = ["service", "situation", "term_years", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="fee_rate_valid_range",
            ),
        ]

    def __str__(self):
        term = _("any term") if self.term_years is None else f"{self.term_years}y"
        return f"{catalogue.label(self.service)} / {self.get_situation_display()} / {term}"

    def clean(self):
        """Two rows for the same service, situation and term may not be valid on the same
        day: the price of a case must never depend on which row the database returns first."""
        if self.service and self.service not in catalogue.fee_services():
            raise ValidationError({"service": _("No workflow charges this service.")})
        if self.valid_from is None:
            return  # the field's own "required" error says it
        overlapping = FeeRate.objects.filter(
            service=self.service, situation=self.situation, term_years=self.term_years
        ).exclude(pk=self.pk)
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if overlapping.exists():
            raise ValidationError(
                _(
                    "Another rate for this service, situation and term is valid on some of these "
                    "days."
                )
            )
