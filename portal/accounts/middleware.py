from django.utils import translation


class AccountLanguageMiddleware:
    """A signed-in user's stored language wins over the browser and the cookie.

    The public site's cookie only matters before sign-in; once signed in, the choice is the
    account's (which is also what e-mails and PDFs use). This keeps the admin, too,
    independent of whatever cookie the public pages left behind.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
