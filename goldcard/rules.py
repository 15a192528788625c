"""What the eligibility answers mean for the rest of the application. Every rule reads the
case's flat answers, so sections, document slots, stages and the fee agree on one reading.
Rules are pure: they read the answers (a dict, or the request's `goldcard.answers` object)
and the cached reference rows, and never write into the answers."""

import datetime

from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role


class Identity:
    FOREIGN = "foreign"
    FOREIGN_MAINLAND_BORN = "foreign_mainland_born"
    HK_MACAO = "hk_macao"
    HK_MACAO_MAINLAND_BORN = "hk_macao_mainland_born"

    CHOICES = [
        (FOREIGN, _("Foreign national")),
        (FOREIGN_MAINLAND_BORN, _("Foreign national born in mainland China")),
        (HK_MACAO, _("Hong Kong or Macao resident")),
        (HK_MACAO_MAINLAND_BORN, _("Hong Kong or Macao resident born in mainland China")),
    ]


class EntryDocument:
    VALID_ARC = "valid_arc"
    VISA_EXEMPT = "visa_exempt"
    VISITOR_60_UNRESTRICTED = "visitor_60_unrestricted"
    VISITOR_60_RESTRICTED = "visitor_60_restricted"
    VISA_UNDER_60 = "visa_under_60"

    CHOICES = [
        (VALID_ARC, _("A valid resident certificate issued by the ROC")),
        (VISA_EXEMPT, _("Visa-exempt entry")),
        (VISITOR_60_UNRESTRICTED, _("Visitor visa of 60 days or more, without restriction")),
        (VISITOR_60_RESTRICTED, _("Visitor visa of 60 days or more, with restriction")),
        (VISA_UNDER_60, _("Visitor visa of less than 60 days")),
    ]


class RocNationality:
    NO = "no"
    WITHOUT_HOUSEHOLD = "without_household"
    WITH_HOUSEHOLD = "with_household"

    CHOICES = [
        (NO, _("No")),
        (WITHOUT_HOUSEHOLD, _("Yes, without household registration in Taiwan")),
        (WITH_HOUSEHOLD, _("Yes, with household registration in Taiwan")),
    ]


def is_hk_macao(answers) -> bool:
    return answers.get("identity") in (Identity.HK_MACAO, Identity.HK_MACAO_MAINLAND_BORN)


def is_mainland_born(answers) -> bool:
    return answers.get("identity") in (
        Identity.FOREIGN_MAINLAND_BORN,
        Identity.HK_MACAO_MAINLAND_BORN,
    )


def in_taiwan(answers) -> bool:
    return answers.get("in_taiwan") == "yes"


def overseas(answers) -> bool:
    return answers.get("in_taiwan") == "no"


def holds_arc(answers) -> bool:
    return in_taiwan(answers) and answers.get("entry_document") == EntryDocument.VALID_ARC


def verifies_passport(answers) -> bool:
    """MOFA sees the passport only of overseas applicants who are not HK/Macao residents."""
    return overseas(answers) and not is_hk_macao(answers)


def chosen_criterion(answers):
    """The qualification criterion the answers chose (a reference row, read from the cache
    without a query once built), or None. The answers object (`goldcard.answers`) has
    looked it up once for the request."""
    try:
        return answers.criterion
    except AttributeError:
        from goldcard import lookups

        return lookups.criterion(answers.get("criterion"))


def salary_criterion(answers) -> bool:
    criterion = chosen_criterion(answers)
    return bool(criterion and criterion.is_salary)


def field_chosen(answers) -> bool:
    return bool(answers.get("criterion"))


def other_criterion(answers) -> bool:
    return field_chosen(answers) and not salary_criterion(answers)


def criterion_proof_help(answers) -> str:
    criterion = chosen_criterion(answers)
    return criterion.proof if criterion else ""


# The validity a Gold Card is applied for, in years.
TERMS = (1, 2, 3)

# Spec goldcard.md, "Who files it": the foreigner, an employer or a mandated agency.
FILER_ROLES = frozenset({Role.APPLICANT, Role.EMPLOYER, Role.AGENCY})


def filing_role(user) -> str:
    """How `user` files a Gold Card application (spec goldcard.md, "Who files it"): for
    themself, as an employer or as a mandated agency; "" for anyone else (schools, reviewers,
    staff), who cannot file one."""
    if user.is_staff:
        return ""
    return {Role.APPLICANT: "self", Role.EMPLOYER: "employer", Role.AGENCY: "agency"}.get(
        user.role, ""
    )


def may_file(user) -> bool:
    return bool(filing_role(user))


# Spec goldcard.md, services 3: a move is reported within 30 days; a later report is accepted,
# and both the applicant and the reviewer are told it is late.
REPORT_MOVE_WITHIN_DAYS = 30
# Changes that print a new card, free of charge (seed 004: 規費法第7條但書).
CARD_PRINTING_CHANGES = frozenset({"address", "passport"})


def prints_new_card(service: str, changes) -> bool:
    """Whether a Gold Card service ends with a new card: an extension, a reissue, or a data
    change of what the card prints (address, passport number)."""
    if service in ("extension", "reissue"):
        return True
    return service == "data_change" and bool(CARD_PRINTING_CHANGES & set(changes or ()))


def days_move_reported_late(answers, reported_on) -> int:
    """How many days after the 30 allowed a move is reported (0 when in time or no move)."""
    if "address" not in set(answers.get("changes") or ()):
        return 0
    try:
        moved_on = datetime.date.fromisoformat(str(answers.get("moved_on") or ""))
    except ValueError:
        return 0
    return max(0, (reported_on - moved_on).days - REPORT_MOVE_WITHIN_DAYS)
