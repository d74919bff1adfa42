"""The look and the building blocks shared by the Word template generators.

``make_tender_template.py`` and ``make_evaluation_templates.py`` import this module (they run as
scripts, with this folder on ``sys.path``): the styles, paragraphs, tables with a repeated header
row and fixed column widths, the table of contents loop, the header and "Page x of y" footer, the
``updateFields`` setting and a deterministic zip, so that both make the same kind of document and
re-running them gives the same bytes.
"""

from __future__ import annotations

import copy

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from procure_app.core.base.packaging import save_docx

INK = RGBColor(0x1F, 0x2A, 0x44)
ACCENT = RGBColor(0x0B, 0x5C, 0x8A)
FONT = "Arial"
HEADER_FILL = "E8EEF4"


def pin_font(style: object) -> None:
    """Set the style's fonts to ``FONT`` for every script (replacing any ``w:rFonts`` it has)."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    for fonts in rpr.findall(qn("w:rFonts")):
        rpr.remove(fonts)
    rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'))


def style_fonts(document: Document) -> None:
    """The base styles: Normal, title, two heading levels, contents, section lead and table text."""
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
        pin_font(style)
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


def add_paragraph(document: Document, text: str, style: str | None = None) -> None:
    document.add_paragraph(text, style=style)


def new_page_heading(document: Document, text: str) -> None:
    """A Heading 1 that starts a new page (the built-in style, so that readers and checkers see a
    heading; the page break is paragraph formatting, not an empty paragraph)."""
    heading = document.add_paragraph(text, style="Heading 1")
    heading.paragraph_format.page_break_before = True


def field_run(instruction: str, cached: str) -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{cached}</w:t></w:r>"
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def header_cell(document: Document, cell: object, text: str) -> None:
    """A bold, shaded header cell holding ``text``."""
    cell.text = ""  # type: ignore[attr-defined]
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.add_run(text).bold = True
    paragraph.style = document.styles["Table Text"]
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>')
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def fix_widths(table: object, widths: list[float]) -> None:
    """Fixed column widths in centimetres, in the grid and in every cell."""
    table.autofit = False  # type: ignore[attr-defined]
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))  # type: ignore[attr-defined]
    for column, width in zip(grid, widths, strict=True):
        column.set(qn("w:w"), str(int(width * 567)))  # twentieths of a point per centimetre
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def add_table(document: Document, headers: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    """A table with a repeated header row and one templated row inside a ``{%tr for %}`` loop."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, body, end = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        header_cell(document, cell, text)
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    start.cells[0].text = f"{{%tr for row in {loop} %}}"
    end.cells[0].text = "{%tr endfor %}"
    for cell, text in zip(body.cells, cells, strict=True):
        cell.text = text
        cell.paragraphs[0].style = document.styles["Table Text"]
    fix_widths(table, widths)


def toc_entries(document: Document) -> None:
    """The loop over ``toc`` that writes the cached contents entries, each in its level's style."""
    add_paragraph(document, "{%p for entry in toc %}")
    add_paragraph(document, "{%p if entry.level == 1 %}")
    add_paragraph(document, "{{ entry.text }}", "TOC 1")
    add_paragraph(document, "{%p else %}")
    add_paragraph(document, "{{ entry.text }}", "TOC 2")
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{%p endfor %}")


def header_footer(document: Document, header_text: str, page_word: str, of_word: str) -> None:
    """A4 page, ``header_text`` in the header and "``page_word`` x ``of_word`` y" in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = header_text
    header.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = 2  # right
    xml = (
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">{page_word} </w:t></w:r>'
        + field_run("PAGE", "1")
        + f'<w:r><w:t xml:space="preserve"> {of_word} </w:t></w:r>'
        + field_run("NUMPAGES", "1")
        + "</w:p>"
    )
    for run in parse_xml(xml):
        footer._p.append(copy.deepcopy(run))


def update_fields(document: Document) -> None:
    """Ask Word to update the fields (contents, page numbers) when it opens the file."""
    settings = document.settings.element
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


def save(document: Document) -> bytes:
    """The document's bytes, deterministic (the same packaging as every file Procure writes)."""
    return save_docx(document)
