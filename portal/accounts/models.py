"""Users, organisations and memberships.

The user signs in with an e-mail address. What the user may do is decided by `role`
(and, for reviewers, by `agency`), and for organisation filers by their memberships.
"""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .idnumbers import validate_business_number, validate_national_id
from .managers import UserManager


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    EMPLOYER = "employer", _("Employer")
    AGENCY = "agency", _("Agency (intermediary)")
    SCHOOL = "school", _("School")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Staff administrator")


class Agency(models.TextChoices):
    """The government agencies whose staff review cases."""

    WDA = "WDA", _("Workforce Development Agency, Ministry of Labor")
    NIA = "NIA", _("National Immigration Agency")
    MOFA = "MOFA", _("Bureau of Consular Affairs, Ministry of Foreign Affairs")


# Roles that act for an organisation and must belong to one.
ORGANISATION_ROLES = {Role.EMPLOYER, Role.AGENCY, Role.SCHOOL}


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    agency = models.CharField(
        _("reviewing agency"),
        max_length=8,
        choices=Agency.choices,
        blank=True,
        help_text=_("For reviewers only: the agency whose stages they work."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ZH_HANT,
        help_text=_("Used for the pages, and for e-mails and PDFs sent later."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="reviewer_has_agency",
                condition=~models.Q(role="reviewer") | ~models.Q(agency=""),
            ),
        ]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    @property
    def has_verified_email(self) -> bool:
        # Not "is_verified": django-otp gives signed-in users an is_verified() of its own.
        return self.email_verified_at is not None

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    def mark_verified(self):
        if self.email_verified_at is None:
            self.email_verified_at = timezone.now()
            self.save(update_fields=["email_verified_at"])


class OrganisationKind(models.TextChoices):
    COMPANY_EMPLOYER = "company", _("Employer (company)")
    HOUSEHOLD_EMPLOYER = "household", _("Household employer")
    AGENCY = "agency", _("Agency (intermediary)")
    SCHOOL = "school", _("School")


class Organisation(models.Model):
    """An employer, agency or school that files cases for other people.

    Companies, agencies and schools are identified by their 8-digit business number
    (統一編號); a household employer by the employer's national ID.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    id_number = models.CharField(
        _("business number or national ID"),
        max_length=10,
        help_text=_(
            "統一編號 for companies, agencies and schools; national ID for a household employer."
        ),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "id_number"], name="unique_organisation_id"),
        ]

    def __str__(self):
        return f"{self.name} ({self.id_number})"

    def clean(self):
        if self.kind == OrganisationKind.HOUSEHOLD_EMPLOYER:
            validate_national_id(self.id_number)
        else:
            validate_business_number(self.id_number)


class Membership(models.Model):
    class Level(models.TextChoices):
        ADMIN = "admin", _("Organisation administrator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"
