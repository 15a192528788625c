"""Starting one of the Gold Card's other services: choose the card it concerns; the rules
that decide whether the service is open for that card are checked here and again on submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from goldcard.models import GoldCardCase, GoldCardService, Service
from goldcard.models.case import holder_cards
from goldcard.models.services import ExtensionNotOpen, check_extension_allowed, extension_window
from portal.cases.views.drafts import resume_url


def cards_for(user, service):
    if service == Service.PICKUP_CHANGE:
        return list(
            GoldCardCase.objects.visible_to(user)
            # while the card is still on its way: an agency holds the case or awaits a reply
            .filter(state__in=GoldCardCase.workflow.held_states)
            .order_by("-submitted_at")
        )
    return list(holder_cards(user))


def _card_rows(cards, service):
    rows = []
    for card in cards:
        problem = ""
        if service == Service.EXTENSION:
            try:
                check_extension_allowed(card)
            except ExtensionNotOpen as error:
                problem = str(error)
        rows.append(
            {
                "card": card,
                "problem": problem,
                "window": extension_window(card) if service == Service.EXTENSION else None,
            }
        )
    return rows


@login_required
def service_start(request, service):
    if service not in Service.values:
        raise Http404
    service = Service(service)
    cards = cards_for(request.user, service)
    rows = _card_rows(cards, service)
    if request.method == "POST":
        chosen = next((r for r in rows if str(r["card"].pk) == request.POST.get("card")), None)
        if chosen is None:
            messages.error(request, _choose_message())
        elif chosen["problem"]:
            messages.error(request, chosen["problem"])
        else:
            case = _new_service_case(request.user, chosen["card"], service)
            return redirect(resume_url(case))
    return render(
        request,
        "goldcard/service_start.html",
        {"service": service, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )


def _choose_message():
    from django.utils.translation import gettext

    return gettext("Choose the card this application is about.")


def _new_service_case(user, card, service):
    case = GoldCardService(
        owner=user,
        language=user.language,
        service=service,
        card=card,
        filer=card.filer if card.filer_id and card.filer_id != user.pk else None,
        filer_organisation=card.filer_organisation,
        applicant_name=card.applicant_name,
        applicant_email=card.applicant_email,
    )
    case.save()
    return case
