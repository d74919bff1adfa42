"""Build ``tender.docx``, the Word template of the tender document.

    python resources/templates/make_tender_template.py

The template is a normal Word file with Jinja tags that docxtpl fills in; an office may restyle it
in Word (fonts, colours, logo) as long as the tags stay. This script makes the default one:
title page with key facts, table of contents, numbered headings (numbers come from Procure, not
from Word list numbering, so they never restart or drift), annexes, a header with the reference
and a footer with "Page x of y". Re-run it after changing this script; the output is deterministic.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
INK = RGBColor(0x1F, 0x2A, 0x44)
ACCENT = RGBColor(0x0B, 0x5C, 0x8A)
FONT = "Arial"


def _style_fonts(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for name, size, colour, before, after in (
        ("Title", 26, INK, 0, 12),
        ("Subtitle", 14, ACCENT, 0, 24),
        ("Heading 1", 15, INK, 18, 8),
        ("Heading 2", 11.5, ACCENT, 12, 4),
        ("TOC Heading", 15, INK, 0, 12),
    ):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = name != "Subtitle"
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        rpr = style.element.get_or_add_rPr()
        for fonts in rpr.findall(qn("w:rFonts")):
            rpr.remove(fonts)
        rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'))
    styles["Heading 2"].paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.keep_with_next = True
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.font.bold = level == 1
    lead = styles.add_style("Section Lead", WD_STYLE_TYPE.PARAGRAPH)
    lead.base_style = styles["Normal"]
    lead.font.italic = True
    lead.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(9.5)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0


def _paragraph(document: Document, text: str, style: str | None = None) -> None:
    document.add_paragraph(text, style=style)


def _new_page_heading(document: Document, text: str) -> None:
    """A Heading 1 that starts a new page (the built-in style, so that readers and checkers see a
    heading; the page break is paragraph formatting, not an empty paragraph)."""
    heading = document.add_paragraph(text, style="Heading 1")
    heading.paragraph_format.page_break_before = True


def _field_run(instruction: str, cached: str) -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{cached}</w:t></w:r>"
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _table(document: Document, headers: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    """A table with a repeated header row and one templated row inside a ``{%tr for %}`` loop."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, body, end = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].style = document.styles["Table Text"]
        shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="E8EEF4"/>')
        cell._tc.get_or_add_tcPr().append(shading)
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    start.cells[0].text = f"{{%tr for row in {loop} %}}"
    end.cells[0].text = "{%tr endfor %}"
    for cell, text in zip(body.cells, cells, strict=True):
        cell.text = text
        cell.paragraphs[0].style = document.styles["Table Text"]
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width * 567)))  # twentieths of a point per centimetre
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _blocks(document: Document, source: str, bullet_style: str = "List Bullet", text_style: str | None = None) -> None:
    _paragraph(document, f"{{%p for block in {source} %}}")
    _paragraph(document, "{%p if block.bullet %}")
    _paragraph(document, "{{ block.text }}", bullet_style)
    _paragraph(document, "{%p else %}")
    _paragraph(document, "{{ block.text }}", text_style)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p endfor %}")


def _title_page(document: Document) -> None:
    _paragraph(document, "{{ buyer }}", "Subtitle")
    _paragraph(document, "{{ title }}", "Title")
    _paragraph(document, "Invitation to tender · {{ procedure }} · reference {{ reference }}", "Subtitle")
    _table(document, ["Key facts", ""], ["{{ row.label }}", "{{ row.value }}"], "facts", [5.0, 11.0])


def _contents(document: Document) -> None:
    _paragraph(document, "Contents", "TOC Heading")
    first = document.add_paragraph(style="TOC 1")
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>{{ toc_first }}</w:t></w:r>"
    )
    for run in parse_xml(f"<w:p {nsdecls('w')}>{begin}</w:p>"):
        first._p.append(copy.deepcopy(run))
    _paragraph(document, "{%p for entry in toc %}")
    _paragraph(document, "{%p if entry.level == 1 %}")
    _paragraph(document, "{{ entry.text }}", "TOC 1")
    _paragraph(document, "{%p else %}")
    _paragraph(document, "{{ entry.text }}", "TOC 2")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p endfor %}")
    last = document.add_paragraph(style="TOC 1")
    for run in parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>{{{{ toc_last }}}}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    ):
        last._p.append(copy.deepcopy(run))


def _body(document: Document) -> None:
    _new_page_heading(document, "About this tender")
    _blocks(document, "description")
    _paragraph(document, "{%p if lots %}")
    _paragraph(document, "Lots", "Heading 2")
    _table(
        document, ["Lot", "Title", "Estimated value"], ["{{ row.id }}", "{{ row.title }}", "{{ row.value }}"], "lots",
        [2.0, 10.0, 4.0],
    )
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "Key dates", "Heading 2")
    _table(document, ["Step", "Date"], ["{{ row.label }}", "{{ row.value }}"], "dates", [8.0, 8.0])
    _paragraph(document, "{%p for section in sections %}")
    _paragraph(document, "{{ section.heading }}", "Heading 1")
    _blocks(document, "section.intro", text_style="Section Lead")
    _paragraph(document, "{%p for clause in section.clauses %}")
    _paragraph(document, "{{ clause.heading }}", "Heading 2")
    _blocks(document, "clause.blocks")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endfor %}")


def _annexes(document: Document) -> None:
    _new_page_heading(document, "{{ annex_verification }}")
    _paragraph(document, "The evidence each clause asks for, and when it is checked.")
    _table(
        document, ["Clause", "Title", "How compliance is proven"],
        ["{{ row.number }}", "{{ row.title }}", "{{ row.text }}"], "verification", [1.6, 4.6, 9.8],
    )
    _paragraph(document, "{%p if award_criteria %}")
    _new_page_heading(document, "{{ annex_award }}")
    _paragraph(document, "The criteria on which tenders will be compared, with their weights.")
    _table(
        document, ["Criterion", "Weight", "Guidelines"],
        ["{{ row.name }}", "{{ row.weight }}", "{{ row.references }}"], "award_criteria", [7.8, 3.8, 4.4],
    )
    _paragraph(document, "{%p endif %}")
    _new_page_heading(document, "{{ annex_sources }}")
    _paragraph(document, "{{ sources_intro }}")
    _table(
        document, ["Clause", "Library clause", "Version", "Fingerprint"],
        ["{{ row.number }}", "{{ row.id }}", "{{ row.version }}", "{{ row.hash }}"], "sources", [1.6, 7.4, 2.0, 5.0],
    )


def _header_footer(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = "{{ reference }} · {{ title }}"
    header.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = 2  # right
    xml = (
        f"<w:p {nsdecls('w')}><w:r><w:t xml:space=\"preserve\">{{{{ page_word }}}} </w:t></w:r>"
        + _field_run("PAGE", "1")
        + '<w:r><w:t xml:space="preserve"> {{ of_word }} </w:t></w:r>'
        + _field_run("NUMPAGES", "1")
        + "</w:p>"
    )
    for run in parse_xml(xml):
        footer._p.append(copy.deepcopy(run))


def _settings(document: Document) -> None:
    settings = document.settings.element
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


def build() -> bytes:
    document = Document()
    _style_fonts(document)
    _header_footer(document)
    _title_page(document)
    _contents(document)
    _body(document)
    _annexes(document)
    _settings(document)
    document.core_properties.title = "Tender"  # replaced by the tender title at export
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    target = HERE / "tender.docx"
    target.write_bytes(build())
    print(f"wrote {target}", file=sys.stderr)
