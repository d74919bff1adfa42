"""CPV codes (the EU's Common Procurement Vocabulary, Regulation (EC) No 213/2008).

A CPV code is eight digits and a check digit, ``72000000-5``. The check digits of the published
list do not all follow one computation, so a code is checked against the list itself, which ships
in ``resources/cpv/`` with its labels in the languages a spec may be written in.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import cache

__all__ = ["CpvCode", "cpv_codes", "cpv_label", "cpv_problem", "search_cpv"]

_CODE = re.compile(r"^([0-9]{8})-([0-9])$")
LANGUAGES = ("en", "fr", "es", "de", "pt")


@dataclass(frozen=True)
class CpvCode:
    code: str  # "72000000-5"
    labels: dict[str, str]  # by language: "en", "fr", "es", "de", "pt"

    def label(self, language: str = "en") -> str:
        return self.labels.get(language.split("-")[0].lower()) or self.labels["en"]


@cache
def cpv_codes() -> dict[str, CpvCode]:
    """Every code of the CPV 2008 list, by its eight digits."""
    from ...paths import resources_dir

    raw = gzip.decompress((resources_dir() / "cpv" / "cpv-2008.tsv.gz").read_bytes()).decode("utf-8")
    rows = csv.reader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows)
    codes = {}
    for row in rows:
        record = dict(zip(header, row, strict=True))
        code = record.pop("code")
        codes[code[:8]] = CpvCode(code, record)
    return codes


def cpv_label(code: str, language: str = "en") -> str | None:
    """What the code stands for in ``language`` (English when the list has no such language)."""
    found = cpv_codes().get(code[:8])
    return found.label(language) if found is not None and found.code == code else None


def cpv_problem(code: str) -> str | None:
    """Why ``code`` (written ``12345678-9``) is not a code of the list, or None when it is."""
    match = _CODE.match(code)
    if match is None:
        return f"'{code}' is not written as a CPV code (eight digits, a hyphen and a check digit)"
    found = cpv_codes().get(match.group(1))
    if found is None:
        return f"'{code}' is not in the CPV 2008 list; choose the code from the list"
    if found.code != code:
        return (
            f"CPV code '{code}' has a wrong check digit (the digit after the hyphen): "
            f"the code is '{found.code}' ({found.label()})"
        )
    return None


def search_cpv(text: str, language: str = "en", limit: int = 50) -> list[CpvCode]:
    """The codes whose digits start with ``text``, or whose label holds every word of it."""
    wanted = text.strip().lower()
    if not wanted:
        return []
    digits = wanted.replace("-", "")
    if digits.isdigit():
        return [code for key, code in cpv_codes().items() if (key + code.code[-1]).startswith(digits)][:limit]
    words = wanted.split()
    found = []
    for code in cpv_codes().values():
        label = code.label(language).lower()
        if all(word in label for word in words):
            found.append(code)
            if len(found) == limit:
                break
    return found
