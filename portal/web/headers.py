"""Headers every dynamic response carries.

- `Cache-Control: no-store, private` unless the view chose otherwise: pages of this site
  show personal data (a draft's passport number, a case, orders, downloads, the account,
  the reviewers' pages) and must never be kept by a shared cache or the browser's history
  cache. One default for every page, so that a new page cannot forget it. Static files are
  served before this middleware (WhiteNoise) and keep their long-lived caching.
- `Permissions-Policy`: the site uses no camera, microphone, location, payment API or the
  like; saying so stops an injected frame or script from asking for them.
- `X-Session-Remaining` for a signed-in user: the seconds until the idle sign-out, after
  this request counted as activity. The page's own background requests (autosave, uploads)
  hand it to the countdown, which would otherwise keep counting down while the person types.
"""

from django.utils.cache import patch_cache_control

from portal.accounts.session import remaining_seconds

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["X-Session-Remaining"] = str(remaining_seconds(request))
        return response
