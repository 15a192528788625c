"""Read queries of the engine: each runs a fixed number of SQL queries, whatever the rows."""

from django.db.models import OuterRef, Subquery

from portal.cases import registry
from portal.cases.models import CaseEvent, SupplementRequest


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


def with_open_supplement_deadline(queryset):
    """Annotate `supplement_deadline`: the deadline of the open supplement request, if any."""
    open_requests = SupplementRequest.objects.filter(
        case_type_id=_content_type_id(queryset.model),
        case_id=OuterRef("pk"),
        answered_at__isnull=True,
        closed_at__isnull=True,
    ).order_by("-requested_at")
    return queryset.annotate(supplement_deadline=Subquery(open_requests.values("deadline")[:1]))


def cases_visible_to(user):
    """Every case of every workflow `user` may see, newest first: one query per workflow."""
    cases = []
    for model in registry.models():
        queryset = with_open_supplement_deadline(
            model.objects.visible_to(user).select_related("owner", "filer_organisation")
        )
        cases.extend(queryset)
    return sorted(cases, key=lambda case: case.updated_at, reverse=True)


def timeline(case):
    """The case's performed actions, oldest first, with who acted."""
    return list(CaseEvent.objects.for_case(case).select_related("actor").order_by("at", "id"))


def supplements(case):
    return list(
        SupplementRequest.objects.for_case(case)
        .select_related("requested_by")
        .prefetch_related("items")
        .order_by("-requested_at")
    )


def issued_pdfs(case):
    """The certificates and receipts listed on this case's page (whatever their issuer linked
    to it: `portal.pdf.issuing.issue_pdf(cases=...)`), newest first, in one query."""
    from portal.pdf.models import IssuedPdf

    return list(IssuedPdf.objects.listed_for(case).order_by("-created_at"))
