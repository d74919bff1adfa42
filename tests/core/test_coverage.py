"""The guidelines coverage matrix and the drafting lint (T201-T209) of an assembled tender."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from procure_app import paths
from procure_app.core.base.diagnostics import Diagnostic, Severity
from procure_app.core.library.checked import load_checked_library
from procure_app.core.library.clauses import ClauseLibrary
from procure_app.core.library.guidelines import Action, GuidelinesModel, Pillar, Principle, load_guidelines
from procure_app.core.library.pinning import Lock
from procure_app.core.tender.assembly import AssembledTender, assemble
from procure_app.core.tender.coverage import BrandName, Coverage, coverage_matrix, lint_tender, load_brand_names
from procure_app.core.tender.spec import load_spec

AWARD = "- clause: lcc-lifecycle-cost-award"


@pytest.fixture(scope="module")
def library() -> ClauseLibrary:
    loaded, _ = load_checked_library(paths.library_dir(), paths.guidelines_file())
    return loaded


@pytest.fixture(scope="module")
def guidelines() -> GuidelinesModel:
    model, problems = load_guidelines(paths.guidelines_file())
    assert model is not None, problems
    return model


def _spec_text(
    clauses: str,
    *,
    scope: str = "services",
    public: bool = False,
    description: str | None = None,
    language: str = "en-GB",
    award: bool = True,
) -> str:
    entries = "\n".join([*textwrap.dedent(clauses).strip().splitlines(), *([AWARD] if award else [])])
    body = textwrap.indent(entries, " " * 6)
    about = f"  description: |\n{textwrap.indent(description, ' ' * 4)}\n" if description else ""
    return (
        "tender:\n"
        "  title: Test tender\n"
        '  reference: "T-1"\n'
        f"{about}"
        f"  language: {language}\n"
        "  procedure: open\n"
        "  main_category: services\n"
        f"  scope: [{scope}]\n"
        f"  public_facing: {str(public).lower()}\n"
        '  dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}\n'
        "buyer: {name: City}\n"
        "sections:\n"
        "  - title: Clauses\n"
        "    clauses:\n"
        f"{body}\n"
    )


def _tender(tmp_path: Path, library: ClauseLibrary, text: str, lock: Lock | None = None) -> AssembledTender:
    path = tmp_path / "tender.yaml"
    path.write_text(text, encoding="utf-8")
    spec, problems = load_spec(path)
    assert spec is not None, [p.format() for p in problems]
    tender, problems = assemble(spec, library, lock)
    assert tender is not None, [p.format() for p in problems]
    return tender


def _line(text: str, fragment: str) -> int:
    """The 1-based line of the first line of ``text`` containing ``fragment``."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def _lint(
    tmp_path: Path, library: ClauseLibrary, text: str, rule: str, *, with_library: bool = True
) -> list[Diagnostic]:
    tender = _tender(tmp_path, library, text)
    found = lint_tender(tender, library if with_library else None)
    assert all(d.severity is Severity.WARNING for d in found)
    return [d for d in found if d.rule == rule]


def _custom(text: str, kind: str = "specification") -> str:
    return (
        f"- custom: {{id: custom-x, title: Custom clause, kind: {kind}, text: {json.dumps(text, ensure_ascii=False)}}}"
    )


# --- T201-T203, T209: what the scope calls for ---------------------------------------------------


def test_t201_software_without_exit_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: interop-open-apis", scope="services, software")
    [warning] = _lint(tmp_path, library, text, "T201")
    assert warning.line == _line(text, "scope:")
    assert "lock-in" in warning.message and "add exit-plan and exit-data-export" in warning.message


def test_t201_disappears_with_an_exit_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: interop-open-apis\n- clause: exit-fair-termination", scope="services, software")
    assert _lint(tmp_path, library, text, "T201") == []


def test_t201_without_a_library_still_names_clauses(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: interop-open-apis", scope="software")
    [warning] = _lint(tmp_path, library, text, "T201", with_library=False)
    assert "add exit-plan and exit-data-export" in warning.message


def test_t202_public_facing_without_accessibility(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: interop-open-apis", public=True)
    [warning] = _lint(tmp_path, library, text, "T202")
    assert warning.line == _line(text, "public_facing:")
    assert "add a11y-en-301-549" in warning.message


def test_t202_disappears_with_an_accessibility_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: a11y-en-301-549", public=True)
    assert _lint(tmp_path, library, text, "T202") == []
    assert _lint(tmp_path, library, _spec_text("- clause: interop-open-apis"), "T202") == []


def test_t203_goods_without_green_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: sec-iot-baseline", scope="goods")
    [warning] = _lint(tmp_path, library, text, "T203")
    assert warning.line == _line(text, "scope:")
    assert "add green-hardware-energy and green-take-back-ewaste" in warning.message


def test_t203_disappears_with_a_green_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: sec-iot-baseline\n- clause: green-hardware-energy", scope="goods")
    assert _lint(tmp_path, library, text, "T203") == []


def test_t209_no_award_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: exit-fair-termination", award=False)
    [warning] = _lint(tmp_path, library, text, "T209")
    assert warning.line == _line(text, "- title: Clauses")
    assert "add lcc-lifecycle-cost-award" in warning.message


def test_t209_disappears_with_any_award_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    assert _lint(tmp_path, library, _spec_text("- clause: exit-fair-termination"), "T209") == []
    custom_award = _spec_text(_custom("Price counts for 100 points.", kind="award"), award=False)
    assert _lint(tmp_path, library, custom_award, "T209") == []


# --- T205, T206, T208: the clauses' status and pins ----------------------------------------------


def test_t205_draft_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: exit-fair-termination\n- clause: exit-escrow")
    [warning] = _lint(tmp_path, library, text, "T205")
    assert warning.line == _line(text, "clause: exit-escrow")
    assert "1.2 exit-escrow is a draft" in warning.message
    assert _lint(tmp_path, library, _spec_text("- clause: exit-fair-termination"), "T205") == []


def test_t206_deprecated_clause_names_its_replacement(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: oss-source-code-deposit")
    [warning] = _lint(tmp_path, library, text, "T206")
    assert warning.line == _line(text, "clause: oss-source-code-deposit")
    assert "replace it with oss-repository-handover" in warning.message
    assert _lint(tmp_path, library, _spec_text("- clause: oss-repository-handover"), "T206") == []


def test_t207_is_left_to_assembly(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: exit-fair-termination") + "  - title: Empty\n    clauses: []\n"
    path = tmp_path / "tender.yaml"
    path.write_text(text, encoding="utf-8")
    spec, _ = load_spec(path)
    assert spec is not None
    tender, problems = assemble(spec, library)
    assert tender is not None and [p.rule for p in problems] == ["T207"]
    assert [d for d in lint_tender(tender, library) if d.rule == "T207"] == []


def _pinned(library: ClauseLibrary, **changes: Any) -> Lock:
    lock = Lock(library.id, library.version)
    clause = library.get("exit-fair-termination")
    assert clause is not None
    lock.clauses["exit-fair-termination"] = dataclasses.replace(clause, **changes)
    return lock


def test_t208_the_library_has_a_newer_version(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: exit-fair-termination")
    tender = _tender(tmp_path, library, text, _pinned(library, version="0.9"))
    [warning] = [d for d in lint_tender(tender, library) if d.rule == "T208"]
    assert warning.line == _line(text, "clause: exit-fair-termination")
    assert "the library has version 1.0 of clause exit-fair-termination" in warning.message
    assert "--update-pins" in warning.message
    assert [d for d in lint_tender(tender, None) if d.rule == "T208"] == []


def test_t208_same_version_changed_content(tmp_path: Path, library: ClauseLibrary) -> None:
    clause = library.get("exit-fair-termination")
    assert clause is not None
    lock = _pinned(library, guidance=clause.guidance + " Edited.")
    tender = _tender(tmp_path, library, _spec_text("- clause: exit-fair-termination"), lock)
    [warning] = [d for d in lint_tender(tender, library) if d.rule == "T208"]
    assert "a changed version 1.0" in warning.message


def test_t208_disappears_when_pins_match(tmp_path: Path, library: ClauseLibrary) -> None:
    tender = _tender(tmp_path, library, _spec_text("- clause: exit-fair-termination"), _pinned(library))
    assert [d for d in lint_tender(tender, library) if d.rule == "T208"] == []


# --- T204: brand names ---------------------------------------------------------------------------


def test_t204_brand_in_custom_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text("- clause: exit-fair-termination\n" + _custom("The switches shall be Cisco Catalyst."))
    [warning] = _lint(tmp_path, library, text, "T204")
    assert warning.line == _line(text, "- custom:")
    assert "clause 1.2 custom-x names Cisco" in warning.message
    assert "add 'or equivalent' after Cisco" in warning.message


def test_t204_disappears_with_or_equivalent(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text(_custom("The switches shall be Cisco Catalyst or equivalent."))
    assert _lint(tmp_path, library, text, "T204") == []


def test_t204_brand_in_description(tmp_path: Path, library: ClauseLibrary) -> None:
    description = "We buy a platform hosted on\nMicrosoft Azure.\n\nIt replaces the SAP system or equivalent.\n"
    text = _spec_text("- clause: exit-fair-termination", description=description)
    [warning] = _lint(tmp_path, library, text, "T204")
    assert warning.line == _line(text, "description:")
    assert warning.message.startswith("the tender description names Microsoft Azure")
    assert "add 'or equivalent' after Microsoft Azure" in warning.message


def test_t204_brand_from_a_library_clause_value(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text(
        """
        - clause: interop-open-standards
          values:
            standards_annex: "Annex 3 (Oracle Database schemas)"
        """
    )
    [warning] = _lint(tmp_path, library, text, "T204")
    assert warning.line == _line(text, "clause: interop-open-standards")
    assert "add 'or equivalent' after Oracle Database" in warning.message
    assert "value 'standards_annex'" in warning.message


def test_t204_in_the_tender_language(tmp_path: Path, library: ClauseLibrary) -> None:
    flagged = _spec_text(_custom("Les capteurs Libelium seront fournis."), language="fr")
    [warning] = _lint(tmp_path, library, flagged, "T204")
    assert "add 'ou équivalent' after Libelium" in warning.message
    accepted = _spec_text(_custom("Les capteurs Libelium ou équivalent seront fournis."), language="fr")
    assert _lint(tmp_path, library, accepted, "T204") == []


def test_t204_one_warning_per_brand_and_clause(tmp_path: Path, library: ClauseLibrary) -> None:
    text = _spec_text(_custom("Use Cisco. Cisco again. And Huawei."))
    assert sorted(w.message.split(" names ")[1].split()[0] for w in _lint(tmp_path, library, text, "T204")) == [
        "Cisco",
        "Huawei",
    ]


@pytest.mark.parametrize(
    ("text", "brands"),
    [
        ("Saplings and pineapples shall be planted.", []),
        ("The cabinet shall have no windows, doors or vents.", []),
        ("Windows shall be double-glazed.", []),
        ("Devices shall run Windows 11.", ["Windows"]),
        ("Devices shall run Windows 11 or equivalent.", []),
        ("Connect to SAP or an equivalent ERP.", []),
        ("Connect to SAP. Or equivalent systems in a later phase.", ["SAP"]),
        ("Cisco and Huawei switches or equivalent.", []),
        ("Cisco switches or equivalent, running Windows 11.", ["Windows"]),
        ("Hosting on Microsoft Azure and Amazon Web Services.", ["Amazon Web Services", "Microsoft Azure"]),
        ("Hosting on e.g. AWS or equivalent.", []),
        ("A LoRaWAN network of gateways.", []),
        ("A LoRa gateway.", ["LoRa"]),
        ("SIGFOX modules.", ["Sigfox"]),
        ("Data shall be delivered in Excel format.", ["Excel"]),
        ("Maps based on ArcGIS 10.9 or equivalent.", []),
        ("Non-Microsoft tools.", ["Microsoft"]),
        ("Bullets:\n\n- Cisco switches\n- Huawei routers or equivalent", ["Cisco"]),
    ],
)
def test_brand_matching(tmp_path: Path, library: ClauseLibrary, text: str, brands: list[str]) -> None:
    tender = _tender(tmp_path, library, _spec_text(_custom(text)))
    found = [d.message for d in lint_tender(tender, library) if d.rule == "T204"]
    assert sorted(m.split(" names ")[1].split(" without ")[0] for m in found) == brands


def test_brand_note_is_in_the_message(tmp_path: Path, library: ClauseLibrary) -> None:
    [warning] = _lint(tmp_path, library, _spec_text(_custom("A LoRa gateway.")), "T204")
    assert "LoRaWAN specification is open" in warning.message


def test_a_given_brand_list_replaces_the_bundled_one(tmp_path: Path, library: ClauseLibrary) -> None:
    tender = _tender(tmp_path, library, _spec_text(_custom("Cisco and Acme sensors.")))
    found = [d for d in lint_tender(tender, library, brands=[BrandName("Acme")]) if d.rule == "T204"]
    assert [d.message.split(" names ")[1].split()[0] for d in found] == ["Acme"]


def test_bundled_brand_list_loads() -> None:
    brands, problems = load_brand_names()
    assert problems == ()
    names = {brand.name for brand in brands}
    assert {"Microsoft", "SAP", "LoRa", "Esri", "Libelium"} <= names
    assert len(names) == len(brands)


def test_broken_brand_list_reports_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "brands.yaml"
    path.write_text("brands:\n  - nmae: Acme\n", encoding="utf-8")
    brands, problems = load_brand_names(path)
    assert brands == () and "S002" in [p.rule for p in problems]


def test_the_example_tender_has_no_warnings(library: ClauseLibrary) -> None:
    example = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"
    if not example.exists():
        pytest.skip("no example tender")
    spec, _ = load_spec(example)
    assert spec is not None
    tender, _ = assemble(spec, library)
    assert tender is not None
    assert [d.format() for d in lint_tender(tender, library)] == []


# --- coverage ------------------------------------------------------------------------------------


def _rows(coverage: Coverage) -> dict[str, tuple[str, ...]]:
    return {row.ref: row.clauses for row in coverage.rows}


def test_a_clause_citing_a_principle_fills_its_row(
    tmp_path: Path, library: ClauseLibrary, guidelines: GuidelinesModel
) -> None:
    tender = _tender(tmp_path, library, _spec_text("- clause: exit-fair-termination\n" + _custom("Plain text.")))
    coverage = coverage_matrix(tender, guidelines)
    rows = _rows(coverage)
    assert rows["2.2.4/P3"] == ("1.1 exit-fair-termination",)
    assert rows["2.2.4/P2"] == ("1.3 lcc-lifecycle-cost-award",)
    assert rows["2.2.4/A2.3"] == ("1.3 lcc-lifecycle-cost-award",)
    assert not any("custom-x" in label for row in coverage.rows for label in row.clauses)
    [row] = [row for row in coverage.rows if row.ref == "2.2.4/P3"]
    assert (row.level, row.pillar, row.covered) == ("principle", "2.2.4", True)
    assert row.title == " ".join(guidelines.describe("2.2.4/P3").split(": ", 1)[1].split())


def test_rows_are_every_principle_and_the_actions_of_224(
    tmp_path: Path, library: ClauseLibrary, guidelines: GuidelinesModel
) -> None:
    coverage = coverage_matrix(_tender(tmp_path, library, _spec_text("- clause: exit-fair-termination")), guidelines)
    pillar = guidelines.pillar("2.2.4")
    assert pillar is not None
    principles = [p.ref for pl in guidelines.pillars for p in pl.principles]
    actions = [row.ref for row in coverage.rows if row.level == "action"]
    assert actions == [a.ref for a in pillar.actions]
    assert [row.ref for row in coverage.rows if row.level == "principle"] == principles
    assert coverage.total == len(principles) + len(pillar.actions)
    assert coverage.covered == len({"2.2.4/P3", "2.2.4/P4", "2.2.4/P2", "2.2.4/P1", "2.2.4/A2.3", "2.1.2/P3"})
    summary = {s.pillar: (s.covered, s.total) for s in coverage.by_pillar()}
    assert summary["2.2.4"] == (5, 5 + len(pillar.actions))
    assert summary["2.1.1"] == (0, 6)
    assert sum(c for c, _ in summary.values()) == coverage.covered
    assert len(coverage.gaps) == coverage.total - coverage.covered


def test_pillar_references_and_other_pillars_actions_make_no_rows(tmp_path: Path, library: ClauseLibrary) -> None:
    model = GuidelinesModel(
        "Guidelines",
        "UN-Habitat",
        "",
        (
            Pillar("2.2.1", "Governance", "enabling", "s", (Principle("2.2.1/P4", "Open\n  oversight"),), ()),
            Pillar(
                "2.2.2",
                "Infrastructure",
                "enabling",
                "s",
                (Principle("2.2.2/P1", "Open standards"),),
                (Action("2.2.2/A1.1", "local", "Not a row"),),
            ),
            Pillar("2.2.4", "Budgeting", "enabling", "s", (), (Action("2.2.4/A2.6", "local", "Challenges"),)),
        ),
    )
    # ai-bias-testing cites the pillar 2.2.1 only; perf-outcome-payment cites 2.2.4/A2.6.
    text = _spec_text("- clause: ai-bias-testing\n- clause: perf-outcome-payment")
    coverage = coverage_matrix(_tender(tmp_path, library, text), model)
    assert [(row.ref, row.clauses) for row in coverage.rows] == [
        ("2.2.1/P4", ()),
        ("2.2.2/P1", ()),
        ("2.2.4/A2.6", ("1.2 perf-outcome-payment",)),
    ]
    assert coverage.rows[0].title == "Open oversight"
    assert (coverage.covered, coverage.total) == (1, 3)
    assert [(s.pillar, s.title, s.covered, s.total) for s in coverage.by_pillar()] == [
        ("2.2.1", "Governance", 0, 1),
        ("2.2.2", "Infrastructure", 0, 1),
        ("2.2.4", "Budgeting", 1, 1),
    ]
