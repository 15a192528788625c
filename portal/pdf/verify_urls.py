from django.urls import path

from portal.pdf import verify

app_name = "verify"

urlpatterns = [
    path("", verify.verify, name="form"),
    # Any text up to the next slash: the view reads it (a QR code's, or one typed by hand)
    # and answers "not found" for what cannot be a code.
    path("<str:code>/", verify.document, name="document"),
]
