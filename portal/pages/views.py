from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import apply, todo
from .models import Announcement


@dataclass(frozen=True)
class Service:
    """A card of the landing page. `url_name` is where the service begins once it is built
    (its menu or first page); None says, on the card, that it is not online yet."""

    title: str | Promise
    summary: str | Promise
    agencies: str | Promise
    url_name: str | None = None


SERVICES = (
    Service(
        _("Employment Gold Card"),
        _(
            "Work permit, resident visa, residence certificate and re-entry permit in one "
            "application; also extension, data change and reissue."
        ),
        _("NIA · WDA · MOFA"),
        "goldcard:services",
    ),
    Service(
        _("One-stop serial for migrant workers"),
        _(
            "Employers renewing, transferring or taking over migrant workers get one serial for "
            "the employment permit and the residence extensions."
        ),
        _("WDA"),
    ),
    Service(
        _("Employment permit"),
        _("The employer's application for the employment permit, filed with the one-stop serial."),
        _("WDA"),
    ),
    Service(
        _("Residence extension for migrant workers"),
        _(
            "One case per worker, quoting the serial; the residence never lapses while the case "
            "is open."
        ),
        _("NIA"),
    ),
    Service(
        _("Student residence certificate"),
        _(
            "First residence certificate for foreign, overseas-Chinese, mainland and Hong Kong or "
            "Macao students, alone or through the school."
        ),
        _("NIA"),
    ),
    Service(
        _("Other-reason residence certificate"),
        _("For Gold Card holders whose card is about to expire and who cannot renew it yet."),
        _("NIA"),
    ),
)


def landing(request):
    announcements = Announcement.objects.visible()[:10]
    services = [
        {"service": service, "url": reverse(service.url_name) if service.url_name else ""}
        for service in SERVICES
    ]
    return render(
        request, "pages/landing.html", {"announcements": announcements, "services": services}
    )


def faq(request):
    return render(request, "pages/faq.html")


@login_required
def home(request):
    return render(
        request,
        "pages/home.html",
        {
            "todo_items": todo.items_for(request.user),
            "start_links": apply.links_for(request.user),
            "announcements": Announcement.objects.visible()[:5],
        },
    )
