"""Signing staff in with their second factor, for tests.

`client.force_login(user)` skips the password; for staff, the tests' client (see
conftest.py) skips the authenticator code the same way, by recording a real, confirmed
TOTP device on the session as the second-factor step does. Tests of the step itself sign
in through the pages, with codes from `code_for`.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_for(user) -> TOTPDevice:
    """The staff member's authenticator, as if they had enrolled it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """What the authenticator app shows now; the next one if the current one was used
    (django-otp accepts each time step once, and one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def verify_second_factor(client: Client, user) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()


class PortalClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.is_staff:
            verify_second_factor(self, user)
