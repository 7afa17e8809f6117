"""Polish identifiers: PESEL, NIP, REGON, postcode and TERYT codes (domain.md §6), and the
other values a person's record holds: phone numbers, ISO 3166 country codes, building and flat
numbers, a plausible date of birth.

Checksums come from python-stdnum; the messages are ours, translatable, and say what is wrong
in words a clerk can act on. Each ``validate_*`` is usable as a Django field validator.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
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


def validate_phone(value: str) -> None:
    """A phone number that can be dialled: Polish without a prefix, any other with ``+``
    (Google's libphonenumber metadata through ``phonenumbers``)."""
    try:
        number = phonenumbers.parse(value or "", "PL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "Enter a phone number, for example 533 848 489, or with the country's prefix, "
                "for example +380 67 123 4567."
            ),
            code="phone",
        )


def validate_country_code(value: str) -> None:
    """An ISO 3166-1 alpha-2 country code in capitals (``PL``, ``UA``)."""
    if not re.fullmatch(r"[A-Z]{2}", value or "") or pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _("Enter a two-letter country code (ISO 3166), for example PL or UA."), code="country"
        )


# A building number: digits, a letter perhaps, and a second number of a corner building
# ("12", "12A", "115/117"); a flat: digits and a letter perhaps ("5", "5a").
_BUILDING_NUMBER = re.compile(r"[1-9][0-9]{0,4}[A-Za-z]?(/[1-9][0-9]{0,4}[A-Za-z]?)?")
_FLAT_NUMBER = re.compile(r"[1-9][0-9]{0,4}[A-Za-z]?")


def validate_building_number(value: str) -> None:
    if not _BUILDING_NUMBER.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a building number, for example 12, 12A or 115/117."), code="building_number"
        )


def validate_flat_number(value: str) -> None:
    if not _FLAT_NUMBER.fullmatch(value or ""):
        raise ValidationError(_("Enter a flat number, for example 5 or 5A."), code="flat_number")


#: Nobody registered is older than this.
OLDEST_AGE = 120


def validate_birth_date(value: dt.date) -> None:
    """A date of birth that a living person can have: not in the future, and at most
    ``OLDEST_AGE`` years ago."""
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if value.year < today.year - OLDEST_AGE:
        raise ValidationError(
            _("Check the date of birth: the person would be over %(age)d years old."),
            code="birth_date_implausible",
            params={"age": OLDEST_AGE},
        )
