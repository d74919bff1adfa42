"""The tender outline model and the HTML the tender tab shows."""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("PySide6")

from procure_app import paths
from procure_app.core.library.textblocks import BulletList, Paragraph
from procure_app.core.tender.build import prepare_tender
from procure_app.core.tender.outline import spec_outline
from procure_app.core.tender.spec_document import SpecDocument
from procure_app.ui.tender.tender_html import blocked_html, clause_detail_html, header_html
from procure_app.ui.tender.tender_jobs import example_spec
from procure_app.ui.tender.tender_model import CLAUSE_ID_ROLE, TenderOutlineModel


@pytest.fixture(scope="module")
def prepared():
    # Reading the bundled example writes nothing (only a build writes the lock file).
    prepared = prepare_tender(example_spec(), paths.library_dir(), paths.guidelines_file())
    assert prepared.ok
    return prepared


def _outline(prepared):
    document = SpecDocument.open(example_spec())
    return spec_outline(document.get(("sections",)), prepared.library, prepared.tender)


def test_outline_model_passes_qt_model_tester(qtmodeltester, prepared) -> None:
    tender = prepared.tender
    outline = _outline(prepared)
    model = TenderOutlineModel()
    model.set_outline(outline)
    qtmodeltester.check(model)
    assert model.rowCount() == len(tender.sections) == 9
    first_section = model.index(0, 0)
    assert first_section.data() == f"1 {tender.sections[0].title}"
    assert model.rowCount(first_section) == len(tender.sections[0].clauses)
    clause_index = model.index(1, 0, first_section)
    clause = tender.sections[0].clauses[1]
    assert clause_index.data() == f"1.2 {clause.title}"
    assert clause_index.data(CLAUSE_ID_ROLE) == clause.id
    assert model.clause_at(clause_index).assembled == clause  # worded as the tender words it
    assert model.section_at(first_section).assembled == tender.sections[0]
    assert model.index_of_clause(clause.id) == clause_index
    assert not model.index_of_clause("no-such-clause").isValid()
    model.set_outline(())  # the tester watches the reset too
    assert model.rowCount() == 0
    model.set_outline(outline)
    assert model.rowCount() == 9


def test_custom_clauses_are_marked_in_the_outline(prepared) -> None:
    model = TenderOutlineModel()
    model.set_outline(_outline(prepared))
    index = model.index_of_clause("custom-sensor-siting")
    assert index.siblingAtColumn(2).data() == "custom"


def test_the_outline_follows_the_spec_before_it_assembles(prepared) -> None:
    sections = [
        {"title": "Exit", "clauses": [{"clause": "exit-plan"}, {"clause": "no-such"}, {"custom": {"id": "c1"}}]}
    ]
    outline = spec_outline(sections, prepared.library, None)
    rows = [(c.number, c.title, c.source) for c in outline[0].clauses]
    assert rows[0][:2] == ("1.1", prepared.library.by_id["exit-plan"].title)
    assert rows[1] == ("1.2", "no-such", "not in the library") and rows[2] == ("1.3", "c1", "custom")
    assert spec_outline("not a list", prepared.library) == ()


def test_clause_html_escapes_untrusted_text(prepared) -> None:
    clause = next(prepared.tender.clauses())
    hostile = replace(
        clause,
        title="R&D <b>bold</b>",
        blocks=(Paragraph("a < b & </p><script>x</script>"), BulletList(("<i>item</i>",))),
        verification="Proof & <evidence>",
    )
    html = clause_detail_html(hostile)
    assert "R&amp;D &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<li>&lt;i&gt;item&lt;/i&gt;</li>" in html
    assert "Proof &amp; &lt;evidence&gt;" in html


def test_header_and_blocked_html_escape_values(prepared) -> None:
    spec = replace(prepared.spec, title="<img src=x>", reference="A&B")
    html = header_html(spec, spec.path)
    assert "&lt;img src=x&gt;" in html and "A&amp;B" in html
    assert "Open procedure" in html and "Submission deadline" in html
    assert "has errors: see Checks" in header_html(None, spec.path)
    new = header_html(None, spec.path, saved=False)
    assert "New tender" in new and "Not saved yet" in new and str(spec.path) not in new
    blocked = blocked_html(spec.path, [])
    assert "cannot be built" in blocked
