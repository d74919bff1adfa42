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
import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the shared parts sit next to this script
    sys.path.insert(0, str(HERE))

from template_parts import (  # noqa: E402
    add_paragraph,
    add_table,
    header_footer,
    new_page_heading,
    save,
    style_fonts,
    toc_entries,
    update_fields,
)


def _blocks(document: Document, source: str, bullet_style: str = "List Bullet", text_style: str | None = None) -> None:
    add_paragraph(document, f"{{%p for block in {source} %}}")
    add_paragraph(document, "{%p if block.bullet %}")
    add_paragraph(document, "{{ block.text }}", bullet_style)
    add_paragraph(document, "{%p else %}")
    add_paragraph(document, "{{ block.text }}", text_style)
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{%p endfor %}")


def _title_page(document: Document) -> None:
    add_paragraph(document, "{{ buyer }}", "Subtitle")
    add_paragraph(document, "{{ title }}", "Title")
    add_paragraph(document, "Invitation to tender · {{ procedure }} · reference {{ reference }}", "Subtitle")
    add_table(document, ["Key facts", ""], ["{{ row.label }}", "{{ row.value }}"], "facts", [5.0, 11.0])


def _contents(document: Document) -> None:
    add_paragraph(document, "Contents", "TOC Heading")
    first = document.add_paragraph(style="TOC 1")
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>{{ toc_first }}</w:t></w:r>"
    )
    for run in parse_xml(f"<w:p {nsdecls('w')}>{begin}</w:p>"):
        first._p.append(copy.deepcopy(run))
    toc_entries(document)
    last = document.add_paragraph(style="TOC 1")
    for run in parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>{{{{ toc_last }}}}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    ):
        last._p.append(copy.deepcopy(run))


def _body(document: Document) -> None:
    new_page_heading(document, "About this tender")
    _blocks(document, "description")
    add_paragraph(document, "{%p if lots %}")
    add_paragraph(document, "Lots", "Heading 2")
    add_table(
        document,
        ["Lot", "Title", "Estimated value"],
        ["{{ row.id }}", "{{ row.title }}", "{{ row.value }}"],
        "lots",
        [2.0, 10.0, 4.0],
    )
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "Key dates", "Heading 2")
    add_table(document, ["Step", "Date"], ["{{ row.label }}", "{{ row.value }}"], "dates", [8.0, 8.0])
    add_paragraph(document, "{%p for section in sections %}")
    add_paragraph(document, "{{ section.heading }}", "Heading 1")
    _blocks(document, "section.intro", text_style="Section Lead")
    add_paragraph(document, "{%p for clause in section.clauses %}")
    add_paragraph(document, "{{ clause.heading }}", "Heading 2")
    _blocks(document, "clause.blocks")
    add_paragraph(document, "{%p endfor %}")
    add_paragraph(document, "{%p endfor %}")


def _annexes(document: Document) -> None:
    new_page_heading(document, "{{ annex_verification }}")
    add_paragraph(document, "The evidence each clause asks for, and when it is checked.")
    add_table(
        document,
        ["Clause", "Title", "How compliance is proven"],
        ["{{ row.number }}", "{{ row.title }}", "{{ row.text }}"],
        "verification",
        [1.6, 4.6, 9.8],
    )
    add_paragraph(document, "{%p if award_criteria %}")
    new_page_heading(document, "{{ annex_award }}")
    add_paragraph(document, "The criteria on which tenders will be compared, with their weights.")
    add_table(
        document,
        ["Criterion", "Weight", "Guidelines"],
        ["{{ row.name }}", "{{ row.weight }}", "{{ row.references }}"],
        "award_criteria",
        [7.8, 3.8, 4.4],
    )
    add_paragraph(document, "{%p endif %}")
    new_page_heading(document, "{{ annex_sources }}")
    add_paragraph(document, "{{ sources_intro }}")
    add_table(
        document,
        ["Clause", "Library clause", "Version", "Fingerprint"],
        ["{{ row.number }}", "{{ row.id }}", "{{ row.version }}", "{{ row.hash }}"],
        "sources",
        [1.6, 7.4, 2.0, 5.0],
    )


def build() -> bytes:
    document = Document()
    style_fonts(document)
    header_footer(document, "{{ reference }} · {{ title }}", "{{ page_word }}", "{{ of_word }}")
    _title_page(document)
    _contents(document)
    _body(document)
    _annexes(document)
    update_fields(document)
    document.core_properties.title = "Tender"  # replaced by the tender title at export
    return save(document)


if __name__ == "__main__":
    target = HERE / "tender.docx"
    target.write_bytes(build())
    print(f"wrote {target}", file=sys.stderr)
