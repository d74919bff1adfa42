"""Money, dates and durations as readers of each language expect them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procure_app.core.base.formatting import format_date, format_duration, format_money, format_number


@pytest.mark.parametrize(
    ("language", "money", "day", "duration"),
    [
        ("en-GB", "EUR\u00a01,250,000", "1 February 2027", "36 months"),
        ("fr", "1\u202f250\u202f000\u00a0EUR", "1er février 2027", "36 mois"),
        ("de", "1.250.000\u00a0EUR", "1. Februar 2027", "36 Monate"),
        ("es", "1.250.000\u00a0EUR", "1 de febrero de 2027", "36 meses"),
    ],
)
def test_language_conventions(language: str, money: str, day: str, duration: str) -> None:
    assert format_money(1_250_000, "EUR", language) == money
    assert format_date(date(2027, 2, 1), language) == day
    assert format_duration(36, "month", language) == duration


def test_cents_only_when_there_are_cents_and_rounding_is_half_up() -> None:
    assert format_money(Decimal("2500.5"), "EUR", "en") == "EUR\u00a02,500.50"
    assert format_number(Decimal("2.345"), "en", places=2) == "2.35"
    assert format_number(Decimal("-2.345"), "en", places=2) == "-2.35"
    assert format_duration(1, "year", "en") == "1 year"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_numbers_read_back_to_the_same_value(value: Decimal) -> None:
    text = format_number(value, "en", places=2)
    assert Decimal(text.replace(",", "")) == value
