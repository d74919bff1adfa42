"""Rendering an evaluation template (the report or a feedback letter) to deterministic DOCX bytes.

The templates are filled the way the tender document is: docxtpl in a sandboxed Jinja
environment with autoescaping and strict undefined variables, so a bidder's name or a
justification is always data, never template or XML. The context holds plain text only (the
template just places it). The document's language, properties and dates are fixed, so the same
inputs always give the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ...base.packaging import clean_text, save_docx
from ..evaluation_file import EvaluationFile
from .text import LANGUAGE, latest_submission

__all__ = ["EvaluationTemplate", "render_template", "document_date"]

_FALLBACK_DAY = date(2000, 1, 1)


class EvaluationTemplate(DocxTemplate):
    """docxtpl with the two whole-document passes the evaluation templates need.

    * ``resolve_listing`` cleans the rendered XML as the tender exporter does (:func:`clean_text`):
      XML-illegal characters removed, tabs and line breaks made spaces, so a value never changes
      the document's structure.
    * ``fix_tables`` gives the columns a ``{%tc for %}`` loop made (one per bid) an equal share of
      the width the template reserved for them, in the grid and in every cell, so the table keeps
      its width whatever the number of bids. Other tables keep their fixed widths.
    """

    def resolve_listing(self, xml: str) -> str:
        return clean_text(xml)

    def fix_tables(self, xml: str) -> Any:
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        for table in tree.iter(qn("w:tbl")):
            _share_loop_columns(table)
        return tree


def _share_loop_columns(table: Any) -> None:
    """Split the width of every column after the first equally among the cells the rows have."""
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return
    columns = grid.findall(qn("w:gridCol"))
    rows = table.findall(qn("w:tr"))
    count = max((len(row.findall(qn("w:tc"))) for row in rows), default=len(columns))
    if count == len(columns) or not columns:
        return
    widths = [int(column.get(qn("w:w"), "0")) for column in columns]
    first, rest = widths[0], sum(widths[1:])
    share = rest // max(count - 1, 1)
    new = [first] + [share] * (count - 1) if count > 1 else [first + rest]
    for column in columns:
        grid.remove(column)
    for width in new:
        grid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="{width}"/>'))
    for row in rows:
        for cell, width in zip(row.findall(qn("w:tc")), new, strict=False):
            properties = cell.find(qn("w:tcPr"))
            size = None if properties is None else properties.find(qn("w:tcW"))
            if size is not None:
                size.set(qn("w:w"), str(width))
                size.set(qn("w:type"), "dxa")


def document_date(evaluation: EvaluationFile, chosen: date | None) -> date:
    """The date a document's properties carry: ``chosen``, else the latest submission, else 1 January 2000.

    An evaluation file has no date of its own; this keeps the bytes the same for the same inputs.
    """
    if chosen is not None:
        return chosen
    latest = latest_submission(evaluation)
    return latest.date() if latest is not None else _FALLBACK_DAY


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_template(template: Path, context: dict[str, Any], *, title: str, subject: str, stamp: date) -> bytes:
    """Render an evaluation template and return deterministic DOCX bytes.

    The document's language is :data:`~.text.LANGUAGE`, its title and subject the given ones, and
    its created and modified dates ``stamp`` at 09:00 (fixed, so the bytes are reproducible).
    """
    document = EvaluationTemplate(str(template))
    document.render(context, jinja_env=_environment())
    docx = document.docx
    _set_language(docx)
    _set_properties(docx.core_properties, title=title, subject=subject, moment=datetime.combine(stamp, time(9, 0)))
    return save_docx(docx)


def _set_language(docx: Any) -> None:
    """Make :data:`~.text.LANGUAGE` the language of the document's default run properties."""
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="{LANGUAGE}"/>'))


def _set_properties(properties: Any, *, title: str, subject: str, moment: datetime) -> None:
    properties.title = clean_text(title)
    properties.subject = clean_text(subject)
    properties.author = "Procure"
    properties.last_modified_by = "Procure"
    properties.language = LANGUAGE
    properties.keywords = "evaluation"
    properties.comments = "Made with Procure"
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
