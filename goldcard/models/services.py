"""The Gold Card's other services (線上申辦 2-5): extension, data change, reissue, and change
of the passport-verification (pickup) location. One case model with the service as a column:
they share the card they concern, one NIA review and the same moves; which tabs, documents,
fee and ending apply follows from the service."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMField, transition

from goldcard import rules
from goldcard.models.case import GoldCardCase, card_end
from goldcard.models.choices import PERMIT_KIND, GoldCardFee, Service
from goldcard.models.services_apply import apply_change
from goldcard.rules import FILER_ROLES, TERMS
from goldcard.workflow import FILE_RULES, PHOTO_RULES
from portal.cases import permissions, registry
from portal.cases.models import CaseBase
from portal.cases.moves import shared_moves
from portal.cases.workflow import (
    ActionKind,
    DocumentSlot,
    Fee,
    Section,
    SharedMoves,
    Stage,
    Workflow,
)
from portal.permits.services import ServiceNotOpen, check_service_open, extend, service_terms

FORMS = "goldcard.forms.services."


class ServiceState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PAYMENT_DUE = "payment_due", _("Submitted, awaiting payment")
    NIA_REVIEW = "nia_review", _("NIA review")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    CARD_PRODUCTION = "card_production", _("Card production")
    READY = "ready_for_pickup", _("Ready for pickup")
    ISSUED = "issued", _("Card issued")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _service_is(*services):
    return lambda answers: answers.get("service") in services


def _changes(*items):
    return lambda answers: bool(set(answers.get("changes") or []) & set(items))


class ExtensionNotOpen(Exception):
    """The card may not be extended today; the message says why and what to do."""


def extension_window(card, today=None) -> tuple[datetime.date, datetime.date]:
    """The days on which `card` may be extended, from the extension's terms (data: seed 004
    says the 4 months before it ends)."""
    terms = service_terms(PERMIT_KIND, Service.EXTENSION)
    return terms.window(card.permit)


def check_extension_allowed(card, today=None) -> None:
    today = today or timezone.localdate()
    try:
        check_service_open(card.permit, service_terms(PERMIT_KIND, Service.EXTENSION), today)
    except ServiceNotOpen as closed:
        if closed.expired:
            raise ExtensionNotOpen(
                _("This card expired on %(date)s: apply for a new Gold Card instead.")
                % {"date": date_format(card.permit.valid_until)}
            ) from None
        raise ExtensionNotOpen(
            _(
                "A card can be extended only in the 4 months before it ends: from %(date)s "
                "for this card."
            )
            % {"date": date_format(closed.opens)}
        ) from None


def owes_fee(case) -> bool:
    # From the fee the service's terms named when the draft was made, never by pricing: a
    # transition condition runs whenever actions are listed, and pricing raises until the
    # term is chosen. (Spec payments-and-review: a data change and a pickup change are free.)
    return bool(case.fee_service)


def owes_nothing(case) -> bool:
    return not owes_fee(case)


def extension_open(case) -> bool:
    if case.service != Service.EXTENSION:
        return True
    if case.card.permit is None:
        return False
    try:
        check_extension_allowed(case.card)
    except ExtensionNotOpen:
        return False
    return True


def makes_card(case) -> bool:
    return case.prints_new_card


def changes_record(case) -> bool:
    return not case.prints_new_card


WORKFLOW = Workflow(
    code="56",
    slug="goldcard-service",
    # Not "Gold Card service": next to "Employment Gold Card" in a list, that read alike.
    name=_("Gold Card extension, change or reissue"),
    stages=(
        Stage(ServiceState.NIA_REVIEW, "NIA", _("NIA review"), target_days=5),
        Stage(
            ServiceState.CARD_PRODUCTION, "NIA", _("Card production"), review=False, target_days=5
        ),
        Stage(ServiceState.READY, "NIA", _("Ready for pickup"), review=False),
    ),
    sections=(
        Section(
            "extension",
            _("Extension"),
            FORMS + "ExtensionForm",
            applies=_service_is(Service.EXTENSION),
        ),
        Section(
            "data_change",
            _("Data change"),
            FORMS + "DataChangeForm",
            applies=_service_is(Service.DATA_CHANGE),
            intro=_(
                "Report a new address within 30 days of moving. Changes of "
                "address and passport number are free of charge."
            ),
        ),
        Section(
            "reissue", _("Reissue"), FORMS + "ReissueForm", applies=_service_is(Service.REISSUE)
        ),
        Section(
            "pickup_change",
            _("New location"),
            FORMS + "PickupChangeForm",
            applies=_service_is(Service.PICKUP_CHANGE),
        ),
    ),
    # Started from the Gold Card's menu, where the card concerned is chosen.
    start_url="goldcard:services",
    filer_roles=FILER_ROLES,
    document_slots=(
        DocumentSlot(
            "photo",
            _("Photo"),
            PHOTO_RULES,
            applies=_service_is(Service.EXTENSION, Service.REISSUE),
        ),
        DocumentSlot(
            "passport_copy",
            _("Passport data page"),
            FILE_RULES,
            applies=_service_is(Service.EXTENSION, Service.REISSUE, Service.DATA_CHANGE),
            required_when=lambda a: (
                a.get("service") != Service.DATA_CHANGE or "passport" in (a.get("changes") or [])
            ),
        ),
        DocumentSlot(
            "criterion_proof",
            _("Proof that you still meet the criterion"),
            FILE_RULES,
            applies=_service_is(Service.EXTENSION),
        ),
        DocumentSlot(
            "address_proof",
            _("Proof of the new address (lease or ownership)"),
            FILE_RULES,
            applies=_changes("address"),
        ),
        DocumentSlot(
            "change_proof",
            _("Proof of the change"),
            FILE_RULES,
            applies=_changes("phone", "email"),
            required=False,
        ),
    ),
    moves=SharedMoves.of(
        ServiceState, withdraw_from=(ServiceState.PAYMENT_DUE,), paid=ServiceState.NIA_REVIEW
    ),
    fees=Fee.of(GoldCardFee.EXTENSION, GoldCardFee.DATA_CHANGE, GoldCardFee.REISSUE),
)


@registry.register
class GoldCardService(shared_moves(WORKFLOW), CaseBase):
    state = FSMField(
        _("state"), default=ServiceState.DRAFT, choices=ServiceState.choices, protected=True
    )

    workflow = WORKFLOW

    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    card = models.ForeignKey(
        GoldCardCase,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("Gold Card concerned"),
    )
    permit = models.ForeignKey(
        "permits.Permit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("permit concerned"),
    )
    # The fee the service's terms named when the draft was made (a GoldCardFee code; empty:
    # free), so that the fee does not change under a draft when the terms do.
    fee_service = models.CharField(_("fee"), max_length=40, blank=True, editable=False)
    new_valid_from = models.DateField(_("new validity from"), null=True, blank=True)
    new_valid_until = models.DateField(_("new validity until"), null=True, blank=True)

    class Meta(CaseBase.Meta):
        verbose_name = _("Gold Card service application")
        verbose_name_plural = _("Gold Card service applications")

    def save(self, *args, **kwargs):
        if self._state.adding and self.card_id:
            # A service of the card's permit, on the terms that hold today.
            self.permit = self.permit or self.card.permit
            terms = service_terms(PERMIT_KIND, self.service)
            self.fee_service = terms.fee_service if terms else ""
        super().save(*args, **kwargs)

    def flat_answers(self) -> dict:
        return {**super().flat_answers(), "service": self.service}

    def describe_applicant(self):
        return self.card.applicant_name if self.card_id else ""

    def watchlist_person(self):
        return self.card.watchlist_person() if self.card_id else None

    @property
    def term_years(self) -> int | None:
        value = str(self.section_answers("extension").get("term_years") or "")
        return int(value) if value.isdigit() else None

    def payment_quote(self):
        from payments.pricing import Applicant, nationality_by_code, price

        answers = self.card.flat_answers()
        applicant = Applicant(nationality=nationality_by_code(answers.get("nationality", "")))
        service = GoldCardFee(self.fee_service or GoldCardFee.DATA_CHANGE)
        term = self.term_years if service == GoldCardFee.EXTENSION else None
        return price(service, applicant=applicant, term_years=term)

    def fee_quotes(self) -> dict:
        """{term: Quote or None} of an extension for this card's holder, shown where the
        term is chosen."""
        from payments.pricing import Applicant, PricingError, nationality_by_code, price

        nationality = nationality_by_code(self.card.flat_answers().get("nationality", ""))
        quotes = {}
        for term in TERMS:
            try:
                quotes[term] = price(
                    GoldCardFee.EXTENSION,
                    applicant=Applicant(nationality=nationality),
                    term_years=term,
                )
            except PricingError:
                quotes[term] = None
        return quotes

    def fee_amount(self) -> int:
        if not self.fee_service:
            return 0
        return self.payment_quote().amount

    @property
    def prints_new_card(self) -> bool:
        changes = self.section_answers("data_change").get("changes")
        return rules.prints_new_card(self.service, changes)

    def days_move_reported_late(self) -> int:
        """Days beyond the 30 allowed between the move and its report (the submission, or
        today for a draft)."""
        if self.service != Service.DATA_CHANGE:
            return 0
        reported = timezone.localdate(self.submitted_at) if self.submitted_at else None
        return rules.days_move_reported_late(
            self.section_answers("data_change"), reported or timezone.localdate()
        )

    def attention(self) -> list[str]:
        late = self.days_move_reported_late()
        if not late:
            return []
        return [
            ngettext(
                "The move is reported %(days)d day later than the 30 days allowed. The "
                "report is accepted.",
                "The move is reported %(days)d days later than the 30 days allowed. The "
                "report is accepted.",
                late,
            )
            % {"days": late}
        ]

    def after_transition(self, event):
        if event.to_state == ServiceState.READY and self.service == Service.EXTENSION:
            self._extend_card()
        # A data change takes effect when approved, whether or not it prints a new card.
        if event.to_state == ServiceState.COMPLETED or (
            event.to_state == ServiceState.CARD_PRODUCTION and self.service == Service.DATA_CHANGE
        ):
            self._apply_changes()

    def _extend_card(self):
        card = GoldCardCase.objects.select_for_update().get(pk=self.card_id)
        self.new_valid_from = card.card_valid_until + datetime.timedelta(days=1)
        self.new_valid_until = card_end(self.new_valid_from, self.term_years or 1)
        self.save(update_fields=["new_valid_from", "new_valid_until", "updated_at"])
        card.card_valid_until = self.new_valid_until
        card.save(update_fields=["card_valid_until", "updated_at"])
        extend(card.permit, self.new_valid_until)

    def _apply_changes(self):
        """Carry the approved change into the card's record."""
        apply_change(self)

    # -- transitions ---------------------------------------------------------------------
    @transition(
        field=state,
        source=ServiceState.DRAFT,
        target=ServiceState.PAYMENT_DUE,
        conditions=[owes_fee, extension_open],
        permission=permissions.applicant_side,
        custom={"kind": ActionKind.SUBMIT, "label": _("Submit"), "notify": "submitted_unpaid"},
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=ServiceState.DRAFT,
        target=ServiceState.NIA_REVIEW,
        conditions=[owes_nothing],
        permission=permissions.applicant_side,
        custom={"kind": ActionKind.SUBMIT, "label": _("Submit"), "notify": "submitted"},
    )
    def submit_free(self):
        pass

    @transition(
        field=state,
        source=ServiceState.NIA_REVIEW,
        target=ServiceState.CARD_PRODUCTION,
        conditions=[makes_card],
        permission=permissions.stage_reviewer,
        custom={"kind": ActionKind.ADVANCE, "label": _("Approve: produce the card"),
                "notify": "approved"},
    )  # fmt: skip
    def approve(self):
        pass

    @transition(
        field=state,
        source=ServiceState.NIA_REVIEW,
        target=ServiceState.COMPLETED,
        conditions=[changes_record],
        permission=permissions.stage_reviewer,
        custom={"kind": ActionKind.ADVANCE, "label": _("Approve the change"),
                "notify": "approved"},
    )  # fmt: skip
    def approve_change(self):
        pass
