"""Voiding a line of a submitted case's repeating section (`portal.cases.lines`): the audit
row written by `record_event("line_voided")` is the record of it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portal.cases.lines import (
    LINE_VOIDED,
    LineError,
    find_line,
    may_void,
    voidable,
    voids,
)
from portal.cases.models import CaseEvent
from portal.cases.services import record_event


def void_line(case, user, section_code: str, line_id: str, reason: str) -> CaseEvent:
    """Void one line of a submitted case: the audit row, on the timeline, is the record.
    Raises PermissionDenied when `user` may not, LineError when it cannot be done now."""
    section = case.workflow.section(section_code)
    if section is None or section.lines is None:
        raise LineError(_("This line does not exist."))
    if not may_void(case, user):
        raise PermissionDenied("not a party to the case nor its reviewer")
    reason = (reason or "").strip()
    if not reason:
        raise LineError(_("Give the reason for voiding this line; it goes on the record."))
    with transaction.atomic():
        # The case row is locked first, so that two voids of one line cannot both pass the
        # check below (record_event takes the same lock again).
        type(case).objects.select_for_update().only("pk").get(pk=case.pk)
        case.refresh_from_db(fields=["state", "number", "answers"])
        if not voidable(case, section):
            raise LineError(_("Lines of this application cannot be voided now."))
        found = find_line(case, section, line_id)
        if found is None:
            raise LineError(_("This line does not exist."))
        if (section.code, line_id) in voids(case):
            raise LineError(_("This line was already voided."))
        number, _line = found
        return record_event(
            case,
            user,
            LINE_VOIDED,
            reason=reason,
            # The line's label is built when shown, in the reader's language.
            data={"section": section.code, "line": line_id, "number": number},
        )
