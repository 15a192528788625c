"""The Gold Card's reference rows: professional fields, their qualification criteria, and
the missions where passports are verified. Code reads them; staff edit them in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bilingual import BilingualNameMixin, localized


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ProfessionalField(BilingualNameMixin, models.Model):  # noqa: DJ008 (__str__ from mixin)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("offered"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("professional field")
        verbose_name_plural = _("professional fields")


class QualificationCriterion(BilingualNameMixin, models.Model):  # noqa: DJ008
    field = models.ForeignKey(
        ProfessionalField,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("professional field"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_zh = models.CharField(_("criterion (Chinese)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=300)
    proof_zh = models.TextField(_("what proves it (Chinese)"), blank=True)
    proof_en = models.TextField(_("what proves it (English)"), blank=True)
    is_salary = models.BooleanField(
        _("salary criterion"),
        default=False,
        help_text=_("Proved by salary or tax documents, or an employment contract in Taiwan."),
    )
    is_active = models.BooleanField(_("offered"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["field__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["field", "code"], name="goldcard_criterion_code")
        ]
        verbose_name = _("qualification criterion")
        verbose_name_plural = _("qualification criteria")

    @property
    def proof(self) -> str:
        return localized(self, "proof")


class OverseasMission(BilingualNameMixin, models.Model):  # noqa: DJ008
    code = models.CharField(_("code"), max_length=10, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    country_code = models.CharField(_("country"), max_length=2)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("open"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("overseas mission")
        verbose_name_plural = _("overseas missions")
