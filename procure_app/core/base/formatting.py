"""Values written the way a reader of the tender's language expects: money, dates, durations.

Only the languages a tender may be written in are covered (see the tender spec schema). Amounts
are formatted from :class:`~decimal.Decimal`, so what is printed is exactly what was entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["LanguageFormat", "language_format", "format_money", "format_date", "format_number", "format_duration"]


@dataclass(frozen=True)
class LanguageFormat:
    thousands: str
    decimal: str
    currency_first: bool
    months: tuple[str, ...]
    date_pattern: str  # {d} {month} {y}
    units: dict[str, tuple[str, str]]  # unit -> (singular, plural)
    yes_no: tuple[str, str]


_NBSP = "\u00a0"
_NNBSP = "\u202f"

_FORMATS: dict[str, LanguageFormat] = {
    "en": LanguageFormat(
        ",",
        ".",
        True,
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        "{d} {month} {y}",
        {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years")},
        ("yes", "no"),
    ),
    "fr": LanguageFormat(
        _NNBSP,
        ",",
        False,
        (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        "{d} {month} {y}",
        {"day": ("jour", "jours"), "week": ("semaine", "semaines"), "month": ("mois", "mois"), "year": ("an", "ans")},
        ("oui", "non"),
    ),
    "de": LanguageFormat(
        ".",
        ",",
        False,
        (
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        "{d}. {month} {y}",
        {"day": ("Tag", "Tage"), "week": ("Woche", "Wochen"), "month": ("Monat", "Monate"), "year": ("Jahr", "Jahre")},
        ("ja", "nein"),
    ),
    "es": LanguageFormat(
        ".",
        ",",
        False,
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        "{d} de {month} de {y}",
        {"day": ("día", "días"), "week": ("semana", "semanas"), "month": ("mes", "meses"), "year": ("año", "años")},
        ("sí", "no"),
    ),
    "pt": LanguageFormat(
        ".",
        ",",
        False,
        (
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ),
        "{d} de {month} de {y}",
        {"day": ("dia", "dias"), "week": ("semana", "semanas"), "month": ("mês", "meses"), "year": ("ano", "anos")},
        ("sim", "não"),
    ),
}


def language_format(language: str) -> LanguageFormat:
    """The conventions of a language tag such as ``en-GB`` (English when unknown)."""
    return _FORMATS.get(language.split("-", 1)[0].lower(), _FORMATS["en"])


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    return separator.join(parts)


def format_number(value: int | float | Decimal, language: str, *, places: int | None = None) -> str:
    """A number with the language's separators; ``places`` fixes the decimals (half away from zero)."""
    fmt = language_format(language)
    amount = Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = _group(whole, fmt.thousands)
    return f"{sign}{text}{fmt.decimal}{fraction}" if fraction else f"{sign}{text}"


def format_money(amount: int | float | Decimal, currency: str, language: str) -> str:
    """``EUR 25,000`` / ``25 000 EUR``: cents only when the amount has them."""
    fmt = language_format(language)
    value = Decimal(str(amount))
    places = 0 if value == value.to_integral_value() else 2
    number = format_number(value, language, places=places)
    return f"{currency}{_NBSP}{number}" if fmt.currency_first else f"{number}{_NBSP}{currency}"


def format_date(value: date, language: str) -> str:
    """``31 January 2027`` / ``31 janvier 2027`` / ``31. Januar 2027``."""
    fmt = language_format(language)
    day = "1er" if fmt is _FORMATS["fr"] and value.day == 1 else str(value.day)
    return fmt.date_pattern.format(d=day, month=fmt.months[value.month - 1], y=value.year)


def format_duration(count: int, unit: str, language: str) -> str:
    """``36 months`` / ``36 mois``; ``unit`` is day, week, month or year."""
    singular, plural = language_format(language).units[unit]
    return f"{count} {singular if count == 1 else plural}"


def format_boolean(value: bool, language: str) -> str:
    yes, no = language_format(language).yes_no
    return yes if value else no
