from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencus.core.letter_engine import letter_template_check
from opencus.core.registry import letter_kind_choices


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    TRANSITION = "transition", _("changed state")
    WITHDRAW = "withdraw", _("withdrew")
    DELETE = "delete", _("deleted")
    VIEW_SENSITIVE = "view_sensitive", _("viewed special-category data")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    LOGOUT = "logout", _("logged out")
    OTP_CONFIGURED = "otp_configured", _("set up two-factor authentication")


class Transition(models.Model):
    """The shape of every lifecycle's transition row (application items, entitlements,
    settlements, enrolment rounds, contracts, plans, bookings…): when, who and why. Each
    lifecycle adds its object and its from/to states. Rows are only ever added; the actor is
    kept with ``on_delete=RESTRICT``, so a user who moved a case cannot be removed."""

    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class AuditEvent(models.Model):
    """One row per state change and per read of special-category data (dziennik zdarzeń).

    Append-only: services write it through ``core.audit.audit_record``; nothing edits or deletes
    it. The actor is kept with ``on_delete=PROTECT`` so a user who acted cannot be removed.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"


def validate_letter_template(value: str) -> None:
    """A letter's text must compile in the restricted letter engine (``core.letters``)."""
    letter_template_check(value)


class LetterTemplate(models.Model):
    """The editable text of a letter to a resident (wzór pisma): the service organiser changes
    the wording without a code change. ``subject`` and ``body`` are Django template text,
    rendered by ``core.letters`` in a restricted engine (no tag libraries, autoescape on)."""

    # The kinds are those the apps register (``core.registry.letter_kind``).
    kind = models.CharField(_("kind of letter"), max_length=24, choices=letter_kind_choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    subject = models.CharField(_("subject"), max_length=200, validators=[validate_letter_template])
    body = models.TextField(
        _("text of the letter"),
        validators=[validate_letter_template],
        help_text=_(
            "HTML paragraphs with placeholders such as {{ person.full_name }}, "
            "{{ application.reference }} or {{ reason }}."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_letter_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class ApiToken(models.Model):
    """A key for the JSON API (klucz API): a program calls the API as the user it was issued
    for, with that user's roles, by sending ``Authorization: Bearer <secret>``.

    For the centre's own integrations and, later, providers' systems (a token of a provider's
    staff user sees what that user sees). The secret is shown once, when it is issued
    (``core.tokens.api_token_issue``); only its SHA-256 is stored, so a copy of the database
    cannot be used to call the API. ``key_prefix`` (the secret's first characters) tells the
    keys apart in lists. Revoking keeps the row, so the audit log can always name the key.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. the system that uses it.")
    )
    key_prefix = models.CharField(
        _("key prefix"),
        max_length=8,
        help_text=_("The first characters of the key, to tell keys apart; not a secret."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Authenticator(TOTPDevice):
    """django-otp's TOTP device as the admin shows it: under a Polish name (the library ships
    no Polish and names its models in plain English), read-only, removable to reset a lost
    phone (``core.admin``)."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class BackupCodes(StaticDevice):
    """django-otp's static (backup code) device, as the admin shows it (see ``Authenticator``)."""

    class Meta:
        proxy = True
        verbose_name = _("set of backup codes")
        verbose_name_plural = _("sets of backup codes")


class CalendarFeed(models.Model):
    """A revocable secret address of an iCalendar feed (kanał kalendarza iCalendar): a
    course's sessions, an instructor's or a home-visit worker's week, a place's bookings, in
    any calendar program that subscribes to it.

    ``kind`` names the source an app registered (``core.registry.calendar_source``) and
    ``object_id`` the record it is about. As with API keys, the secret is shown once when the
    feed is issued (``core.calendars.calendar_feed_issue``) and only its SHA-256 is kept;
    revoking keeps the row, so the audit log can always name the feed."""

    kind = models.CharField(_("kind"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    label = models.CharField(_("name"), max_length=200)
    key_prefix = models.CharField(_("key prefix"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.key_prefix}…)"
