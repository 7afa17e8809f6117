"""Polish identifiers: PESEL, NIP, REGON, postcode and TERYT codes (domain.md §6).

Checksums come from python-stdnum; the messages are ours, translatable, and say what is wrong
in words a clerk can act on. Each ``validate_*`` is usable as a Django field validator.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
# Month offsets encode the century: 81-92 → 1800s, 01-12 → 1900s, 21-32 → 2000s, …
_PESEL_CENTURIES = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}


@dataclass(frozen=True)
class PeselData:
    birth_date: dt.date
    sex: str  # "F" or "M"


def pesel_decode(value: str) -> PeselData:
    """Validate a PESEL and return the birth date and sex it encodes.

    Raises ``ValidationError`` with code ``pesel_format``, ``pesel_date`` or ``pesel_checksum``.
    """
    if not re.fullmatch(r"[0-9]{11}", value or ""):
        raise ValidationError(_("A PESEL number has exactly 11 digits."), code="pesel_format")
    digits = [int(c) for c in value]
    checksum = (10 - sum(w * d for w, d in zip(PESEL_WEIGHTS, digits, strict=False)) % 10) % 10
    year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
    offset = (month // 20) * 20
    century = _PESEL_CENTURIES.get(offset)
    try:
        if century is None or month - offset < 1:
            raise ValueError
        birth_date = dt.date(century + year, month - offset, day)
    except ValueError:
        raise ValidationError(
            _("This PESEL number does not contain a real date of birth."), code="pesel_date"
        ) from None
    if checksum != digits[10]:
        raise ValidationError(
            _("This PESEL number is not valid: its check digit does not match. Check for a typo."),
            code="pesel_checksum",
        )
    return PeselData(birth_date=birth_date, sex="F" if digits[9] % 2 == 0 else "M")


def validate_pesel(value: str) -> None:
    pesel_decode(value)


def compact_nip(value: str) -> str:
    return stdnum_nip.compact(value or "")


def validate_nip(value: str) -> None:
    compact = compact_nip(value)
    if not re.fullmatch(r"[0-9]{10}", compact):
        raise ValidationError(_("A NIP number has 10 digits."), code="nip_format")
    if not stdnum_nip.is_valid(compact):
        raise ValidationError(
            _("This NIP number is not valid: its check digit does not match."),
            code="nip_checksum",
        )


def validate_regon(value: str) -> None:
    compact = stdnum_regon.compact(value or "")
    if not re.fullmatch(r"[0-9]{9}|[0-9]{14}", compact):
        raise ValidationError(_("A REGON number has 9 or 14 digits."), code="regon_format")
    if not stdnum_regon.is_valid(compact):
        raise ValidationError(
            _("This REGON number is not valid: its check digit does not match."),
            code="regon_checksum",
        )


def validate_krs(value: str) -> None:
    if not re.fullmatch(r"[0-9]{10}", value or ""):
        raise ValidationError(_("A KRS number has 10 digits."), code="krs_format")


POSTCODE_RE = re.compile(r"^[0-9]{2}-[0-9]{3}$")


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a postcode in the form 00-000, for example 27-200."), code="postcode"
        )


_TERC_KINDS = set("1234589")


def validate_terc(value: str) -> None:
    """A TERYT TERC gmina code: WWPPGGR, WW an even voivodeship code 02–32, R the gmina kind."""
    if not re.fullmatch(r"[0-9]{7}", value or ""):
        raise ValidationError(_("A TERYT gmina code (TERC) has 7 digits."), code="terc_format")
    voivodeship = int(value[:2])
    if voivodeship % 2 or not 2 <= voivodeship <= 32 or value[6] not in _TERC_KINDS:
        raise ValidationError(_("This is not a valid TERYT gmina code (TERC)."), code="terc")


def validate_simc(value: str) -> None:
    if not re.fullmatch(r"[0-9]{7}", value or ""):
        raise ValidationError(_("A TERYT locality code (SIMC) has 7 digits."), code="simc")


def validate_ulic(value: str) -> None:
    if not re.fullmatch(r"[0-9]{5}", value or ""):
        raise ValidationError(_("A TERYT street code (ULIC) has 5 digits."), code="ulic")


def pesel_checksum_digit(first_ten: str) -> int:
    """The check digit for the first ten digits of a PESEL (used by factories and the seed)."""
    return (10 - sum(w * int(d) for w, d in zip(PESEL_WEIGHTS, first_ten, strict=True)) % 10) % 10


def pesel_make(birth_date: dt.date, serial: int, sex: str) -> str:
    """Build a valid PESEL for a birth date, a 3-digit serial and a sex (synthetic data only)."""
    offsets = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}
    century = birth_date.year // 100 * 100
    month = birth_date.month + offsets[century]
    sex_digit = (serial % 5) * 2 + (1 if sex == "M" else 0)
    head = (
        f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}{serial % 1000:03d}{sex_digit}"
    )
    return head + str(pesel_checksum_digit(head))
