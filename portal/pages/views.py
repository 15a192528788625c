from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import todo
from .models import Announcement


def landing(request):
    announcements = Announcement.objects.visible()[:10]
    return render(request, "pages/landing.html", {"announcements": announcements})


def faq(request):
    return render(request, "pages/faq.html")


@login_required
def home(request):
    return render(
        request,
        "pages/home.html",
        {
            "todo_items": todo.items_for(request.user),
            "announcements": Announcement.objects.visible()[:5],
        },
    )
