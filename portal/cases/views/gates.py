"""The steps before a draft's tabs (`Workflow.gates`), served once for every workflow.

A gate's form follows this protocol:
- `Form(data, *, stored, case, user)`: `stored` are the answers already given at this gate,
  `case` is the draft (None at the first gate, before the draft exists);
- `answers_to_store()` -> dict kept under the gate's code once valid;
- `warnings()` -> notes shown once the answers are kept (the form is still valid);
- `page_context()` -> extra context for the gate's template.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from portal.cases import registry, starting
from portal.cases.access import case_for_party
from portal.cases.views.drafts import resume_url


@login_required
def start(request, slug):
    """The first gate, before any draft exists."""
    model = registry.model_for(slug)
    if not model.workflow.gates:
        raise Http404
    return _gate_page(request, model, model.workflow.gates[0], None)


@login_required
def gate(request, slug, pk, code):
    case = case_for_party(request.user, slug, pk)
    found = next((g for g in case.workflow.gates if g.code == code), None)
    if found is None or not case.is_draft:
        raise Http404
    return _gate_page(request, type(case), found, case)


def _gate_page(request, model, gate, case):
    workflow = model.workflow
    if not starting.may_start(workflow, request.user):
        # A role that cannot file this: say who may, instead of a dead end.
        template = workflow.cannot_start_template or "cases/cannot_start.html"
        return render(request, template, {"workflow": workflow}, status=403)
    stored = case.section_answers(gate.code) if case else {}
    form = gate.form_class(request.POST or None, stored=stored, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        if case is None:
            case = starting.new_draft(model, request.user)
        case.answers = {**case.answers, gate.code: form.answers_to_store()}
        case.save(update_fields=["answers", "updated_at"])
        for note in form.warnings():
            messages.warning(request, note)
        return redirect(resume_url(case))
    return render(
        request,
        gate.template,
        {"form": form, "case": case, "workflow": workflow, "gate": gate, **form.page_context()},
        status=400 if form.is_bound and form.errors else 200,
    )
