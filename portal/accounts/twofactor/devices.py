"""Each staff member's second factor: one confirmed TOTP device (the authenticator app) and
one static device holding the unused recovery codes. django-otp stores and verifies them,
throttles wrong codes per device (the wait doubles after each failure) and refuses a TOTP
code that was already used."""

import base64
from dataclasses import dataclass
from datetime import datetime

import segno
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_CODES_NAME = "recovery codes"


def required_for(user) -> bool:
    """Who must sign in with a second factor: everyone who can reach the admin."""
    return bool(user.is_staff)


def is_verified(user) -> bool:
    """Whether this request's session passed the second factor (set by django-otp's
    middleware; absent on requests that did not go through it)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_enrolment(user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so that
    reloading the page does not invalidate what the phone already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_enrolment(device: TOTPDevice, code: str) -> list[str] | None:
    """With a correct code from the new authenticator, it replaces any earlier one and a
    fresh set of recovery codes is made; returns the codes (shown once), or None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(_digits(code)):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replaces the recovery codes: the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@dataclass(frozen=True)
class Check:
    device: TOTPDevice | StaticDevice | None = None  # the device that accepted the code
    wait_until: datetime | None = None  # set when wrong codes were entered too quickly

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def check_code(user, code: str) -> Check:
    """A code from the authenticator (digits) or a recovery code (letters and digits)."""
    digits = _digits(code)
    device = authenticator(user)
    if device is not None and digits.isdigit() and len(digits) == device.digits:
        token = digits
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        token = "".join(code.split()).replace("-", "").lower()
    if device is None:
        return Check()
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Check(wait_until=(details or {}).get("locked_until"))
    # verify_token reloads the device under a row lock: two requests with the same code
    # cannot both pass.
    return Check(device=verify_token(user, device.persistent_id, token))


def clear_throttles(user) -> None:
    """After the owner proved control of the address (password reset): whoever made the
    wrong attempts, the owner may try again at once."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, drawn here: no script, no outside service (the
    page's CSP allows data: images only)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def _digits(code: str) -> str:
    return "".join(code.split()).replace("-", "")
