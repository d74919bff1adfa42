"""The tender document as a reader and as Word see it."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from procure_app.core.base.atomic import WriteError
from procure_app.core.tender.docx import render_tender, template_path, tender_context, write_tender

from ..office import pdf_text

HOSTILE = 'A & B <c> "d" </w:t><w:t>x {{ 7*7 }} {% if %}\x01\x0b'


def _document(data: bytes, tmp_path: Path) -> docx.Document:
    path = tmp_path / "tender.docx"
    path.write_bytes(data)
    return docx.Document(str(path))


def _xml(data: bytes, member: str = "word/document.xml") -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        return archive.read(member).decode("utf-8")


def test_headings_are_real_heading_styles_in_order_with_numbers(build, tmp_path: Path) -> None:
    tender, _ = build()
    document = _document(render_tender(tender), tmp_path)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == [("Heading 1", "About this tender"), ("Heading 2", "Key dates")]
    assert headings[-2:] == [
        ("Heading 1", "Annex A. Verification requirements"),
        ("Heading 1", "Annex C. Clause sources"),
    ]
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), "no skipped level"
    assert headings[1:-2] == [
        ("Heading 2", "Key dates"),
        ("Heading 1", "1 First section"),
        ("Heading 2", "1.1 Alpha obligations"),
        ("Heading 1", "2 Second section"),
        ("Heading 2", "2.1 Beta refers to alpha"),
        ("Heading 2", "2.2 Own clause"),
    ]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "As set out in clause 1.1, the Contractor reports monthly." in body
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == ["first item;", "second item."]
    assert not any(not p.text.strip() for p in document.paragraphs), "no empty paragraphs for spacing"


def test_no_template_syntax_is_left_in_any_part(build) -> None:
    tender, _ = build()
    data = render_tender(tender)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                text = archive.read(name).decode("utf-8")
                assert "{{" not in text and "{%" not in text, name


def test_toc_header_footer_and_settings(build, tmp_path: Path) -> None:
    tender, _ = build()
    data = render_tender(tender)
    body = _xml(data)
    assert 'TOC \\o "1-2"' in body and 'w:dirty="true"' in body
    assert "w:updateFields" in _xml(data, "word/settings.xml")
    document = _document(data, tmp_path)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "MINI-1 · Mini tender"
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Page" in section.footer.paragraphs[0].text


def test_accessibility_properties_and_table_headers(build, tmp_path: Path) -> None:
    tender, _ = build()
    data = render_tender(tender)
    document = _document(data, tmp_path)
    assert document.core_properties.title == "Mini tender"
    assert document.core_properties.language == "en-GB"
    assert 'w:lang w:val="en-GB"' in _xml(data, "word/styles.xml")
    for table in document.tables:
        assert table.rows[0]._tr.trPr is not None and "tblHeader" in table.rows[0]._tr.trPr.xml


def test_hostile_text_round_trips_as_literal_text(build, tmp_path: Path) -> None:
    escaped = json.dumps(HOSTILE)[1:-1]  # JSON escapes (\u0001) are valid in YAML double quotes
    tender, problems = build(
        ("title: Mini tender", f'title: "{escaped}"'),
        ("name: ISO 37120", f'name: "{escaped}"'),
        ("    clauses:\n      - clause: beta", f'    intro: "{escaped}"\n    clauses:\n      - clause: beta'),
    )
    assert tender is not None, [d.format() for d in problems]
    document = _document(render_tender(tender), tmp_path)
    literal = 'A & B <c> "d" </w:t><w:t>x {{ 7*7 }} {% if %}'
    texts = [p.text for p in document.paragraphs]
    assert literal in texts  # the title and the section intro
    assert any(literal in text for text in texts if text.startswith("The Contractor shall respond"))
    assert document.core_properties.title == literal


def test_same_inputs_give_the_same_bytes(build) -> None:
    tender, _ = build()
    assert render_tender(tender) == render_tender(tender)


def test_template_declares_no_variable_the_context_lacks(build) -> None:
    tender, _ = build()
    template = DocxTemplate(str(template_path()))
    assert template.get_undeclared_template_variables() <= set(tender_context(tender))


def test_write_is_atomic_and_reports_a_read_only_folder(build, tmp_path: Path) -> None:
    tender, _ = build()
    target = tmp_path / "out.docx"
    write_tender(tender, target)
    assert target.stat().st_size > 10_000
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running with privileges that ignore folder permissions")
        with pytest.raises(WriteError, match="permission denied"):
            write_tender(tender, locked / "out.docx")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_failed_render_leaves_the_old_file_untouched(build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tender, _ = build()
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous version")
    import procure_app.core.tender.docx as exporter

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(exporter, "render_tender", broken)
    with pytest.raises(RuntimeError):
        exporter.write_tender(tender, target)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"] or "tender.yaml" in [p.name for p in tmp_path.iterdir()]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_text(build, tmp_path: Path) -> None:
    tender, _ = build()
    source = tmp_path / "tender.docx"
    write_tender(tender, source)
    text = pdf_text(source, tmp_path)
    for expected in (
        "Mini tender",
        "1.1 Alpha obligations",
        "As set out in clause 1.1",
        "Annex A. Verification requirements",
        "Page 1 of",
    ):
        assert expected in text


@pytest.mark.parametrize("by", ["path", "id"])
def test_a_spec_naming_a_rubric_publishes_its_award_criteria(tmp_path: Path, mini_library: Path, by: str) -> None:
    import textwrap

    from procure_app import paths
    from procure_app.core.tender.build import prepare_tender

    from .conftest import SPEC

    spec = tmp_path / "tender.yaml"
    rubric = (paths.rubrics_dir() / "smart-city-ict.yaml").resolve() if by == "path" else "smart-city-ict"
    spec.write_text(
        textwrap.dedent(SPEC).replace("  language: en-GB", f"  language: en-GB\n  rubric: {rubric}"), encoding="utf-8"
    )
    prepared = prepare_tender(spec, mini_library, paths.guidelines_file())
    assert prepared.ok and prepared.rubric is not None
    document = _document(render_tender(prepared.tender, rubric=prepared.rubric), tmp_path)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Annex B. Award criteria" in headings
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Openness and interoperability", "25 % of quality (17.5 points)"] in [row[:2] for row in rows]
    assert any(row[0].startswith("Price (lifecycle cost") and row[1] == "30 points" for row in rows)


def test_a_missing_rubric_blocks_the_build_with_its_line(tmp_path: Path, mini_library: Path) -> None:
    import textwrap

    from procure_app import paths
    from procure_app.core.tender.build import prepare_tender

    from .conftest import SPEC

    spec = tmp_path / "tender.yaml"
    spec.write_text(
        textwrap.dedent(SPEC).replace("  language: en-GB", "  language: en-GB\n  rubric: nowhere.yaml"),
        encoding="utf-8",
    )
    prepared = prepare_tender(spec, mini_library, paths.guidelines_file())
    assert not prepared.ok
    assert [(d.rule, d.line) for d in prepared.diagnostics] == [("T116", 5)]
