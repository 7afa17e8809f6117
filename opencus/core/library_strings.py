"""Messages of the libraries we use that ship without Polish (or Ukrainian): listed here so that
``makemessages`` puts them in our catalogues, which Django reads before the libraries' own
(LOCALE_PATHS come first). Only libraries that translate their texts through gettext can be
helped this way; django-otp names its models in plain strings, so the admin shows them through
proxies (``core.models.Authenticator``).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

#: django-axes 8.3 (the login lockouts in the admin): what its Polish catalogue lacks.
AXES = (
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
)
