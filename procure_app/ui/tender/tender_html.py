"""The HTML the tender tab shows: its header, a clause or a section, and why a tender cannot be built.

Pure functions, no Qt. Every value comes from a spec or a library, which are untrusted: all of it
is escaped, so ``<b>`` or ``&`` in a title stays text.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ...core.base.diagnostics import Diagnostic
from ...core.library.guidelines import GuidelinesModel
from ...core.library.textblocks import Block, BulletList, split_blocks
from ...core.tender.assembly import AssembledClause, AssembledSection
from ...core.tender.docx import PROCEDURES
from ...core.tender.outline import OutlineClause, OutlineSection
from ...core.tender.spec import TenderSpec
from .tender_jobs import BuildResult, TenderState

__all__ = [
    "STYLE",
    "blocks_html",
    "header_html",
    "clause_detail_html",
    "section_detail_html",
    "outline_clause_html",
    "outline_section_html",
    "blocked_html",
    "verdict_html",
    "built_html",
]

STYLE = """
<style>
  h2 { margin-bottom: 2px; }
  .meta { color: #555; }
  .box { background: #f6f7f9; padding: 6px; }
  .warn { color: #8a5300; }
  .error { color: #a40000; }
</style>
"""


def blocks_html(blocks: tuple[Block, ...] | list[Block]) -> str:
    """Paragraphs and bullet lists as HTML."""
    html = []
    for block in blocks:
        if isinstance(block, BulletList):
            html.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>")
        else:
            html.append(f"<p>{escape(block.text)}</p>")
    return "".join(html)


def header_html(spec: TenderSpec | None, spec_path: Path, *, saved: bool = True) -> str:
    """Title, then reference, buyer, procedure and submission deadline, then the spec file
    (``saved`` False: a new tender, not saved yet)."""
    translate = QCoreApplication.translate
    where = f'<span class="meta">{escape(str(spec_path) if saved else translate("tender", "Not saved yet"))}</span>'
    if spec is None:
        name = spec_path.name if saved else translate("tender", "New tender")
        said = translate("tender", "The spec has errors: see Checks, or the fields marked in red under Details.")
        return f"{STYLE}<h2>{escape(name)}</h2><p>{escape(said)}<br>{where}</p>"
    facts = [
        f"Reference <b>{escape(spec.reference)}</b>",
        f"Buyer <b>{escape(spec.buyer.name)}</b>",
        f"<b>{escape(PROCEDURES.get(spec.procedure, spec.procedure).capitalize())}</b>",
        f"Submission deadline <b>{escape(spec.dates.formatted('submission_deadline', spec.language) or '')}</b>",
    ]
    return f"{STYLE}<h2>{escape(spec.title)}</h2><p>{' · '.join(facts)}<br>{where}</p>"


def _guidelines(refs: tuple[str, ...], guidelines: GuidelinesModel | None) -> str:
    if not refs:
        return ""
    items = "".join(f"<li>{escape(guidelines.describe(ref) if guidelines else ref)}</li>" for ref in refs)
    return f"<h3>Guidelines</h3><ul>{items}</ul>"


def _clause_meta(clause: AssembledClause) -> str:
    parts = [escape(clause.id), escape(clause.kind)]
    if clause.origin == "library":
        parts.append(f"library clause, version {escape(clause.version or '?')}")
        if clause.variant != "standard":
            parts.append(f"variant {escape(clause.variant)}")
        if clause.status and clause.status != "approved":
            parts.append(f'<span class="warn"><b>{escape(clause.status)}</b></span>')
    else:
        parts.append("written for this tender")
    return f'<p class="meta">{" · ".join(parts)}</p>'


def clause_detail_html(clause: AssembledClause, guidelines: GuidelinesModel | None = None) -> str:
    """One clause as the tender words it: number, title, text, verification, guidelines."""
    parts = [
        STYLE,
        f"<h2>{escape(clause.number)} {escape(clause.title)}</h2>",
        _clause_meta(clause),
        f'<div class="box">{blocks_html(clause.blocks)}</div>',
    ]
    if clause.verification:
        parts.append(f"<h3>Verification</h3>{blocks_html(split_blocks(clause.verification))}")
    else:
        parts.append('<h3>Verification</h3><p class="meta">None: this clause asks for no evidence.</p>')
    parts.append(_guidelines(clause.guideline_refs, guidelines))
    return "".join(parts)


def section_detail_html(section: AssembledSection) -> str:
    """A section: its title, the officer's introduction and the list of its clauses."""
    items = "".join(f"<li>{escape(c.number)} {escape(c.title)}</li>" for c in section.clauses)
    intro = blocks_html(section.intro) if section.intro else '<p class="meta">No introduction.</p>'
    return f"{STYLE}<h2>{escape(section.number)} {escape(section.title)}</h2>{intro}<h3>Clauses</h3><ul>{items}</ul>"


def blocked_html(spec_path: Path, errors: list[Diagnostic]) -> str:
    """Why the tender cannot be built, and what to do."""
    items = "".join(
        f"<li><b>{escape(d.rule)}</b> {escape(d.path.name)} line {d.line}: {escape(d.message)}</li>" for d in errors
    )
    count = f"{len(errors)} error" + ("s" if len(errors) != 1 else "")
    where = f"<b>{escape(spec_path.name)}</b>"
    if any(d.path != spec_path for d in errors):
        where += " and the other files named below"
    return (
        f'{STYLE}<h2 class="error">This tender cannot be built</h2>'
        f"<p>Procure found {count}. Fix {'them' if len(errors) != 1 else 'it'} in {where} with your text editor "
        "and save: Procure checks the spec again as soon as it is saved (or press F5). "
        "In Checks, double-click a row (or press Enter) to copy its file and line.</p>"
        f"<ul>{items}</ul>"
    )


# --- the status bar -------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def verdict_html(state: TenderState) -> str:
    """One line on a checked tender: its size and whether it can be built."""
    tender = state.prepared.tender
    if not state.buildable or tender is None:
        return f"<b>The tender cannot be built:</b> {_plural(len(state.errors), 'error')} — see Checks"
    clauses = sum(len(section.clauses) for section in tender.sections)
    parts = [f"{_plural(len(tender.sections), 'section')}, {_plural(clauses, 'clause')}", "ready to build"]
    if state.warnings:
        parts.append(_plural(len(state.warnings), "warning"))
    if state.coverage is not None:
        parts.append(f"guidelines coverage {state.coverage.covered} of {state.coverage.total}")
    return escape(" · ".join(parts))


def built_html(result: BuildResult) -> str:
    """What a build wrote, each file a link that opens it."""
    files = " and ".join(f'<a href="{escape(path.as_uri())}">{escape(path.name)}</a>' for path in result.written)
    folder = result.written[0].parent
    text = (
        f'Wrote {files} in {escape(str(folder))} · <a href="{escape(folder.as_uri())}">{escape(_tr("Open folder"))}</a>'
    )
    tender = result.state.prepared.tender
    if result.pinned is not None and tender is not None:
        text += f" · pinned {_plural(len(tender.lock.clauses), 'clause')} in {escape(result.pinned.name)}"
    elif result.pins_skipped:
        text += " · clauses not pinned: the bundled example is read-only (open a copy to pin them)"
    elif result.pin_error:
        text += " · <b>clauses not pinned</b>: the lock file could not be written"
    return text


def outline_section_html(section: OutlineSection) -> str:
    """A section of the spec not assembled yet: its title, introduction and clauses."""
    items = "".join(f"<li>{escape(c.number)} {escape(c.title)}</li>" for c in section.clauses)
    intro = (
        "".join(f"<p>{escape(p)}</p>" for p in section.intro.split("\n\n") if p.strip())
        if section.intro.strip()
        else f'<p class="meta">{escape(_tr("No introduction."))}</p>'
    )
    heading = f"{section.number} {section.title}"
    return f"{STYLE}<h2>{escape(heading)}</h2>{intro}<h3>{escape(_tr('Clauses'))}</h3><ul>{items}</ul>"


def outline_clause_html(clause: OutlineClause) -> str:
    """A clause the tender does not word yet: a custom clause, or an id the library does not have."""
    if clause.custom:
        note = _tr("A custom clause: the tender words it once the checks find no errors.")
    else:
        note = _tr("The library has no clause {id}: see Checks.").format(id=clause.id)
    return f'{STYLE}<h2>{escape(clause.number)} {escape(clause.title)}</h2><p class="meta">{escape(note)}</p>'


def _tr(text: str) -> str:
    return QCoreApplication.translate("TenderHtml", text)
