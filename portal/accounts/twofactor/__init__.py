"""Staff sign in with a second factor (ADR 0011): a TOTP authenticator app, with single-use
recovery codes for when the phone is not at hand. Built on django-otp's devices."""
