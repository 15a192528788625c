"""The Gold Card four-in-one case: one application, three agencies, one card."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from goldcard import rules
from goldcard.models.choices import PERMIT_KIND, GoldCardFee
from goldcard.rules import FILER_ROLES
from goldcard.workflow import DOCUMENT_SLOTS, SECTIONS, stages
from portal.cases import permissions, registry
from portal.cases.models import CaseBase
from portal.cases.moves import shared_moves
from portal.cases.workflow import (
    ActionKind,
    Certificate,
    Fee,
    Gate,
    NoticeEvent,
    Periodic,
    ProcessingTarget,
    RecordedEvent,
    Section,
    SharedMoves,
    Workflow,
)
from portal.forms.people import document_number, english_name
from portal.permits.models import Permit
from portal.permits.services import issue_permit

PICKUP_DAYS_AFTER_ENTRY = 30


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PAYMENT_DUE = "payment_due", _("Submitted, awaiting payment")
    NIA_INITIAL = "nia_initial_review", _("NIA initial review")
    WDA_REVIEW = "wda_review", _("WDA work-permit review")
    MOFA_VERIFICATION = "mofa_passport_verification", _("MOFA passport verification")
    NIA_FINAL = "nia_final_review", _("NIA final review")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    CARD_PRODUCTION = "card_production", _("Card production")
    READY = "ready_for_pickup", _("Ready for pickup")
    ISSUED = "issued", _("Card issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def eligibility_settled(case) -> bool:
    """Submitting needs the eligibility answers and the accepted terms of use."""
    answers = case.section_answers("eligibility")
    return bool(answers.get("identity") and answers.get("terms_accepted_at"))


def passport_to_verify(case) -> bool:
    return case.verifies_passport


def no_passport_to_verify(case) -> bool:
    return not case.verifies_passport


def is_overseas(case) -> bool:
    return not case.applies_from_taiwan


def is_in_taiwan(case) -> bool:
    return case.applies_from_taiwan


# NIA's final approval issues the certificate (spec goldcard.md, pickup): applicants abroad
# enter Taiwan with the overseas approval certificate (境外核准證明) and collect the card
# within 30 days of entry; applicants in Taiwan get the approval notice naming their
# station. One PDF template and one e-mail serve both (goldcard.certificates).
CERTIFICATES = tuple(
    Certificate(
        code,
        name,
        on="approve",
        template="goldcard/certificate_pdf.html",
        context="goldcard.certificates.certificate_context",
        email="goldcard_certificate",
        title=title,
        applies=applies,
        valid_from="card_valid_from",
        valid_until="card_valid_until",
    )
    for code, name, title, applies in (
        (
            "overseas_approval",
            _("Overseas approval certificate"),
            _("Overseas approval certificate %(number)s"),
            is_overseas,
        ),
        (
            "approval_notice",
            _("Gold Card approval notice"),
            _("Gold Card approval notice %(number)s"),
            is_in_taiwan,
        ),
    )
)


WORKFLOW = Workflow(
    code="55",
    slug="goldcard",
    name=_("Employment Gold Card"),
    stages=stages(State),
    sections=SECTIONS,
    document_slots=DOCUMENT_SLOTS,
    # The seed names the tab 文件上傳, and so does the basic-data tab's note.
    documents_section_label=_("Document upload"),
    filer_roles=FILER_ROLES,
    start_url="goldcard:start",
    gates=(
        Gate(
            "eligibility",
            "goldcard.forms.eligibility.EligibilityGate",
            eligibility_settled,
            template="goldcard/eligibility.html",
            url_name="goldcard:eligibility",
        ),
    ),
    cannot_start_template="goldcard/cannot_file.html",
    summary_sections=(
        Section(
            "eligibility",
            _("Eligibility questions"),
            "goldcard.forms.eligibility.EligibilitySummary",
        ),
    ),
    detail_template="goldcard/_case_notes.html",
    # Seed 003: from 45 days to under 20, counted from payment to approval.
    target=ProcessingTarget(
        days=20, before_days=45, start_state=State.NIA_INITIAL, end_state=State.CARD_PRODUCTION
    ),
    notices=(
        NoticeEvent("passport_verification", _("Show the passport in person")),
        NoticeEvent("extension_open", _("The card can be extended")),
    ),
    events=(RecordedEvent("extension_reminder", _("Told that the card can be extended")),),
    periodic=(
        Periodic(
            "goldcard-extension-reminders",
            "goldcard.reminders.remind_extension_window",
            every=24 * 3600,
        ),
    ),
    moves=SharedMoves.of(State, withdraw_from=(State.PAYMENT_DUE,), paid=State.NIA_INITIAL),
    fees=Fee.of(GoldCardFee.NEW),
    # What its rules read: the answers with the facts derived from them, once per request.
    answers="goldcard.answers.GoldCardAnswers",
    certificates=CERTIFICATES,
)


@registry.register
class GoldCardCase(shared_moves(WORKFLOW), CaseBase):
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)

    workflow = WORKFLOW

    term_years = models.PositiveSmallIntegerField(_("validity applied for (years)"), null=True)
    pickup_station = models.ForeignKey(
        "reference.ServiceStation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pickup station"),
    )
    card_valid_from = models.DateField(_("card valid from"), null=True, blank=True)
    card_valid_until = models.DateField(_("card valid until"), null=True, blank=True)

    class Meta(CaseBase.Meta):
        verbose_name = _("Gold Card application")
        verbose_name_plural = _("Gold Card applications")

    # -- reading the answers ------------------------------------------------------------
    def describe_applicant(self):
        basic = self.section_answers("basic")
        names = [english_name(basic.get("surname")), english_name(basic.get("given_name"))]
        return " ".join(filter(None, names))

    @property
    def applies_from_taiwan(self) -> bool:
        return self.answers_view.in_taiwan

    @property
    def verifies_passport(self) -> bool:
        return self.answers_view.verifies_passport

    # What the case page tells the applicant, by state (templates/goldcard/_case_notes.html).
    @property
    def awaits_passport_check(self) -> bool:
        return self.state == State.MOFA_VERIFICATION

    @property
    def card_being_made(self) -> bool:
        return self.state == State.CARD_PRODUCTION

    @property
    def card_to_collect(self) -> bool:
        return self.state == State.READY

    @property
    def mission(self):
        from goldcard import lookups

        return lookups.mission(self.section_answers("visa").get("mission"))

    def _fee_applicant(self, answers):
        from payments.pricing import Applicant

        return Applicant(
            nationality=answers.nationality,  # the cached row (goldcard.answers)
            holds_valid_arc=answers.holds_arc,
        )

    def payment_quote(self):
        from payments.pricing import price

        answers = self.answers_view
        return price(
            GoldCardFee.NEW,
            applicant=self._fee_applicant(answers),
            term_years=self.term_years or int(answers.get("term_years") or 0) or None,
        )

    def fee_quotes(self) -> dict:
        """{term: Quote or None} for this applicant, as the answers stand: shown where the
        term is chosen, before anything is submitted."""
        from payments.pricing import PricingError, one_schedule_read, price

        quotes = {}
        with one_schedule_read():
            applicant = self._fee_applicant(self.answers_view)
            for term in rules.TERMS:
                try:
                    quotes[term] = price(GoldCardFee.NEW, applicant=applicant, term_years=term)
                except PricingError:
                    quotes[term] = None
        return quotes

    def watchlist_person(self):
        from portal.watchlist.matching import PersonKeys

        answers = self.flat_answers()
        try:
            born = datetime.date.fromisoformat(answers.get("date_of_birth", ""))
        except (TypeError, ValueError):
            born = None
        return PersonKeys(
            surname=answers.get("surname", ""),
            given_name=answers.get("given_name", ""),
            other_names=tuple(filter(None, [answers.get("chinese_name", "")])),
            date_of_birth=born,
            nationality_code=answers.get("nationality", ""),
            document_numbers=tuple(
                filter(
                    None,
                    [
                        document_number(answers.get("passport_number")),
                        document_number(answers.get("previous_passport_number")),
                        document_number(answers.get("ui_number")),
                    ],
                )
            ),
        )

    # -- what follows from a move ----------------------------------------------------------
    def after_transition(self, event):
        if event.to_state == State.PAYMENT_DUE and event.from_state == State.DRAFT:
            self._fix_submitted_answers()
        if event.to_state == State.CARD_PRODUCTION and event.from_state == State.NIA_FINAL:
            # Valid from approval: the overseas applicant travels on the certificate while
            # the card is being made, so the certificate goes out now (WORKFLOW.certificates:
            # the engine issues it once this move commits; docs/workflows.md).
            self.card_valid_from = timezone.localdate()
            self.card_valid_until = card_end(self.card_valid_from, self.term_years or 1)
            self.save(update_fields=["card_valid_from", "card_valid_until", "updated_at"])
            self.record_permit()

    def record_permit(self):
        """The card as a permit on record (portal.permits): its services read it."""
        filed_for = self.filer_id is not None
        return issue_permit(
            self,
            kind=PERMIT_KIND,
            number=self.number,
            holder=None if filed_for else self.owner,
            holder_email=self.applicant_email or ("" if filed_for else self.owner.email),
            holder_name=self.applicant_name or self.describe_applicant(),
            valid_from=self.card_valid_from,
            valid_until=self.card_valid_until,
        )

    @cached_property
    def permit(self):
        """The permit this case issued (None before the approval)."""
        return Permit.objects.for_case(self).first()

    def _fix_submitted_answers(self):
        """Keep as columns what later steps query: who the applicant is, the term, the station."""
        answers = self.flat_answers()
        # The record keeps the names as the card prints them (the tab promised the hyphen goes).
        basic = self.section_answers("basic")
        basic.update(
            surname=english_name(basic.get("surname")),
            given_name=english_name(basic.get("given_name")),
        )
        self.answers = {**self.answers, "basic": basic}
        self.applicant_email = answers.get("email", "")[:254]
        self.term_years = int(answers.get("term_years") or 1)
        station = str(answers.get("pickup_station") or "")
        self.pickup_station_id = int(station) if station.isdigit() else None
        self.save(
            update_fields=[
                "answers",
                "applicant_email",
                "term_years",
                "pickup_station",
                "updated_at",
            ]
        )

    # -- transitions ---------------------------------------------------------------------
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.PAYMENT_DUE,
        conditions=[eligibility_settled],
        permission=permissions.applicant_side,
        custom={"kind": ActionKind.SUBMIT, "label": _("Submit"), "notify": "submitted_unpaid"},
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=State.NIA_INITIAL,
        target=State.WDA_REVIEW,
        permission=permissions.stage_reviewer,
        custom={"kind": ActionKind.ADVANCE, "label": _("Data checked: send to WDA")},
    )
    def send_to_wda(self):
        pass

    @transition(
        field=state,
        source=State.WDA_REVIEW,
        target=State.MOFA_VERIFICATION,
        conditions=[passport_to_verify],
        permission=permissions.stage_reviewer,
        custom={
            "kind": ActionKind.ADVANCE,
            "label": _("Work permit approved: passport verification next"),
            "notify": "passport_verification",
        },
    )
    def approve_work_permit(self):
        pass

    @transition(
        field=state,
        source=State.WDA_REVIEW,
        target=State.NIA_FINAL,
        conditions=[no_passport_to_verify],
        permission=permissions.stage_reviewer,
        custom={
            "kind": ActionKind.ADVANCE,
            "label": _("Work permit approved: to NIA final review"),
        },
    )
    def approve_work_permit_no_verification(self):
        pass

    @transition(
        field=state,
        source=State.MOFA_VERIFICATION,
        target=State.NIA_FINAL,
        permission=permissions.stage_reviewer,
        custom={"kind": ActionKind.ADVANCE, "label": _("Passport verified")},
    )
    def passport_verified(self):
        pass

    # No "approved" notice here: the certificate e-mail that follows (CERTIFICATES) is the
    # approval notice, with the certificate attached; one e-mail, not two.
    @transition(
        field=state,
        source=State.NIA_FINAL,
        target=State.CARD_PRODUCTION,
        permission=permissions.stage_reviewer,
        custom={"kind": ActionKind.ADVANCE, "label": _("Approve: produce the card")},
    )
    def approve(self):
        pass


def card_end(start: datetime.date, years: int) -> datetime.date:
    """The last day of a card valid `years` from `start` (inclusive)."""
    return start + relativedelta(years=years) - datetime.timedelta(days=1)


def holder_cards(user):
    """Issued Gold Cards of `user` (as applicant), newest first."""
    return (
        GoldCardCase.objects.visible_to(user)
        .filter(state=State.ISSUED, card_valid_until__isnull=False)
        .filter(Q(owner=user) | Q(applicant_email__iexact=user.email))
        .order_by("-card_valid_until")
    )
