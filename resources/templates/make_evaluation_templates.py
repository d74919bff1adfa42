"""Build ``evaluation-report.docx`` and ``feedback-letter.docx``, the Word templates of the evaluation.

    python resources/templates/make_evaluation_templates.py

Both are normal Word files with Jinja tags that docxtpl fills in (see
``procure_app/core/evaluation/report/`` and ``procure_app/core/evaluation/letters.py``); an office may restyle them in
Word as long as the tags stay. They share the look of the tender template (its styles and helpers
come from ``template_parts.py``): real heading styles, table header rows repeated on every
page, fixed column widths, no empty paragraphs, a header with the reference and a footer with
"Page x of y", and fields updated when Word opens the file. Every heading text and number comes
from Procure, so the table of contents Procure writes matches the headings.

Tables whose columns depend on the data (one column per bid) use docxtpl's ``{%tc for %}`` cells;
the exporter gives each generated column an equal share of the width the template reserves.
Re-run this script after changing it; the output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the shared parts sit next to this script
    sys.path.insert(0, str(HERE))

from template_parts import (  # noqa: E402  # the tender template's look, shared
    ACCENT,
    FONT,
    add_paragraph,
    add_table,
    fix_widths,
    header_cell,
    header_footer,
    new_page_heading,
    pin_font,
    save,
    style_fonts,
    toc_entries,
    update_fields,
)

# --- shared pieces ---------------------------------------------------------------------------


def _styles(document: Document) -> None:
    """The tender template's styles, plus a third heading level and a style for formulas."""
    style_fonts(document)
    styles = document.styles
    heading = styles["Heading 3"]
    heading.font.name = FONT
    heading.font.size = Pt(10.5)
    heading.font.bold = True
    heading.font.italic = False
    heading.font.color.rgb = ACCENT
    heading.paragraph_format.space_before = Pt(10)
    heading.paragraph_format.space_after = Pt(3)
    heading.paragraph_format.keep_with_next = True
    pin_font(heading)
    formula = styles.add_style("Formula", WD_STYLE_TYPE.PARAGRAPH)
    formula.base_style = styles["Normal"]
    formula.paragraph_format.left_indent = Cm(1.0)
    formula.paragraph_format.keep_together = True
    formula.font.italic = True
    note = styles.add_style("Table Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.paragraph_format.space_before = Pt(4)
    after = styles.add_style("After Table", WD_STYLE_TYPE.PARAGRAPH)
    after.base_style = styles["Normal"]
    after.paragraph_format.space_before = Pt(10)
    lead = styles.add_style("Table Lead", WD_STYLE_TYPE.PARAGRAPH)
    lead.base_style = styles["Normal"]
    lead.paragraph_format.keep_with_next = True
    emphasis = styles.add_style("Outcome", WD_STYLE_TYPE.PARAGRAPH)
    emphasis.base_style = styles["Normal"]
    emphasis.font.bold = True
    emphasis.paragraph_format.space_before = Pt(6)
    emphasis.paragraph_format.space_after = Pt(8)
    address = styles.add_style("Address", WD_STYLE_TYPE.PARAGRAPH)
    address.base_style = styles["Normal"]
    address.paragraph_format.space_after = Pt(0)


def _paragraphs(document: Document, source: str, style: str | None = None) -> None:
    """One paragraph per string of the list ``source`` (a list may be empty: nothing is left)."""
    add_paragraph(document, f"{{%p for text in {source} %}}")
    add_paragraph(document, "{{ text }}", style)
    add_paragraph(document, "{%p endfor %}")


def _matrix(document: Document, corner: str, columns: str, loop: str, label_width: float, width: float) -> None:
    """A table with one column per item of ``columns`` after a label column.

    The template holds four columns: the label, then ``{%tc for %}``, the repeated cell and
    ``{%tc endfor %}``; the exporter shares the width after the label column among the columns
    the loop makes. Each row of ``loop`` has ``label`` and ``cells``.
    """
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, body, end = table.rows
    header_cell(document, header.cells[0], corner)
    header.cells[1].text = f"{{%tc for column in {columns} %}}"
    header_cell(document, header.cells[2], "{{ column }}")
    header.cells[3].text = "{%tc endfor %}"
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    start.cells[0].text = f"{{%tr for row in {loop} %}}"
    end.cells[0].text = "{%tr endfor %}"
    body.cells[0].text = "{{ row.label }}"
    body.cells[1].text = "{%tc for cell in row.cells %}"
    body.cells[2].text = "{{ cell }}"
    body.cells[3].text = "{%tc endfor %}"
    for cell in (body.cells[0], body.cells[2]):
        cell.paragraphs[0].style = document.styles["Table Text"]
    body.cells[2].paragraphs[0].alignment = 1  # centred
    header.cells[2].paragraphs[0].alignment = 1
    rest = (width - label_width) / 3
    fix_widths(table, [label_width, rest, rest, rest])


def _keep_together(document: Document) -> None:
    """Keep the last table's rows on one page (for short tables: a few rows, never a page long)."""
    for row in document.tables[-1].rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _short_table(document: Document, headers: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    add_table(document, headers, cells, loop, widths)
    _keep_together(document)


def _text_table(document: Document, headers: list[str], cells: list[str], loop: str, widths: list[float]) -> None:
    """As the tender template's tables, but a cell may hold several paragraphs: a cell written
    ``*name`` shows one paragraph per string of the list ``row.name``."""
    add_table(document, headers, [cell if not cell.startswith("*") else "" for cell in cells], loop, widths)
    table = document.tables[-1]
    body = table.rows[2]
    for cell, text in zip(body.cells, cells, strict=True):
        if not text.startswith("*"):
            continue
        name = text[1:]
        first = cell.paragraphs[0]
        first.text = f"{{%p for line in row.{name} %}}"
        for content in ("{{ line }}", "{%p endfor %}"):
            paragraph = cell.add_paragraph(content)
            paragraph.style = document.styles["Table Text"]


def _contents(document: Document) -> None:
    """A table of contents field whose cached entries come from Procure (``toc``: level and text).

    Word rebuilds the entries when it opens the file (``updateFields``); other readers show the
    cached ones. The first and last entries carry the field's begin and end, so they are written
    outside the loop, each with the style of its own level.
    """
    add_paragraph(document, "Contents", "TOC Heading")
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>{{ toc_first.text }}</w:t></w:r>"
    )
    end = '<w:r><w:t>{{ toc_last.text }}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = document.element.body
    for runs, level in ((begin, "toc_first.level"), (end, "toc_last.level")):
        if runs is end:
            toc_entries(document)
        paragraph = parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="TOC{{{{ {level} }}}}"/></w:pPr>{runs}</w:p>'
        )
        body.insert(len(body) - 1, paragraph)  # before the section properties


def _heading(document: Document, variable: str, level: int = 1, *, new_page: bool = False) -> None:
    if new_page:
        new_page_heading(document, f"{{{{ {variable} }}}}")
    else:
        add_paragraph(document, f"{{{{ {variable} }}}}", f"Heading {level}")


def _either(document: Document, condition: str, then: object, otherwise: str) -> None:
    """``then(document)`` when ``condition`` holds, else one paragraph per string of ``otherwise``."""
    add_paragraph(document, f"{{%p if {condition} %}}")
    then(document)  # type: ignore[operator]
    add_paragraph(document, "{%p else %}")
    _paragraphs(document, otherwise)
    add_paragraph(document, "{%p endif %}")


def _rows_stay_whole(document: Document) -> None:
    """No table row breaks across pages (a reason cut in two is hard to read)."""
    for row in document.element.body.iter(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = parse_xml(f"<w:trPr {nsdecls('w')}/>")
            row.insert(1 if row.find(qn("w:tblPrEx")) is not None else 0, properties)
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _save(document: Document, title: str) -> bytes:
    _rows_stay_whole(document)
    update_fields(document)
    document.core_properties.title = title  # replaced at export
    document.core_properties.author = "Procure"
    return save(document)


# --- the evaluation report -------------------------------------------------------------------


def _report_title_page(document: Document) -> None:
    add_paragraph(document, "{{ kicker }}", "Subtitle")
    add_paragraph(document, "{{ title }}", "Title")
    add_paragraph(document, "{{ subtitle }}", "Subtitle")
    add_table(document, ["Key facts", "Value"], ["{{ row.label }}", "{{ row.value }}"], "facts", [5.0, 11.6])


def _report_procedure(document: Document) -> None:
    _heading(document, "h.procedure", new_page=True)
    _paragraphs(document, "procedure_intro")
    _heading(document, "h.bids", 2)
    _either(
        document,
        "bids",
        lambda d: add_table(
            d,
            ["Bid", "Bidder", "SME", "Submitted", "Price P ({{ currency }})"],
            ["{{ row.id }}", "{{ row.bidder }}", "{{ row.sme }}", "{{ row.submitted }}", "{{ row.price }}"],
            "bids",
            [1.8, 5.6, 1.3, 3.9, 4.0],
        ),
        "no_bids",
    )
    _paragraphs(document, "price_note", "Table Note")
    _heading(document, "h.panel", 2)
    _paragraphs(document, "panel_intro", "Table Lead")
    add_table(
        document,
        ["Evaluator", "Role", "Conflicts of interest declared"],
        ["{{ row.name }}", "{{ row.role }}", "{{ row.conflicts }}"],
        "panel",
        [4.2, 6.4, 6.0],
    )
    _keep_together(document)
    _heading(document, "h.conflicts", 2)
    _paragraphs(document, "conflicts")


def _report_rubric(document: Document) -> None:
    _heading(document, "h.rubric")
    _paragraphs(document, "rubric_intro")
    _heading(document, "h.gates", 2)
    _either(
        document,
        "gates",
        lambda d: add_table(
            d,
            ["Gate", "What the panel checks", "References"],
            ["{{ row.title }}", "{{ row.description }}", "{{ row.references }}"],
            "gates",
            [3.8, 9.0, 3.8],
        ),
        "no_gates",
    )
    _heading(document, "h.quality", 2)
    _paragraphs(document, "quality_intro")
    add_paragraph(document, "{%p for group in groups %}")
    add_paragraph(document, "{{ group.heading }}", "Heading 3")
    add_paragraph(document, "{{ group.intro }}", "Table Lead")
    add_table(
        document,
        ["Criterion", "Weight in group", "Share of quality", "Minimum", "Guidelines"],
        ["{{ row.title }}", "{{ row.weight }}", "{{ row.share }}", "{{ row.minimum }}", "{{ row.references }}"],
        "group.criteria",
        [6.0, 2.2, 2.2, 2.0, 4.2],
    )
    add_paragraph(document, "{%p endfor %}")
    _heading(document, "h.scale", 2)
    _paragraphs(document, "scale_intro", "Table Lead")
    add_table(
        document,
        ["Score", "Label", "Descriptor"],
        ["{{ row.score }}", "{{ row.label }}", "{{ row.descriptor }}"],
        "scale",
        [1.4, 2.8, 12.4],
    )
    _paragraphs(document, "scoring_intro", "After Table")
    _paragraphs(document, "scoring_rules", "List Bullet")
    _heading(document, "h.award", 2)
    _paragraphs(document, "award_words")
    _paragraphs(document, "award_formulas", "Formula")
    _paragraphs(document, "award_symbols")
    _heading(document, "h.tie", 2)
    _paragraphs(document, "tie_rule")


def _report_gates(document: Document) -> None:
    _heading(document, "h.gate_results")
    _heading(document, "h.gate_table", 2)
    _either(
        document,
        "gate_results",
        lambda d: add_table(
            d,
            ["Bid", "Gate", "Result", "Reason"],
            ["{{ row.bid }}", "{{ row.gate }}", "{{ row.result }}", "{{ row.reason }}"],
            "gate_results",
            [1.8, 4.0, 2.2, 8.6],
        ),
        "no_gate_results",
    )
    _heading(document, "h.exclusions", 2)
    _either(
        document,
        "exclusions",
        lambda d: add_table(
            d,
            ["Bid", "Bidder", "Why the bid is excluded"],
            ["{{ row.bid }}", "{{ row.bidder }}", "{{ row.reason }}"],
            "exclusions",
            [1.8, 4.6, 10.2],
        ),
        "no_exclusions",
    )


def _report_scores(document: Document) -> None:
    _heading(document, "h.scores")
    _heading(document, "h.totals", 2)
    _paragraphs(document, "totals_intro", "Table Lead")
    _either(
        document,
        "totals",
        lambda d: _short_table(
            d,
            ["Rank", "Bid", "Bidder", "Quality Q", "Price P", "Price score S", "{{ total_label }}"],
            [
                "{{ row.rank }}",
                "{{ row.bid }}",
                "{{ row.bidder }}",
                "{{ row.quality }}",
                "{{ row.price }}",
                "{{ row.price_score }}",
                "{{ row.total }}",
            ],
            "totals",
            [1.9, 1.5, 3.9, 1.7, 3.3, 1.8, 2.5],
        ),
        "no_totals",
    )
    _paragraphs(document, "totals_notes", "Table Note")
    add_paragraph(document, "{%p if bid_columns %}")
    _heading(document, "h.groups", 2)
    _paragraphs(document, "groups_intro", "Table Lead")
    _matrix(document, "Group (weight)", "bid_columns", "group_matrix", 6.6, 16.6)
    _heading(document, "h.criteria", 2)
    _paragraphs(document, "criteria_intro", "Table Lead")
    _matrix(document, "Criterion (weight in group)", "bid_columns", "criterion_matrix", 6.6, 16.6)
    _paragraphs(document, "criteria_notes", "Table Note")
    add_paragraph(document, "{%p endif %}")


def _report_moderation(document: Document) -> None:
    _heading(document, "h.moderation")
    _paragraphs(document, "moderation_intro")
    _heading(document, "h.moderated", 2)
    _either(
        document,
        "moderated",
        lambda d: _text_table(
            d,
            ["Bid", "Criterion", "Individual scores", "Consensus", "Reason"],
            ["{{ row.bid }}", "{{ row.criterion }}", "*scores", "{{ row.consensus }}", "{{ row.reason }}"],
            "moderated",
            [1.5, 3.2, 3.2, 2.2, 6.5],
        ),
        "no_moderated",
    )
    _heading(document, "h.open_flags", 2)
    _either(
        document,
        "open_flags",
        lambda d: _text_table(
            d,
            ["Bid", "Criterion", "Individual scores", "Spread"],
            ["{{ row.bid }}", "{{ row.criterion }}", "*scores", "{{ row.spread }}"],
            "open_flags",
            [1.8, 6.0, 6.6, 2.2],
        ),
        "no_open_flags",
    )
    _paragraphs(document, "open_flags_after", "After Table")


def _report_flags(document: Document) -> None:
    _heading(document, "h.flags")
    _heading(document, "h.abnormal", 2)
    _paragraphs(document, "abnormal_intro", "Table Lead")
    add_paragraph(document, "{%p if abnormal %}")
    add_table(
        document,
        ["Bid", "Bidder", "Price P", "Share of the mean"],
        ["{{ row.bid }}", "{{ row.bidder }}", "{{ row.price }}", "{{ row.share }}"],
        "abnormal",
        [1.8, 7.2, 4.4, 3.2],
    )
    _keep_together(document)
    _paragraphs(document, "abnormal_duties_intro", "After Table")
    _paragraphs(document, "abnormal_duties", "List Bullet")
    add_paragraph(document, "{%p endif %}")
    _heading(document, "h.notes", 2)
    _paragraphs(document, "result_notes")


def _report_sensitivity(document: Document) -> None:
    _heading(document, "h.sensitivity")
    _paragraphs(document, "sensitivity_intro")
    _heading(document, "h.tipping", 2)
    _paragraphs(document, "tipping_intro")
    _paragraphs(document, "tipping", "List Bullet")
    _paragraphs(document, "tipping_after")
    _heading(document, "h.rank_one", 2)
    _paragraphs(document, "rank_one_intro", "Table Lead")
    add_paragraph(document, "{%p if rank_one %}")
    add_table(
        document,
        ["Bid", "Bidder", "Draws ranked first", "Share"],
        ["{{ row.bid }}", "{{ row.bidder }}", "{{ row.count }}", "{{ row.share }}"],
        "rank_one",
        [1.8, 7.8, 4.2, 2.8],
    )
    _keep_together(document)
    add_paragraph(document, "{%p endif %}")
    _paragraphs(document, "rank_one_after", "After Table")


def _report_recommendation(document: Document) -> None:
    _heading(document, "h.recommendation")
    _paragraphs(document, "recommendation_lead", "Outcome")
    _paragraphs(document, "recommendation_list", "List Bullet")
    _paragraphs(document, "recommendation")
    _heading(document, "h.approval", 2)
    _paragraphs(document, "approval_intro", "Table Lead")
    add_table(
        document,
        ["Evaluator", "Role", "Signature and date"],
        ["{{ row.name }}", "{{ row.role }}", "{{ row.signature }}"],
        "panel",
        [4.2, 6.4, 6.0],
    )
    _keep_together(document)
    signature_row = document.tables[-1].rows[2]
    signature_row.height = Cm(1.4)


def _report_annex(document: Document) -> None:
    _heading(document, "h.annex", new_page=True)
    _paragraphs(document, "annex_intro", "Table Lead")
    add_paragraph(document, "{%p for bid in annex %}")
    add_paragraph(document, "{{ bid.heading }}", "Heading 2")
    add_paragraph(document, "{%p if bid.rows %}")
    add_table(
        document,
        ["Criterion", "Evaluator", "Score", "Justification"],
        ["{{ row.criterion }}", "{{ row.evaluator }}", "{{ row.score }}", "{{ row.text }}"],
        "bid.rows",
        [3.8, 2.8, 1.4, 8.6],
    )
    add_paragraph(document, "{%p else %}")
    add_paragraph(document, "{{ bid.empty }}")
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{%p endfor %}")


def _hash_style(document: Document) -> None:
    """A SHA-256 hash in a fixed-width font, on one line of its own (easy to read out and compare)."""
    style = document.styles.add_style("Hash", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.name = "Courier New"
    style.font.size = Pt(9.5)
    style.paragraph_format.left_indent = Cm(1.0)
    style.paragraph_format.keep_together = True


def _report_audit(document: Document) -> None:
    """Annex B, the project's audit trail: only when the evaluation came from a project file."""
    _hash_style(document)
    add_paragraph(document, "{%p if audit %}")
    _heading(document, "audit.h.audit", new_page=True)
    _paragraphs(document, "audit.intro")
    _heading(document, "audit.h.check", 2)
    add_table(
        document,
        ["Audit log", "As found in the project file"],
        ["{{ row.label }}", "{{ row.value }}"],
        "audit.facts",
        [4.0, 12.6],
    )
    _keep_together(document)
    _paragraphs(document, "audit.status", "Outcome")
    _paragraphs(document, "audit.hash_label", "After Table")
    add_paragraph(document, "{{ audit.hash }}", "Hash")
    _paragraphs(document, "audit.hash_note")
    _heading(document, "audit.h.kinds", 2)
    add_table(
        document,
        ["What the entries record", "Action", "Entries"],
        ["{{ row.kind }}", "{{ row.action }}", "{{ row.count }}"],
        "audit.kinds",
        [9.0, 5.0, 2.6],
    )
    _heading(document, "audit.h.actors", 2)
    add_table(document, ["Actor", "Entries"], ["{{ row.actor }}", "{{ row.count }}"], "audit.actors", [12.6, 4.0])
    _heading(document, "audit.h.notable", 2)
    _paragraphs(document, "audit.notable_intro", "Table Lead")
    _either(
        document,
        "audit.notable",
        lambda d: _text_table(
            d,
            ["No.", "Time (UTC)", "By", "Action and subject", "Change"],
            ["{{ row.seq }}", "{{ row.time }}", "{{ row.actor }}", "*what", "{{ row.change }}"],
            "audit.notable",
            [1.1, 2.7, 2.3, 4.1, 6.4],
        ),
        "audit.no_notable",
    )
    add_paragraph(document, "{%p endif %}")


def build_report() -> bytes:
    document = Document()
    _styles(document)
    header_footer(document, "{{ header }}", "Page", "of")
    _report_title_page(document)
    _contents(document)
    _report_procedure(document)
    _report_rubric(document)
    _report_gates(document)
    _report_scores(document)
    _report_moderation(document)
    _report_flags(document)
    _report_sensitivity(document)
    _report_recommendation(document)
    _report_annex(document)
    _report_audit(document)
    return _save(document, "Evaluation report")


# --- the feedback letter ---------------------------------------------------------------------


def build_letter() -> bytes:
    document = Document()
    _styles(document)
    title = document.styles["Title"]
    title.font.size = Pt(18)
    title.paragraph_format.space_before = Pt(18)
    header_footer(document, "{{ header }}", "Page", "of")
    _paragraphs(document, "draft", "Outcome")
    _paragraphs(document, "address", "Address")
    add_paragraph(document, "{{ title }}", "Title")
    add_paragraph(document, "{{ subtitle }}", "Subtitle")
    add_paragraph(document, "{{ salutation }}")
    _paragraphs(document, "opening")
    add_paragraph(document, "{{ h.outcome }}", "Heading 1")
    _paragraphs(document, "outcome_lead", "Outcome")
    _paragraphs(document, "outcome")
    _paragraphs(document, "outcome_list", "List Bullet")
    _paragraphs(document, "outcome_after")
    add_paragraph(document, "{{ h.scores }}", "Heading 1")
    _paragraphs(document, "scores_intro", "Table Lead")
    add_paragraph(document, "{%p if criteria and compare %}")
    _text_table(
        document,
        ["Criterion (weight)", "Your score", "{{ winner_column }}", "Reasons for your score"],
        ["{{ row.criterion }}", "{{ row.own }}", "{{ row.winner }}", "*reasons"],
        "criteria",
        [4.4, 1.9, 1.9, 8.4],
    )
    add_paragraph(document, "{%p elif criteria %}")
    _text_table(
        document,
        ["Criterion (weight)", "Your score", "Reasons for your score"],
        ["{{ row.criterion }}", "{{ row.own }}", "*reasons"],
        "criteria",
        [4.6, 2.0, 10.0],
    )
    add_paragraph(document, "{%p endif %}")
    _paragraphs(document, "scores_notes", "Table Note")
    add_paragraph(document, "{{ h.totals }}", "Heading 1")
    _paragraphs(document, "totals_intro", "Table Lead")
    add_paragraph(document, "{%p if compare %}")
    add_table(
        document,
        ["Measure", "Your bid", "{{ winner_column }}"],
        ["{{ row.label }}", "{{ row.own }}", "{{ row.winner }}"],
        "totals",
        [6.6, 5.0, 5.0],
    )
    _keep_together(document)
    add_paragraph(document, "{%p else %}")
    add_table(document, ["Measure", "Your bid"], ["{{ row.label }}", "{{ row.own }}"], "totals", [8.3, 8.3])
    _keep_together(document)
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{{ h.next }}", "Heading 1")
    _paragraphs(document, "next_steps")
    add_paragraph(document, "{{ closing }}")
    add_paragraph(document, "{{ signature }}")
    return _save(document, "Feedback letter")


if __name__ == "__main__":
    for name, build in (("evaluation-report.docx", build_report), ("feedback-letter.docx", build_letter)):
        target = HERE / name
        target.write_bytes(build())
        print(f"wrote {target}", file=sys.stderr)
