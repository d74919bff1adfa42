"""Beside the score grids: the criterion of the current cell, its guidance and the rating scale.

The descriptors say what each score means; a keyboard user moving through the grid reads them
here (a tooltip needs the mouse). The level of the cell's current score is marked, so the panel
also says in words what the number in the cell stands for.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..evaluation.evaluation_html import STYLE
from .project_jobs import ProjectSnapshot

__all__ = ["ScalePanel", "scale_html"]


def scale_html(snapshot: ProjectSnapshot, bid: str, criterion_id: str, score: Decimal | None) -> str:
    """The criterion, its guidance and the scale with its descriptors, the level of ``score`` marked."""
    criterion = next((c for c in snapshot.criteria if c.id == criterion_id), None)
    if criterion is None:
        return ""
    bidder = snapshot.bids.get(bid, bid)
    parts = [
        f"{STYLE}<h3>{escape(criterion.title)}</h3>",
        f'<p class="meta">{escape(criterion.group)} · {escape(bidder)} ({escape(bid)})</p>',
    ]
    label = snapshot.label_of(score) if score is not None else ""
    if score is not None:
        # First, so that it is in sight without scrolling: what the number in the cell stands for.
        in_cell = QCoreApplication.translate("ScalePanel", "In this cell")
        parts.append(f"<p><b>{escape(in_cell)}: {score} · {escape(label)}</b></p>")
    parts.append(f"<p><b>{escape(QCoreApplication.translate('ScalePanel', 'Rating scale'))}</b></p><ul>")
    for value, level, descriptor in snapshot.scale:
        line = f"<b>{value} · {escape(level)}</b>: {escape(descriptor)}"
        if score is not None and Decimal(value) == score:
            line = f'<span style="background:#fff4d6">{line}</span>'
        parts.append(f"<li>{line}</li>")
    parts.append("</ul>")
    if criterion.guidance:
        how = QCoreApplication.translate("ScalePanel", "How to score this criterion")
        parts.append(f"<p><b>{escape(how)}</b></p><p>{escape(criterion.guidance)}</p>")
    return "".join(parts)


class ScalePanel(QWidget):
    """A read-only panel that follows the current cell of a score grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Selectable and focusable by keyboard as well, so a screen reader can read it line by line.
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text.setAccessibleName(self.tr("Rating scale of the current cell"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        scroll.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear()

    def clear(self) -> None:
        hint = self.tr("Choose a score cell to read its criterion and rating scale.")
        self.text.setText(f"{STYLE}<p class='meta'>{escape(hint)}</p>")

    def show_cell(self, snapshot: ProjectSnapshot | None, bid: str, criterion: str, score: Decimal | None) -> None:
        html = scale_html(snapshot, bid, criterion, score) if snapshot is not None else ""
        if html:
            self.text.setText(html)
        else:
            self.clear()
