"""The tender document: an assembled tender rendered through the Word template with docxtpl.

Jinja only ever runs over our own template, in a sandbox, with autoescaping and strict undefined
variables: values are data, never templates, so ``&``, ``<``, ``{{ … }}`` or ``</w:t>`` in a clause
stay literal text. XML-illegal control characters are removed from the rendered XML. The file is deterministic
(fixed zip timestamps, core properties from the spec) and written atomically.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.atomic import write_bytes_atomic
from ..base.formatting import format_money
from ..base.packaging import clean_text, save_docx
from ..library.textblocks import Block, BulletList
from ..rubric.model import Rubric
from .assembly import AssembledClause, AssembledTender
from .award_annex import award_criteria_rows

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["PROCEDURES", "template_path", "tender_context", "render_tender", "write_tender", "clean_text"]

PROCEDURES = {
    "open": "open procedure",
    "restricted": "restricted procedure",
    "competitive-dialogue": "competitive dialogue",
    "competitive-negotiation": "competitive procedure with negotiation",
    "innovation-partnership": "innovation partnership",
    "negotiated-without-publication": "negotiated procedure without prior publication",
    "design-contest": "design contest",
    "pre-commercial": "pre-commercial procurement",
}
_PAGE_WORDS = {
    "en": ("Page", "of"),
    "fr": ("Page", "sur"),
    "de": ("Seite", "von"),
    "es": ("Página", "de"),
    "pt": ("Página", "de"),
}
ANNEX_VERIFICATION = "Annex A. Verification requirements"
ANNEX_AWARD = "Annex B. Award criteria"
ANNEX_SOURCES = "Annex C. Clause sources"


def template_path() -> Path:
    from ...paths import resources_dir

    return resources_dir() / "templates" / "tender.docx"


def _blocks(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, BulletList):
            flat.extend({"bullet": True, "text": item} for item in block.items)
        else:
            flat.append({"bullet": False, "text": block.text})
    return flat


def _facts(tender: AssembledTender) -> list[dict[str, str]]:
    spec = tender.spec
    language = spec.language
    rows = [
        ("Buying authority", spec.buyer.name),
        ("Address", spec.buyer.address),
        ("Reference", spec.reference),
        ("Procedure", PROCEDURES[spec.procedure].capitalize()),
        ("Main category", spec.main_category.capitalize()),
        ("CPV codes", ", ".join(spec.cpv) or None),
        (
            "Estimated value",
            format_money(spec.estimated_value.amount, spec.currency, language) + " (excluding VAT)"
            if spec.estimated_value
            else None,
        ),
        ("Contract duration", spec.duration),
        ("Submission deadline", spec.dates.formatted("submission_deadline", language)),
        (
            "Contact",
            ", ".join(x for x in (spec.buyer.contact_name, spec.buyer.contact_email, spec.buyer.contact_phone) if x)
            or None,
        ),
    ]
    return [{"label": label, "value": value} for label, value in rows if value]


def _dates(tender: AssembledTender) -> list[dict[str, str]]:
    dates, language = tender.spec.dates, tender.spec.language
    rows = [
        ("Publication of the tender", "publication"),
        ("Last day for questions", "clarification_deadline"),
        ("Deadline for tenders", "submission_deadline"),
        ("Expected start of the contract", "contract_start"),
    ]
    written = [(label, dates.formatted(name, language)) for label, name in rows]
    return [{"label": label, "value": value} for label, value in written if value]


def _clause_view(clause: AssembledClause) -> dict[str, Any]:
    return {"heading": f"{clause.number} {clause.title}", "blocks": _blocks(clause.blocks)}


def tender_context(tender: AssembledTender, award_criteria: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data (strings, lists and dicts only)."""
    spec = tender.spec
    language = spec.language.split("-")[0]
    page_word, of_word = _PAGE_WORDS.get(language, _PAGE_WORDS["en"])
    toc = []
    sections = []
    for section in tender.sections:
        toc.append({"level": 1, "text": f"{section.number} {section.title}"})
        toc.extend({"level": 2, "text": f"{c.number} {c.title}"} for c in section.clauses)
        sections.append(
            {
                "heading": f"{section.number} {section.title}",
                "intro": _blocks(section.intro),
                "clauses": [_clause_view(c) for c in section.clauses],
            }
        )
    toc.append({"level": 1, "text": ANNEX_VERIFICATION})
    if award_criteria:
        toc.append({"level": 1, "text": ANNEX_AWARD})
    library = tender.lock
    context = {
        "title": spec.title,
        "buyer": spec.buyer.name,
        "reference": spec.reference,
        "procedure": PROCEDURES[spec.procedure],
        "facts": _facts(tender),
        "description": _blocks(tender.description),
        "lots": [
            {
                "id": lot.id,
                "title": lot.title,
                "value": format_money(lot.estimated_value.amount, lot.estimated_value.currency, spec.language)
                if lot.estimated_value
                else "",
            }
            for lot in spec.lots
        ],
        "dates": _dates(tender),
        "sections": sections,
        "toc_first": "About this tender",
        "toc": toc,
        "toc_last": ANNEX_SOURCES,
        "annex_verification": ANNEX_VERIFICATION,
        "verification": [
            {"number": c.number, "title": c.title, "text": " ".join(c.verification.split())}
            for c in tender.clauses()
            if c.verification
        ],
        "annex_award": ANNEX_AWARD,
        "award_criteria": award_criteria or [],
        "annex_sources": ANNEX_SOURCES,
        "sources_intro": (
            f"The clauses of this tender come from the {library.library_id} clause library, version "
            f"{library.library_version}, or were written for this tender. The fingerprint identifies the "
            "exact wording of each library clause."
        ),
        "sources": [
            {"number": c.number, "id": c.id, "version": c.version or "", "hash": (c.sha256 or "")[:16]}
            if c.origin == "library"
            else {"number": c.number, "id": "written for this tender", "version": "", "hash": ""}
            for c in tender.clauses()
        ],
        "page_word": page_word,
        "of_word": of_word,
    }
    return context


@cache
def _tender_template_class() -> type:
    """docxtpl with two whole-document passes replaced by what this template needs (docxtpl, docx
    and jinja2 are imported here, when a tender is first written, so that opening the app does not).

    * ``resolve_listing`` would turn tabs and line breaks inside values into Word tabs and breaks.
      A value must never change the document's structure, so instead the rendered XML is cleaned
      in one pass: XML-illegal characters removed, tabs and line breaks made spaces (whitespace
      between elements means nothing to XML, and inside text a space is what we want).
    * ``fix_tables`` widens tables whose columns were removed by ``{%tc %}`` tags; the tender
      template has none, so parsing the XML is all that is left to do.
    """
    from docxtpl import DocxTemplate
    from lxml import etree

    class TenderTemplate(DocxTemplate):
        def resolve_listing(self, xml: str) -> str:
            return clean_text(xml)

        def fix_tables(self, xml: str) -> Any:
            return etree.fromstring(xml, parser=etree.XMLParser(recover=True))

    return TenderTemplate


def _environment() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_tender(tender: AssembledTender, template: Path | None = None, rubric: Rubric | None = None) -> bytes:
    """The tender document as DOCX bytes (deterministic for the same inputs).

    With a ``rubric``, an annex lists the award criteria and their weights.
    """
    document = _tender_template_class()(str(template or template_path()))
    award_criteria = award_criteria_rows(rubric) if rubric is not None else None
    document.render(tender_context(tender, award_criteria), jinja_env=_environment())
    _finish(document.docx, tender)
    return save_docx(document.docx)


def write_tender(tender: AssembledTender, target: Path, **options: Any) -> None:
    """Render and write atomically; raises :class:`~procure_app.core.base.atomic.WriteError`."""
    write_bytes_atomic(target, render_tender(tender, **options))


def _finish(docx: Any, tender: AssembledTender) -> None:
    """Accessibility and reproducibility: language, title and fixed dates in the properties."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    spec = tender.spec
    styles = docx.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(
        parse_xml(
            f'<w:lang {nsdecls("w")} w:val="{spec.language}" w:eastAsia="{spec.language}" w:bidi="{spec.language}"/>'
        )
    )
    properties = docx.core_properties
    stamp = datetime.combine(spec.dates.publication, time(9, 0))
    properties.title = clean_text(spec.title)
    properties.subject = clean_text(f"Invitation to tender {spec.reference}")
    properties.author = clean_text(spec.buyer.name)
    properties.last_modified_by = clean_text(spec.buyer.name)
    properties.language = spec.language
    properties.keywords = clean_text(f"{spec.reference}; tender; {spec.main_category}")
    properties.comments = "Made with Procure"
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1
