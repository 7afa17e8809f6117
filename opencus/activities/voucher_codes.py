"""Voucher codes: short enough to type from paper, hard to guess, with a check character.

A code is ten characters drawn with ``secrets`` from an alphabet without the look-alikes (no
0/O, 1/I/L): 31 characters, so about 49 bits, plus one check character, the weighted sum of
the others modulo 31. As 31 is prime and the weights 1…10 are distinct, every single wrong
character and every swap of two neighbours changes the check: a mistyped code is told apart
from a code nobody was given. Printed in groups of four: ``K7QF-M2XH-9RC``.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY = 10
LENGTH = BODY + 1
_VALUES = {char: index for index, char in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    total = sum(weight * _VALUES[char] for weight, char in enumerate(body, start=1))
    return ALPHABET[total % len(ALPHABET)]


def code_new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return body + check_character(body)


def code_normalise(typed: str) -> str:
    """The code as stored: capitals, without the spaces and dashes people type."""
    return "".join(char for char in typed.upper() if char not in " -\t")


def code_is_well_formed(code: str) -> bool:
    """Does the (normalised) code have the right length, alphabet and check character?"""
    if len(code) != LENGTH or any(char not in _VALUES for char in code):
        return False
    return check_character(code[:BODY]) == code[BODY]
