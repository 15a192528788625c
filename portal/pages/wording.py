"""Django's own messages that the portal words in its own way.

The portal's catalogue (locale/, LOCALE_PATHS) is read after Django's and wins over it, so a
msgid of Django's translated there reads so on every form of the portal, the admin's
included, set once for all of them; English keeps Django's words. Marking the msgids here
keeps their entries in the catalogue when makemessages runs (it drops what no source file
mentions)."""

from django.utils.translation import gettext_noop

PORTAL_WORDING = (
    # Every form's "required" error: Django's stock Chinese, 「這個欄位是必須的。」, reads as
    # a machine translation; the portal says 「此欄位為必填。」.
    gettext_noop("This field is required."),
)
