"""The shared export guard against CSV/formula injection (opencus.core.exports)."""

from __future__ import annotations

import csv
import io

import pytest

from opencus.core.exports import csv_cell, csv_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+48 600 100 200", "'+48 600 100 200"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Anna Nowak", "Anna Nowak"),
        ("a=b", "a=b"),
        (12, "12"),
        (None, ""),
    ],
)
def test_a_csv_cell_starting_with_a_formula_character_gets_a_quote(value, expected):
    assert csv_cell(value) == expected


def test_csv_text_guards_every_cell_and_reads_back():
    text = csv_text([["name", "note"], ['=HYPERLINK("http://x")', "ok; fine"]])
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["name", "note"], ['\'=HYPERLINK("http://x")', "ok; fine"]]
