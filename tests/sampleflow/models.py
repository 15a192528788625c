"""The engine's test workflow: two agencies, supplements, withdrawal, payment and pickup."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from portal.cases import permissions, registry
from portal.cases.models import CaseBase
from portal.cases.moves import shared_moves
from portal.cases.uploads import KIND_JPEG, KIND_PNG, UploadRules
from portal.cases.workflow import (
    ActionKind,
    BatchColumn,
    DocumentSlot,
    Lines,
    Section,
    SharedMoves,
    Stage,
    Workflow,
)

from .forms import FamilyMemberForm, PersonForm, StayForm


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    NIA_REVIEW = "nia_review", "NIA review"
    WDA_REVIEW = "wda_review", "WDA review"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Supplement requested"
    PAYMENT_DUE = "payment_due", "Payment due"
    CARD_PRODUCTION = "card_production", "Card production"
    READY = "ready", "Ready for pickup"
    ISSUED = "issued", "Issued"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


ALL_RULES = UploadRules(max_bytes=512 * 1024)
PHOTO_RULES = UploadRules(max_bytes=512 * 1024, kinds=frozenset({KIND_JPEG, KIND_PNG}), photo=True)


REVIEWING = (State.NIA_REVIEW, State.WDA_REVIEW)
WITHDRAWABLE = (*REVIEWING, State.SUPPLEMENT_REQUESTED, State.PAYMENT_DUE)


def studies(answers):
    return answers.get("studies") == "yes"


WORKFLOW = Workflow(
    code="99",
    slug="sample",
    name="Sample permit",
    stages=(
        Stage(State.NIA_REVIEW, "NIA", "NIA review", target_days=5),
        Stage(State.WDA_REVIEW, "WDA", "WDA review", target_days=10),
        Stage(State.CARD_PRODUCTION, "NIA", "Card production", review=False),
        Stage(State.READY, "NIA", "Pickup", review=False),
    ),
    sections=(
        Section("person", "Person", PersonForm),
        Section("stay", "Stay", StayForm),
        # A repeating section: a list of lines, each voidable with a reason once submitted.
        Section(
            "family",
            "Family members",
            FamilyMemberForm,
            lines=Lines("Family member", "Add a family member", 0, 5, void_states=REVIEWING),
        ),
    ),
    document_slots=(
        DocumentSlot("photo", "Photo", PHOTO_RULES),
        DocumentSlot("passport", "Passport", ALL_RULES),
        DocumentSlot("enrolment", "Enrolment proof", ALL_RULES, required_when=studies),
        DocumentSlot("other", "Other", ALL_RULES, required=False),
    ),
    moves=SharedMoves.of(State, withdraw_from=WITHDRAWABLE, paid=State.CARD_PRODUCTION),
    # Filing many at once (portal.batches): one draft per row of a CSV or XLSX file.
    batch_columns=(
        BatchColumn("person", "surname", _("Surname (as in the passport)"), "NGUYEN"),
        BatchColumn("person", "given_name", _("Given name (as in the passport)"), "Van An"),
        BatchColumn("person", "date_of_birth", _("Date of birth"), "1990-05-17"),
        BatchColumn("person", "nationality", _("Nationality"), "VN"),
        BatchColumn("person", "passport_number", _("Passport number"), "C1234567"),
        BatchColumn("stay", "address", _("Address in Taiwan"), "台北市中正區重慶南路一段122號"),
        BatchColumn("stay", "studies", "Studying?", "no"),
        BatchColumn("stay", "school", "School"),
    ),
)


@registry.register
class SampleCase(shared_moves(WORKFLOW), CaseBase):
    state = FSMField("state", default=State.DRAFT, choices=State.choices, protected=True)

    workflow = WORKFLOW

    # Stands for the term a reviewer grants; the fee depends on it.
    term_years = models.PositiveSmallIntegerField(default=3)

    def payment_quote(self):
        from payments.pricing import Applicant, nationality_by_code, price

        nationality = nationality_by_code(self.section_answers("person").get("nationality", ""))
        return price(
            "goldcard_new",  # priced like a Gold Card: the engine's tests need amounts
            applicant=Applicant(nationality=nationality),
            term_years=self.term_years,
        )

    def describe_applicant(self):
        person = self.section_answers("person")
        return " ".join(filter(None, [person.get("surname", ""), person.get("given_name", "")]))

    @transition(field=state, source=State.DRAFT, target=State.NIA_REVIEW,
                permission=permissions.applicant_side,
                custom={"kind": ActionKind.SUBMIT, "label": "Submit",
                        "notify": "submitted"})  # fmt: skip
    def submit(self):
        pass

    @transition(field=state, source=State.NIA_REVIEW, target=State.WDA_REVIEW,
                permission=permissions.stage_reviewer,
                custom={"kind": ActionKind.ADVANCE, "label": "Send to WDA"})  # fmt: skip
    def send_to_wda(self):
        pass

    @transition(field=state, source=State.WDA_REVIEW, target=State.PAYMENT_DUE,
                permission=permissions.stage_reviewer,
                custom={"kind": ActionKind.ADVANCE, "label": "Approve",
                        "notify": "approved"})  # fmt: skip
    def approve(self):
        pass

    def watchlist_person(self):
        from portal.watchlist.matching import PersonKeys

        person = self.section_answers("person")
        return PersonKeys(
            surname=person.get("surname", ""),
            given_name=person.get("given_name", ""),
            nationality_code=person.get("nationality", ""),
            document_numbers=tuple(filter(None, [person.get("passport_number", "")])),
        )
