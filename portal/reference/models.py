"""Reference data kept as data: nationalities, counties and districts, NIA service stations and
corrections to the working-day calendar. Seeded from `data/*.json` by `loaders.py`; edited by
staff in the admin."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.bilingual import BilingualNameMixin, localized

postcode_validator = RegexValidator(r"^\d{3}$", _("Enter the 3-digit postal code."))


class NationalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def foreign(self):
        """Active nationalities a foreigner may hold: everything but the ROC itself."""
        return self.active().filter(is_foreign=True)


class Nationality(BilingualNameMixin, models.Model):  # noqa: DJ008 (__str__ from the mixin)
    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. ID for Indonesia."),
    )
    code3 = models.CharField(
        _("alpha-3 code"),
        max_length=3,
        blank=True,
        help_text=_("ISO 3166-1 alpha-3 code, e.g. IDN; empty where ISO assigns none."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_foreign = models.BooleanField(
        _("foreign"),
        default=True,
        help_text=_(
            "False only for the Republic of China (Taiwan): lists of foreign "
            "nationalities leave it out."
        ),
    )
    is_hk_macao = models.BooleanField(
        _("Hong Kong or Macao"),
        default=False,
        help_text=_("Hong Kong and Macao residents follow their own rules and fees."),
    )
    is_mainland = models.BooleanField(
        _("mainland China"),
        default=False,
        help_text=_("People of the mainland area follow their own rules (e.g. mainland students)."),
    )
    reciprocity_surcharge = models.PositiveIntegerField(
        _("reciprocity surcharge (NT$)"),
        default=0,
        help_text=_("Added to some fees for nationals of this country, by reciprocity."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive nationalities are not offered in forms.")
    )
    sort_order = models.PositiveIntegerField(
        _("sort order"),
        default=0,
        help_text=_("Lower numbers come first; equal numbers are sorted by name."),
    )

    objects = NationalityQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")


class County(BilingualNameMixin, models.Model):  # noqa: DJ008 (__str__ from the mixin)
    """A special municipality, county or provincial city (縣市)."""

    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        help_text=_("ISO 3166-2:TW subdivision code without the TW- prefix, e.g. TPE."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=50)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("county or city")
        verbose_name_plural = _("counties and cities")


class District(BilingualNameMixin, models.Model):  # noqa: DJ008 (__str__ from the mixin)
    """A township-level division (鄉鎮市區) with its 3-digit postal code."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="districts", verbose_name=_("county or city")
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=50)
    postcode = models.CharField(
        _("postal code"), max_length=3, validators=[postcode_validator], db_index=True
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["county__sort_order", "sort_order", "postcode"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name_zh"], name="reference_district_unique_name_in_county"
            ),
        ]

    @property
    def label(self) -> str:
        """Postal code and name, as address pickers show it: "100 中正區"."""
        return f"{self.postcode} {self.name}"


class ServiceStation(BilingualNameMixin, models.Model):  # noqa: DJ008 (__str__ from the mixin)
    """A service station (服務站) of the National Immigration Agency, where cards are collected."""

    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="service_stations",
        verbose_name=_("county or city"),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive stations are not offered for pickup.")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "county__sort_order", "name_zh"]
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    @property
    def address(self) -> str:
        return localized(self, "address")


class WorkingDayOverride(models.Model):
    """Staff's correction to the working-day calendar: a day off for a typhoon, or a make-up
    working day that the `holidays` package does not know. It always wins."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: offices are open that day. Not ticked: offices are closed."),
    )
    reason_zh = models.CharField(_("reason (Chinese)"), max_length=200, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{date_format(self.date)} {kind}"

    @property
    def reason(self) -> str:
        return localized(self, "reason")
