"""E-mails about the account itself. Tasks take IDs and build the signed links when they
run, so nothing secret travels through the broker."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from portal.notify.emails import send_email

from .tokens import email_verification_token, encode_uid

# Retried on SMTP trouble; a duplicate verification or reset mail is harmless (each link
# works on its own), unlike the case notices, which are sent exactly once.
_RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5, "acks_late": True}


@shared_task(**_RETRY)
def send_verification_email(user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, email_verified_at__isnull=True).first()
    if user is None:  # verified meanwhile, or gone: nothing to send
        return
    path = reverse(
        "accounts:verify", args=[encode_uid(user), email_verification_token.make_token(user)]
    )
    send_email(
        "verify_email",
        {"user": user, "link": settings.SITE_URL + path},
        user.language,
        [user.email],
    )


@shared_task(**_RETRY)
def send_password_reset_email(user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        args=[encode_uid(user), default_token_generator.make_token(user)],
    )
    send_email(
        "password_reset",
        {"user": user, "link": settings.SITE_URL + path},
        user.language,
        [user.email],
    )
