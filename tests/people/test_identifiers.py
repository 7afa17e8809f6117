"""Polish identifiers (domain.md §6, stack.md §2): PESEL, NIP, REGON, postcode, TERYT codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from opencus.core.identifiers import (
    PeselData,
    pesel_checksum_digit,
    pesel_decode,
    pesel_make,
    validate_krs,
    validate_nip,
    validate_pesel,
    validate_postcode,
    validate_regon,
    validate_simc,
    validate_terc,
    validate_ulic,
)


def error_code(validator: Callable[[str], object], value: str) -> str | None:
    """The code of the ValidationError ``validator`` raises for ``value`` (None if it passes)."""
    try:
        validator(value)
    except ValidationError as error:
        return error.code
    return None


def with_checksum(first_ten: str) -> str:
    """A PESEL whose check digit is right, so only the date part can be wrong."""
    return first_ten + str(pesel_checksum_digit(first_ten))


# --- PESEL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pesel", "birth_date", "sex"),
    [
        ("44051401359", dt.date(1944, 5, 14), "M"),  # domain.md §6
        ("02270803624", dt.date(2002, 7, 8), "F"),  # domain.md §6
        ("44051401458", dt.date(1944, 5, 14), "M"),  # stack.md §2
        ("02070803628", dt.date(1902, 7, 8), "F"),  # stack.md §2: century in the month digits
    ],
)
def test_pesel_examples_decode_to_birth_date_and_sex(pesel, birth_date, sex):
    assert pesel_decode(pesel) == PeselData(birth_date=birth_date, sex=sex)
    validate_pesel(pesel)


@pytest.mark.parametrize(
    ("month_digits", "year"),
    [("85", 1800), ("05", 1900), ("25", 2000), ("45", 2100), ("65", 2200)],
)
def test_pesel_month_digits_encode_the_century(month_digits, year):
    pesel = with_checksum(f"44{month_digits}140135")
    assert pesel_decode(pesel).birth_date == dt.date(year + 44, 5, 14)


def test_pesel_with_wrong_check_digit_is_refused():
    assert error_code(validate_pesel, "44051401459") == "pesel_checksum"


@pytest.mark.parametrize(
    "first_ten",
    [
        "4413140135",  # month 13
        "4400140135",  # month 0
        "4493140135",  # month 13 of the 1800s
        "4420140135",  # month 0 of the 2000s
        "4473140135",  # offset 60 + 13
        "4414140135",  # month 14 is no century
        "4402310135",  # 31 February
        "0002290135",  # 29 February 1900 (not a leap year)
        "4404310135",  # 31 April
        "4405000135",  # day 0
        "4405320135",  # day 32
        "4481000135",  # day 0 of January 1844
    ],
)
def test_pesel_with_impossible_date_is_refused(first_ten):
    assert error_code(validate_pesel, with_checksum(first_ten)) == "pesel_date"


def test_pesel_on_29_february_of_a_leap_year_is_accepted():
    assert pesel_decode(with_checksum("0022290135")).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "4405140135",  # 10 digits
        "440514013599",  # 12 digits
        "4405140135a",
        "44051 01359",
        " 44051401359",
        "44051401359\n",
        "44-05-14-013",
    ],
)
def test_pesel_of_wrong_shape_is_refused_as_format(value):
    assert error_code(validate_pesel, value) == "pesel_format"


@pytest.mark.parametrize(
    "value",
    [
        "４４０５１４０１３５９",  # full-width digits of 44051401359
        "٤٤٠٥١٤٠١٣٥٩",  # Arabic-Indic digits of 44051401359
    ],
)
def test_pesel_in_non_ascii_digits_is_refused(value):
    # Such a value would be stored as it is and slip past the unique constraint on PESEL.
    assert error_code(validate_pesel, value) == "pesel_format"


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_postcode, "２７-２００"),
        (validate_terc, "２６１１０１１"),
        (validate_simc, "０９４５４２０"),
        (validate_ulic, "１５５７０"),
        (validate_krs, "００００１２３４５６"),
        (validate_regon, "١٢٣٤٥٦٧٨٥"),
    ],
)
def test_other_codes_in_non_ascii_digits_are_refused(validator, value):
    assert error_code(validator, value) is not None


@given(
    birth_date=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2299, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    sex=st.sampled_from(["F", "M"]),
)
@example(birth_date=dt.date(1800, 1, 1), serial=0, sex="F")
@example(birth_date=dt.date(2299, 12, 31), serial=999, sex="M")
def test_pesel_make_round_trips_through_decode(birth_date, serial, sex):
    pesel = pesel_make(birth_date, serial, sex)
    assert len(pesel) == 11
    assert pesel.isascii()
    assert pesel.isdigit()
    assert pesel_decode(pesel) == PeselData(birth_date=birth_date, sex=sex)


@given(
    birth_date=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2299, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    sex=st.sampled_from(["F", "M"]),
    position=st.integers(min_value=0, max_value=10),
    shift=st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_of_a_pesel_is_detected(birth_date, serial, sex, position, shift):
    pesel = pesel_make(birth_date, serial, sex)
    digit = str((int(pesel[position]) + shift) % 10)
    typo = pesel[:position] + digit + pesel[position + 1 :]
    # The weights 1, 3, 7, 9 are coprime with 10, so one changed digit always changes the
    # weighted sum modulo 10: the typo never decodes, let alone to other data.
    with pytest.raises(ValidationError) as raised:
        pesel_decode(typo)
    assert raised.value.code in {"pesel_date", "pesel_checksum"}


@given(st.from_regex(r"[0-9]{11}", fullmatch=True))
def test_any_eleven_ascii_digits_decode_or_raise_validation_error(value):
    try:
        data = pesel_decode(value)
    except ValidationError as error:
        assert error.code in {"pesel_date", "pesel_checksum"}
    else:
        assert data.sex in {"F", "M"}
        assert dt.date(1800, 1, 1) <= data.birth_date <= dt.date(2299, 12, 31)
        assert pesel_make(data.birth_date, int(value[6:9]), data.sex)[:6] == value[:6]


@given(st.text(max_size=14))
def test_any_text_decodes_or_raises_validation_error(value):
    try:
        pesel_decode(value)
    except ValidationError as error:
        assert error.code in {"pesel_format", "pesel_date", "pesel_checksum"}


# --- NIP --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["1234563218", "8567346215", "856-734-62-15", "PL 8567346215", "PL8567346215", "123-456-32-18"],
)
def test_valid_nip_is_accepted(value):
    assert error_code(validate_nip, value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("8567346216", "nip_checksum"),
        ("1234563219", "nip_checksum"),
        ("856734621", "nip_format"),
        ("85673462150", "nip_format"),
        ("85673462AB", "nip_format"),
        ("", "nip_format"),
    ],
)
def test_invalid_nip_is_refused(value, code):
    assert error_code(validate_nip, value) == code


# --- REGON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["123456785", "192598184", "12345678512347"])
def test_valid_regon_is_accepted(value):
    assert error_code(validate_regon, value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("192598183", "regon_checksum"),
        ("123456786", "regon_checksum"),
        ("12345678512348", "regon_checksum"),  # 14 digits, last check digit wrong
        ("12345678612347", "regon_checksum"),  # 14 digits whose first nine are not valid
        ("1234567851", "regon_format"),  # 10 digits
        ("12345678", "regon_format"),
        ("12345678A", "regon_format"),
        ("", "regon_format"),
    ],
)
def test_invalid_regon_is_refused(value, code):
    assert error_code(validate_regon, value) == code


# --- KRS --------------------------------------------------------------------------------------


def test_krs_has_ten_digits():
    assert error_code(validate_krs, "0000123456") is None
    assert error_code(validate_krs, "123456") == "krs_format"
    assert error_code(validate_krs, "000012345X") == "krs_format"


# --- Postcode ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["27-200", "00-001", "99-999"])
def test_postcode_in_the_form_00_000_is_accepted(value):
    assert error_code(validate_postcode, value) is None


@pytest.mark.parametrize(
    "value", ["27200", "27 200", "27-20", "272-00", "27-2000", "2a-200", "", "27-200\n", " 27-200"]
)
def test_postcode_of_another_shape_is_refused(value):
    assert error_code(validate_postcode, value) == "postcode"


# --- TERYT: TERC, SIMC, ULIC -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2611011",  # Starachowice, urban gmina
        "0201011",  # lowest voivodeship code
        "3201012",  # highest voivodeship code, rural
        "1465088",  # a Warsaw district
        "2611013",
        "2611014",
        "2611015",
        "1261019",  # a city delegation
    ],
)
def test_valid_terc_is_accepted(value):
    assert error_code(validate_terc, value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2511011", "terc"),  # odd voivodeship code
        ("0011011", "terc"),  # 00 is no voivodeship
        ("3411011", "terc"),  # above 32
        ("2611010", "terc"),  # kind digit 0
        ("2611016", "terc"),  # kind digits 6 and 7 do not exist
        ("2611017", "terc"),
        ("261101", "terc_format"),
        ("26110111", "terc_format"),
        ("26-1101", "terc_format"),
        ("", "terc_format"),
    ],
)
def test_invalid_terc_is_refused(value, code):
    assert error_code(validate_terc, value) == code


def test_simc_is_seven_digits():
    assert error_code(validate_simc, "0945420") is None
    for value in ("094542", "09454201", "094542A", ""):
        assert error_code(validate_simc, value) == "simc"


def test_ulic_is_five_digits():
    assert error_code(validate_ulic, "15570") is None
    for value in ("1557", "155700", "1557A", ""):
        assert error_code(validate_ulic, value) == "ulic"
