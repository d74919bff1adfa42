"""The HTML shown for one clause in the library browser (pure function, no Qt).

Every value from the library is escaped: clause text is untrusted and may contain ``<`` or ``&``.
Placeholders are highlighted so that an officer sees at a glance what must be filled in.
"""

from __future__ import annotations

from html import escape

from ...core.library.clauses import Clause
from ...core.library.guidelines import GuidelinesModel
from ...core.library.placeholders import find_placeholders
from ...core.library.textblocks import BulletList, split_blocks

__all__ = ["clause_html"]

_STYLE = """
<style>
  h2 { margin-bottom: 2px; }
  .meta { color: #555; }
  .ph { background: #fff2b3; color: #5a4300; }
  .ref { background: #dcecff; color: #083d77; }
  .box { background: #f6f7f9; padding: 6px; }
  th { text-align: left; padding-right: 12px; }
  td { padding-right: 12px; }
</style>
"""


def _paragraphs(text: str) -> str:
    """Clause text as HTML paragraphs and lists, placeholders highlighted."""
    html = []
    for block in split_blocks(text):
        if isinstance(block, BulletList):
            html.append("<ul>" + "".join(f"<li>{_highlight(item)}</li>" for item in block.items) + "</ul>")
        else:
            html.append(f"<p>{_highlight(block.text)}</p>")
    return "".join(html)


def _highlight(text: str) -> str:
    out: list[str] = []
    position = 0
    for placeholder in find_placeholders(text):
        out.append(escape(text[position : placeholder.start]))
        css = "ref" if placeholder.is_ref else "ph"
        label = f"→ {placeholder.name}" if placeholder.is_ref else placeholder.name
        out.append(f'<span class="{css}">[{escape(label)}]</span>')
        position = placeholder.end
    out.append(escape(text[position:]))
    return "".join(out)


def _variables(clause: Clause) -> str:
    if not clause.variables:
        return ""
    rows = ["<tr><th>Name</th><th>Type</th><th>Question</th><th>Default</th></tr>"]
    for variable in clause.variables:
        default = "" if variable.default is None else str(variable.default)
        if variable.type == "choice":
            default += f" (one of: {', '.join(variable.allowed)})"
        optional = "" if variable.required else " <i>(optional)</i>"
        rows.append(
            f"<tr><td>{escape(variable.name)}</td><td>{escape(variable.type)}</td>"
            f"<td>{escape(variable.label)}{optional}</td><td>{escape(default)}</td></tr>"
        )
    return f"<h3>Values to fill in</h3><table>{''.join(rows)}</table>"


def _references(clause: Clause, guidelines: GuidelinesModel | None) -> str:
    items = []
    for ref in clause.guideline_refs:
        described = guidelines.describe(ref) if guidelines else ref
        items.append(f"<li>{escape(described)}</li>")
    standards = "".join(f"<li>{escape(s)}</li>" for s in clause.standards)
    html = f"<h3>Guidelines</h3><ul>{''.join(items)}</ul>"
    if standards:
        html += f"<h3>Standards and law</h3><ul>{standards}</ul>"
    return html


def clause_html(clause: Clause, guidelines: GuidelinesModel | None = None) -> str:
    """A full, escaped HTML description of ``clause`` for the detail pane."""
    level = f" · {clause.level} level" if clause.level else ""
    parts = [
        _STYLE,
        f"<h2>{escape(clause.title)}</h2>",
        f'<p class="meta">{escape(clause.id)} · {escape(clause.kind)} · {escape(clause.status)} · '
        f"version {escape(clause.version)}{escape(level)} · applies to {escape(', '.join(clause.applies_to))}<br>"
        f"Owner: {escape(clause.owner)} · last reviewed {escape(clause.last_reviewed)}</p>",
    ]
    if clause.status == "deprecated":
        parts.append(f"<p><b>Deprecated:</b> use {escape(clause.replaced_by or 'its replacement')} instead.</p>")
    parts.append(f'<h3>Text</h3><div class="box">{_paragraphs(clause.text)}</div>')
    for variant in clause.variants:
        parts.append(f'<h3>Variant: {escape(variant.label)}</h3><div class="box">{_paragraphs(variant.text)}</div>')
    for paragraph in clause.optional_paragraphs:
        parts.append(
            f"<h3>Optional paragraph: {escape(paragraph.label)}</h3>"
            f'<p class="meta">Included when {escape(paragraph.enabled_by)} is true.</p>'
            f'<div class="box">{_paragraphs(paragraph.text)}</div>'
        )
    parts.append(_variables(clause))
    parts.append(f"<h3>Guidance for the officer</h3>{_paragraphs(clause.guidance)}")
    if clause.verification:
        parts.append(f"<h3>Verification</h3>{_paragraphs(clause.verification)}")
    parts.append(_references(clause, guidelines))
    return "".join(parts)
