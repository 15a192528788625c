"""The Gold Card's menu (線上申辦): the services, and the list of Gold Card drafts
(就業金卡暫存-列表) with "new applicant"."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from goldcard.models import GoldCardCase
from goldcard.models.case import holder_cards


@login_required
def services(request):
    drafts = (
        GoldCardCase.objects.visible_to(request.user)
        .drafts()
        .select_related("owner")
        .order_by("-updated_at")
    )
    return render(
        request,
        "goldcard/services.html",
        {"drafts": drafts, "cards": list(holder_cards(request.user))},
    )
