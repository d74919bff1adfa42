"""The conflict-of-interest declaration an evaluator makes before scoring: one choice per bid.

Each bid gets *No conflict* or *Conflict of interest* with a statement of what the conflict is, as
on the Declaration sheet of a scoresheet. A bid left *Not declared yet* stays closed to scoring. The
dialog only asks; the controller turns the answer into one undoable edit
(:func:`~procure_app.core.project.store.declaration_edit.edit_declarations`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.project.panel.text_bounds import MAX_CELL_TEXT
from ...core.project.store.declaration_edit import Declaration

__all__ = ["BidToDeclare", "DeclarationDialog"]

NOT_DECLARED, NO_CONFLICT, CONFLICT = range(3)


@dataclass(frozen=True)
class BidToDeclare:
    bid: str
    bidder: str
    current: Declaration | None  # what was declared before (None: nothing yet)
    scores_entered: int  # the evaluator's scores on the bid, which a conflict removes


class DeclarationDialog(QDialog):
    """One row per bid: the declaration and, for a conflict, its statement."""

    def __init__(self, parent: QWidget | None, evaluator_name: str, bids: Sequence[BidToDeclare]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Declare Conflicts of Interest"))
        self.setMinimumWidth(720)
        self.evaluator_name = evaluator_name
        self.bids = tuple(bids)
        self.choices: list[QComboBox] = []
        self.statements: list[QLineEdit] = []
        intro = QLabel(
            self.tr(
                "{name} declares, for each bid, whether they have a conflict of interest with the bidder. "
                "A bid is scored only once it is declared; a conflict takes {name} off the bid. The declaration "
                "is kept in the project's audit log."
            ).format(name=evaluator_name)
        )
        intro.setWordWrap(True)
        rows = QWidget()
        grid = QGridLayout(rows)
        for column, title in enumerate((self.tr("Bid"), self.tr("Declaration"), self.tr("What the conflict is"))):
            heading = QLabel(f"<b>{title}</b>")
            grid.addWidget(heading, 0, column)
        for row, bid in enumerate(self.bids, start=1):
            self._add_row(grid, row, bid)
        grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        # Every bid in sight up to a dozen or so; beyond that the list scrolls.
        scroll.setMinimumHeight(min(rows.sizeHint().height() + 8, 460))
        self.rest_button = QPushButton(self.tr("&No conflict on every bid not declared yet"))
        self.rest_button.clicked.connect(self._no_conflict_on_the_rest)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName(self.tr("About the declaration"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Declare"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.rest_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._update()

    def _add_row(self, grid: QGridLayout, row: int, bid: BidToDeclare) -> None:
        name = QLabel(f"{bid.bidder} ({bid.bid})")
        choice = QComboBox()
        choice.addItems([self.tr("Not declared yet"), self.tr("No conflict"), self.tr("Conflict of interest")])
        choice.setAccessibleName(self.tr("Declaration on {bid}").format(bid=bid.bid))
        statement = QLineEdit()
        statement.setMaxLength(MAX_CELL_TEXT)
        statement.setAccessibleName(self.tr("What the conflict on {bid} is").format(bid=bid.bid))
        statement.setPlaceholderText(self.tr("Who, and how they are linked to the bidder"))
        if bid.current is not None:
            conflicted, said = bid.current
            choice.setCurrentIndex(CONFLICT if conflicted else NO_CONFLICT)
            statement.setText(said)
            # A declaration once made is changed, not taken back (Undo takes back a whole declaration).
            choice.model().item(NOT_DECLARED).setEnabled(False)  # type: ignore[attr-defined]
        name.setBuddy(choice)
        choice.currentIndexChanged.connect(self._update)
        statement.textChanged.connect(self._update)
        grid.addWidget(name, row, 0)
        grid.addWidget(choice, row, 1)
        grid.addWidget(statement, row, 2)
        self.choices.append(choice)
        self.statements.append(statement)

    def _no_conflict_on_the_rest(self) -> None:
        for choice in self.choices:
            if choice.currentIndex() == NOT_DECLARED:
                choice.setCurrentIndex(NO_CONFLICT)

    def declarations(self) -> dict[str, Declaration]:
        """The bids declared in the dialog, with what was declared (bids left undeclared are left out)."""
        chosen: dict[str, Declaration] = {}
        for bid, choice, statement in zip(self.bids, self.choices, self.statements, strict=True):
            if choice.currentIndex() == NO_CONFLICT:
                chosen[bid.bid] = (False, "")
            elif choice.currentIndex() == CONFLICT:
                chosen[bid.bid] = (True, statement.text().strip())
        return chosen

    def _update(self) -> None:
        lines: list[str] = []
        for bid, choice, statement in zip(self.bids, self.choices, self.statements, strict=True):
            conflicted = choice.currentIndex() == CONFLICT
            statement.setEnabled(conflicted)
            if conflicted and not statement.text().strip():
                lines.append(self.tr("Say what the conflict on {bid} is.").format(bid=bid.bid))
            if conflicted and bid.scores_entered and not (bid.current and bid.current[0]):
                lines.append(
                    self.tr(
                        "A conflict on {bid} removes the {count} score(s) {name} entered on it "
                        "(Edit ▸ Undo brings them back)."
                    ).format(bid=bid.bid, count=bid.scores_entered, name=self.evaluator_name)
                )
        waiting = sum(1 for choice in self.choices if choice.currentIndex() == NOT_DECLARED)
        if waiting:
            lines.append(self.tr("{count} bid(s) not declared yet: they cannot be scored.").format(count=waiting))
        missing_statement = any(
            choice.currentIndex() == CONFLICT and not statement.text().strip()
            for choice, statement in zip(self.choices, self.statements, strict=True)
        )
        changed = any(
            self.declarations().get(bid.bid) != bid.current
            for bid in self.bids
            if self.declarations().get(bid.bid) is not None
        )
        self.rest_button.setEnabled(waiting > 0)
        self.note.setText("\n".join(lines))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(changed and not missing_statement)
