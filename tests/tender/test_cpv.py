"""CPV codes: codes of the list pass, a mistyped digit is caught at its line and the right code named."""

from __future__ import annotations

from pathlib import Path

import pytest

from procure_app.core.tender.cpv import cpv_codes, cpv_label, cpv_problem, search_cpv
from procure_app.core.tender.spec import load_spec_text

# Codes as the CPV 2008 list prints them; 03300000-2 and 51000000-9 do not follow the weighted sum
# most check digits follow, so only the list can tell.
PUBLISHED = ["72000000-5", "48000000-8", "30200000-1", "72222300-0", "03300000-2", "51000000-9"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_codes_of_the_list_pass(code: str) -> None:
    assert cpv_problem(code) is None


def test_the_list_is_complete_with_its_labels() -> None:
    codes = cpv_codes()
    assert len(codes) == 9454  # the CPV 2008 main vocabulary
    assert cpv_label("48000000-8") == "Software package and information systems"
    assert cpv_label("48000000-8", "fr-CA") == "Logiciels et systèmes d'information"
    assert cpv_label("48000000-8", "it") == "Software package and information systems"  # not shipped: English
    assert cpv_label("48000000-3") is None


def test_a_wrong_code_says_what_is_wrong() -> None:
    assert "the code is '72000000-5' (IT services" in (cpv_problem("72000000-4") or "")
    assert "not in the CPV 2008 list" in (cpv_problem("72000001-5") or "")
    assert "not written as a CPV code" in (cpv_problem("7200000-5") or "")


def test_codes_are_found_by_digits_or_words() -> None:
    assert [code.code for code in search_cpv("4800")][:1] == ["48000000-8"]
    found = search_cpv("air quality", limit=200)
    assert found and all("air" in code.label().lower() and "quality" in code.label().lower() for code in found)
    assert search_cpv("   ") == []


def test_the_spec_check_reports_the_code_at_its_line(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "resources/examples/urban-data-platform.tender.yaml").read_text("utf-8")
    text = text.replace('"48000000-8"', '"48000000-3"')
    spec, problems = load_spec_text(text, tmp_path / "t.tender.yaml")
    assert spec is None
    [problem] = problems
    assert problem.rule == "T117" and "'48000000-8'" in problem.message
    assert "48000000-3" in text.splitlines()[problem.line - 1]
