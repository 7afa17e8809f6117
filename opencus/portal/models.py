"""The portal's own records: attempts to look up an application's status and online filings,
kept only to slow down guessing and flooding (the throttles in ``services.py``).

Neither model stores the visitor's address or what they typed: both keep keyed hashes
(HMAC with the site's secret key, ``keys.py``), and rows older than a day are pruned.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusLookupAttempt(models.Model):
    """One submitted status lookup (sprawdzenie statusu wniosku): when, from which client (a
    keyed hash of the IP address), for which reference (a keyed hash of it) and whether the
    reference and the PESEL or document number matched an application."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    client_key = models.CharField(_("client (keyed hash)"), max_length=64)
    reference_key = models.CharField(_("reference number (keyed hash)"), max_length=64)
    succeeded = models.BooleanField(_("found"), default=False)

    class Meta:
        verbose_name = _("status lookup attempt")
        verbose_name_plural = _("status lookup attempts")
        indexes = [
            models.Index(fields=["client_key", "succeeded", "at"], name="status_client_idx"),
            models.Index(fields=["reference_key", "succeeded", "at"], name="status_reference_idx"),
            models.Index(fields=["at"], name="status_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'found' if self.succeeded else 'not found'}"


class FilingAttempt(models.Model):
    """One online application that reached the registry (whether filed or refused), from a
    client identified by a keyed hash of its IP address."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    client_key = models.CharField(_("client (keyed hash)"), max_length=64)

    class Meta:
        verbose_name = _("online filing attempt")
        verbose_name_plural = _("online filing attempts")
        indexes = [
            models.Index(fields=["client_key", "at"], name="filing_client_idx"),
            models.Index(fields=["at"], name="filing_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
