"""URLconf of the served benchmarks: the portal's, plus the bare view they compare with.

Only the benchmarks' settings (benchmarks/served_settings.py) use it; the portal's own URLs
stay as they are.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """The baseline: the same server, settings and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
