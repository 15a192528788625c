"""The site's URLs plus one view that fails, for the 500 page's tests."""

from django.urls import path

from portal.urls import handler500  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError('could not store {"passport_number": "X1234567"} for maria@example.com')


urlpatterns = [path("failing/", failing_view), *site_urlpatterns]
