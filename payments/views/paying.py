"""The payer's pages: the payment list (線上繳費-列表), confirming an order, the order page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payments.forms import ConfirmForm, PayForm, SelectionForm
from payments.models import OrderState, PaymentOrder
from payments.receipts import receipt_key
from payments.selectors import orders_of, payable_cases
from payments.services import OrderError, build_order, cancel_order, start_payment
from portal.pdf.models import IssuedPdf


@login_required
def payment_list(request):
    payable = payable_cases(request.user)
    form = SelectionForm(request.POST or None, payable=payable)
    if request.method == "POST" and form.is_valid():
        chosen = [item for item in payable if item.key in form.cleaned_data["cases"]]
        confirm = ConfirmForm(initial={"cases": form.cleaned_data["cases"]}, payable=payable)
        return _confirm_page(request, confirm, chosen)
    orders = list(orders_of(request.user).prefetch_related("lines")[:20])
    if form.is_bound:
        selected = set(form.data.getlist("cases"))
    else:
        # One application to pay for: ticked already, so that paying is one press away.
        selectable = [item.key for item in payable if item.selectable]
        selected = set(selectable) if len(selectable) == 1 else set()
    return render(
        request,
        "payments/list.html",
        {
            "form": form,
            "payable": payable,
            "selected": selected,
            "open_orders": [o for o in orders if o.state == OrderState.UNPAID],
            "past_orders": [o for o in orders if o.state != OrderState.UNPAID],
        },
    )


def _confirm_page(request, form, chosen):
    return render(
        request,
        "payments/confirm.html",
        {"form": form, "chosen": chosen, "total": sum(item.quote.amount for item in chosen)},
    )


@login_required
@require_POST
def confirm(request):
    payable = payable_cases(request.user)
    form = ConfirmForm(request.POST, payable=payable)
    posted = set(request.POST.getlist("cases"))
    chosen = [item for item in payable if item.key in posted]
    if len(chosen) != len(posted) or not all(item.selectable for item in chosen):
        # Sent twice (a double click, the back button), or something changed meanwhile.
        in_order = next((item.open_order for item in chosen if item.open_order), None)
        if in_order is not None:
            messages.info(request, _("These applications are already in this order."))
            return redirect("payments:order", batch_number=in_order.batch_number)
        messages.error(
            request, _("Those applications cannot be paid for now. Here is the current list.")
        )
        return redirect("payments:list")
    if not form.is_valid():
        return _confirm_page(request, form, chosen)
    chosen = [item for item in payable if item.key in form.cleaned_data["cases"]]
    try:
        order = build_order(
            request.user,
            [item.case for item in chosen],
            organisation=_paying_organisation(request.user, chosen),
        )
    except OrderError as error:
        messages.error(request, str(error))
        return redirect("payments:list")
    if order.is_paid:  # nothing to pay (a free service)
        messages.success(request, _("No fee is due for these applications; they have moved on."))
        return redirect("payments:order", batch_number=order.batch_number)
    return _go_to_gateway(request, order, form.cleaned_data["method"])


def _paying_organisation(user, chosen):
    """An employer's or school's staff pay in its name when all the cases are its own."""
    organisations = {item.case.filer_organisation_id for item in chosen}
    if len(organisations) != 1 or None in organisations:
        return None
    organisation = chosen[0].case.filer_organisation
    return organisation if organisation.memberships.filter(user=user).exists() else None


def _go_to_gateway(request, order, method):
    try:
        redirect_form = start_payment(order, method)
    except OrderError as error:
        messages.error(request, str(error))
        return redirect("payments:order", batch_number=order.batch_number)
    return render(
        request,
        "payments/redirect_form.html",
        {"url": redirect_form.url, "fields": redirect_form.fields, "order": order},
    )


def _order_for(user, batch_number) -> PaymentOrder:
    order = orders_of(user).filter(batch_number=batch_number).first()
    if order is None:
        raise Http404
    return order


@login_required
def order_page(request, batch_number):
    order = _order_for(request.user, batch_number)
    receipt = IssuedPdf.objects.filter(key=receipt_key(order)).first()
    attempt = order.attempts.exclude(store_code="").order_by("-created_at").first()
    return render(
        request,
        "payments/order.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "receipt": receipt,
            "store_attempt": attempt if order.is_unpaid else None,
            "pay_form": PayForm() if order.is_unpaid else None,
        },
    )


@login_required
@require_POST
def pay(request, batch_number):
    order = _order_for(request.user, batch_number)
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you will pay."))
        return redirect("payments:order", batch_number=order.batch_number)
    return _go_to_gateway(request, order, form.cleaned_data["method"])


@login_required
@require_POST
def cancel(request, batch_number):
    order = _order_for(request.user, batch_number)
    try:
        cancel_order(order, request.user)
    except OrderError as error:
        messages.error(request, str(error))
        return redirect("payments:order", batch_number=order.batch_number)
    messages.success(
        request, _("The order has been cancelled. Its applications can be paid for again.")
    )
    return redirect("payments:list")
