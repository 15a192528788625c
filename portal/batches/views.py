"""Batch pages: upload a list, see each row with what is wrong beside it, fix a row in place,
submit the batch; the template and the rows with their errors as downloads.

Only the user who uploaded a batch sees it: any other gets a 404, never a hint that it
exists. Every page works without JavaScript; a row is one small form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.batches import columns, files, services
from portal.batches.forms import UploadForm, row_form
from portal.batches.models import Batch, BatchRow
from portal.batches.reading import MAX_ROWS, FileRefused
from portal.cases import registry
from portal.cases.services import ActionError
from portal.web import spreadsheets

KINDS = ("csv", "xlsx")


def _workflow_model(slug, user):
    model = registry.model_for(slug)  # 404 for an unknown slug
    if not model.workflow.batch_columns:
        raise Http404
    if not services.may_file_batches(model.workflow, user):
        raise PermissionDenied
    return model


def _own_batch(request, pk) -> Batch:
    return get_object_or_404(services.batches_of(request.user), pk=pk)


def _batch_url(batch, row=None) -> str:
    url = reverse("batches:detail", args=[batch.pk])
    return f"{url}#row-{row.number}" if row is not None else url


@login_required
@require_GET
def batch_list(request):
    batches = list(services.batches_of(request.user)[:50])
    names = {model.workflow.slug: model.workflow.name for model in registry.models()}
    return render(
        request,
        "batches/list.html",
        {
            "batches": [(batch, names.get(batch.workflow, batch.workflow)) for batch in batches],
            "workflows": [model.workflow for model in services.batch_workflows(request.user)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_batch(request, slug):
    model = _workflow_model(slug, request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = services.create_batch(model, request.user, form.cleaned_data["file"])
            except FileRefused as refused:
                form.add_error("file", refused.message)
            else:
                count = batch.rows.count()
                messages.success(
                    request,
                    _("Your list was read: %(count)s drafts were made, one per row.")
                    % {"count": count},
                )
                return redirect(_batch_url(batch))
        status = 400
    return render(
        request,
        "batches/new.html",
        {
            "form": form,
            "workflow": model.workflow,
            "headers": columns.headers(model.workflow),
            "max_rows": MAX_ROWS,
        },
        status=status,
    )


@login_required
@require_GET
def template_file(request, slug, kind):
    model = _workflow_model(slug, request.user)
    if kind not in KINDS:
        raise Http404
    rows = files.template_rows(model.workflow)
    name = f"{slug}-template-{get_language() or 'en'}.{kind}"
    content = files.as_file(rows, kind, title=str(model.workflow.name))
    return spreadsheets.download(content, name, kind)


@login_required
@require_GET
def batch_detail(request, pk):
    batch = _own_batch(request, pk)
    model = registry.model_for(batch.workflow)
    reports = services.row_reports(batch)
    return _render_detail(request, batch, model, reports)


def _render_detail(request, batch, model, reports, *, posted=None, status=200):
    rows = []
    for report in reports:
        form = None
        if not report.submitted:
            data = posted[1] if posted and posted[0] == report.row.pk else None
            form = row_form(model, report, data)
        rows.append({"report": report, "form": form})
    tally = services.counts(reports)
    return render(
        request,
        "batches/detail.html",
        {
            "batch": batch,
            "workflow": model.workflow,
            "rows": rows,
            "tally": tally,
            "drafts_left": tally["ready"] + tally["needs_fixing"],
        },
        status=status,
    )


@login_required
@require_POST
def fix_row(request, pk, row):
    batch = _own_batch(request, pk)
    batch_row = get_object_or_404(BatchRow, batch=batch, pk=row)
    model = registry.model_for(batch.workflow)
    report = services.row_report(batch_row)
    form = row_form(model, report, request.POST)
    try:
        report, dropped = services.fix_row(batch_row, request.user, form.typed_values())
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(_batch_url(batch, batch_row))
    except PermissionDenied as denied:
        raise Http404 from denied
    if dropped:
        messages.warning(
            request,
            _("These documents no longer fit your answers and were removed: %(names)s.")
            % {"names": ", ".join(str(slot.label) for slot in dropped)},
        )
    if report.ready:
        messages.success(request, _("Row %(row)s saved: it is ready.") % {"row": batch_row.number})
    else:
        messages.warning(
            request,
            _("Row %(row)s saved. It still needs fixing: see the row.") % {"row": batch_row.number},
        )
    return redirect(_batch_url(batch, batch_row))


@login_required
@require_POST
def submit_batch(request, pk):
    batch = _own_batch(request, pk)
    result = services.submit_batch(batch, request.user)
    if result.submitted:
        count = len(result.submitted)
        messages.success(
            request,
            ngettext(
                "Submitted: %(count)s application (row %(rows)s).",
                "Submitted: %(count)s applications (rows %(rows)s).",
                count,
            )
            % {"count": count, "rows": _rows(result.submitted)},
        )
    if result.refused:
        count = len(result.refused)
        messages.error(
            request,
            ngettext(
                "Not submitted: %(count)s application (row %(rows)s). The row says why.",
                "Not submitted: %(count)s applications (rows %(rows)s). Each row says why.",
                count,
            )
            % {"count": count, "rows": _rows(row for row, _note in result.refused)},
        )
    if not result.submitted and not result.refused:
        messages.info(request, _("Every row of this batch was submitted already."))
    return redirect(_batch_url(batch))


def _rows(rows) -> str:
    return pgettext("list separator", ", ").join(str(row.number) for row in rows)


@login_required
@require_GET
def export(request, pk, kind):
    batch = _own_batch(request, pk)
    if kind not in KINDS:
        raise Http404
    model = registry.model_for(batch.workflow)
    rows = files.export_rows(model.workflow, services.row_reports(batch))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = files.as_file(rows, kind, title=_("Batch %(id)s") % {"id": batch.pk})
    return spreadsheets.download(content, f"batch-{batch.pk}-{stamp}.{kind}", kind)
