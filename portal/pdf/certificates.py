"""Certificates a workflow declares (`Workflow.certificates`): the engine issues each when
its move is made, e-mails it once and makes it verifiable.

The move's transaction only queues the work (after the commit): rendering is slow and must
not hold the reviewer's request, and a PDF must never describe a move that was rolled back.
The task (`portal.pdf.tasks.issue_certificate_task`) takes IDs, renders under the case's
language with both languages printed, and mails it through the one send-once path every
issued PDF shares (`portal.pdf.delivery`) to the case's contacts, each in their own language.
"""

from django.utils.translation import override

from portal.cases.models import CaseEvent
from portal.notify.messages import case_url
from portal.pdf.delivery import send_once
from portal.pdf.issuing import issue_pdf, languages_for
from portal.pdf.models import IssuedKind, IssuedPdf


def certificate_key(case, certificate) -> str:
    return f"certificate:{type(case)._meta.label_lower}:{case.pk}:{certificate.code}"


def was_moved(case, certificate) -> bool:
    """The move that issues `certificate` has been made (and committed) on `case`."""
    return CaseEvent.objects.for_case(case).filter(action=certificate.on).exists()


def issue_certificate(case, certificate) -> IssuedPdf:
    """The certificate's PDF, issued now if it was not before."""
    with override(case.language):
        title = certificate.title_for(case)
    return issue_pdf(
        key=certificate_key(case, certificate),
        kind=IssuedKind.CERTIFICATE,
        document=certificate.code,
        title=title,
        template_name=certificate.template,
        context={"languages": languages_for(case.language), **certificate.context_function(case)},
        language=case.language,
        reference=case.number or "",
        owner=case.owner,
        organisation=case.filer_organisation,
        case=case,
        holder_name=case.applicant_name or case.describe_applicant(),
        valid_from=getattr(case, certificate.valid_from) if certificate.valid_from else None,
        valid_until=getattr(case, certificate.valid_until) if certificate.valid_until else None,
    )


def send_certificate(case, certificate, issued: IssuedPdf) -> str:
    """E-mail it once to each of the case's contacts, in their own language."""
    return send_once(
        issued,
        case.contacts(),
        email=certificate.email,
        context={"case": case, "certificate": certificate, "case_url": case_url(case)},
    )
