"""A short reference for every request, carried by every log line written while it is
handled and shown on the 500 page, so that what a person reads out to the help desk finds
the log lines of their failure."""

import contextvars
import logging
import secrets

from django.core.signals import request_finished

NO_REQUEST = "-"
_current = contextvars.ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _current.get()


def new_request_id() -> str:
    # 8 hex digits: short enough to read out on the phone, and unique enough among the
    # requests of the hours a help-desk search looks at.
    return secrets.token_hex(4).upper()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id()
        # Kept until the response is finished, not just until this middleware returns:
        # Django logs 4xx and 5xx responses after the whole middleware chain has run.
        _current.set(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def _forget_request_id(**kwargs):
    _current.set(NO_REQUEST)


request_finished.connect(_forget_request_id, dispatch_uid="portal.web.request_ids")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, for the formatter."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
