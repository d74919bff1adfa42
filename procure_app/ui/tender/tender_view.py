"""The Tender tab: header, outline, the selected clause as the tender words it, checks and coverage.

The view only shows a :class:`~procure_app.ui.tender.tender_jobs.TenderState`; loading and building are
the window's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeView,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.base.diagnostics import Diagnostic
from ...core.library.clauses import ClauseLibrary
from ...core.library.guidelines import GuidelinesModel
from ...core.tender.assembly import AssembledTender, reword_clause
from ...core.tender.outline import OutlineClause, OutlineSection
from ..library.clause_html import clause_html
from ..widgets import (
    current_text,
    expand_all,
    go_to,
    placeholder,
    restore_splitters,
    rich_label,
    save_splitters,
    settle,
    stacked,
    text_view,
    titled,
    vbox,
)
from .checks_view import DIAGNOSTIC_ROLE, ChecksPanel
from .clause_browser import ClauseBrowser
from .coverage_view import CoverageTree
from .custom_clause_form import CustomClauseForm
from .details_form import DetailsForm
from .pin_update_view import PinUpdateBar
from .recovery_keeper import RecoveryBanner
from .section_form import SectionForm
from .start_page import StartPage
from .tender_html import (
    STYLE,
    blocked_html,
    clause_detail_html,
    header_html,
    outline_clause_html,
    outline_section_html,
    section_detail_html,
)
from .tender_jobs import TenderState
from .tender_model import CLAUSE_ID_ROLE, OutlinePosition, TenderOutlineModel
from .values_form import ValuesForm

__all__ = ["TenderView", "DETAILS_PAGE", "CLAUSES_PAGE"]

DETAILS_PAGE, CLAUSES_PAGE = 0, 1
START_SCREEN, EDITOR_SCREEN = 0, 1  # the start page, and the tender open for editing


class TenderView(QWidget):
    check_selected = Signal(object)  # the Diagnostic selected in Checks, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: TenderState | None = None
        self.saved = True  # False while the tender shown is a new one, never saved
        self._showing = False
        self._filling = False
        self._build_header()
        self._build_outline()
        self._build_panels()
        self.browser = ClauseBrowser()
        self.library: ClauseLibrary | None = None  # the library open, for clauses not yet assembled
        self.pending_clause: str | None = None  # a clause just added: selected once the outline shows it
        self._assembled: tuple[AssembledTender, ClauseLibrary] | None = None  # the last tender that assembled
        self.pending_position: OutlinePosition | None = None  # the row an outline edit leaves selected
        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.addWidget(self.browser)
        outline_box = QWidget()
        outline_layout = QVBoxLayout(outline_box)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.addLayout(self.outline_bar)
        outline_layout.addWidget(self.outline_stack, 1)
        outline_layout.addWidget(self.section_form)
        self.top_split.addWidget(titled(self.tr("&Outline"), outline_box, buddy=self.outline))
        self.values_form = ValuesForm()
        self.clause_split = QSplitter(Qt.Orientation.Vertical)
        self.pin_bar = PinUpdateBar()
        self.clause_split.addWidget(vbox(self.pin_bar, self.detail))
        self.custom_form = CustomClauseForm()
        self.clause_forms = vbox(self.values_form, self.custom_form)  # one of them, for the clause selected
        self.clause_split.addWidget(self.clause_forms)
        self.clause_split.setSizes([520, 380])
        self.top_split.addWidget(titled(self.tr("Cl&ause"), self.clause_split, buddy=self.detail))
        self.top_split.setSizes([560, 480, 560])
        # The builder's pages: the tender's details, and its clauses in their outline.
        self.details = DetailsForm()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.details, self.tr("Deta&ils"))
        self.pages.addTab(self.top_split, self.tr("Clau&ses"))
        self.pages.setCurrentIndex(CLAUSES_PAGE)
        self.pages.setAccessibleName(self.tr("Details and clauses"))
        self.panels = QTabWidget()
        self.panels.setDocumentMode(True)
        self.panels.addTab(self.checks, self.tr("&Checks"))
        self.panels.addTab(self.coverage_box, self.tr("&Guidelines coverage"))
        self.panels.setAccessibleName(self.tr("Checks and guidelines coverage"))
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.pages)
        self.main_split.addWidget(self.panels)
        self.main_split.setSizes([540, 300])
        settle(self.top_split, (3, 3, 3))
        settle(self.main_split, (3, 2))
        self.recovery_banner = RecoveryBanner()
        self.start_page = StartPage()
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.header)
        editor_layout.addWidget(self.main_split, 1)
        self.screens = stacked(self.start_page, editor)  # the start page while no tender is open
        self.screens.setCurrentIndex(EDITOR_SCREEN)
        layout = QVBoxLayout(self)
        layout.addWidget(self.recovery_banner)
        layout.addWidget(self.screens, 1)
        self.setTabOrder(self.outline, self.detail)
        self.setTabOrder(self.detail, self.checks.tree)
        self.setTabOrder(self.checks.tree, self.coverage)

    def show_checks(self) -> None:
        """Show the Checks sub-tab and focus its list (a hidden widget cannot take the focus)."""
        self.panels.setCurrentWidget(self.checks)
        self.checks.tree.setFocus()

    def show_coverage(self) -> None:
        """Show the coverage sub-tab and focus its tree."""
        self.panels.setCurrentWidget(self.coverage_box)
        self.coverage.setFocus()

    # --- construction -------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = rich_label(self.tr("Tender summary"))

    def _build_outline(self) -> None:
        self.model = TenderOutlineModel(self)
        self.outline = QTreeView()
        self.outline.setModel(self.model)
        self.outline.setUniformRowHeights(True)
        self.outline.setAlternatingRowColors(True)
        self.outline.setAccessibleName(self.tr("Tender outline"))
        self.outline.setAccessibleDescription(
            self.tr("Sections and clauses of the tender with their numbers. Drag clauses here from the browser.")
        )
        # Clauses dragged in from the browser, and rows dragged to another place (the model reports
        # each drop; the outline editor makes it an edit of the spec).
        self.outline.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.outline.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.outline.setDropIndicatorShown(True)
        self.outline_bar = QHBoxLayout()  # the outline editor's buttons
        self.outline_bar.setContentsMargins(0, 0, 0, 0)
        self.section_form = SectionForm()
        header = self.outline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.outline.selectionModel().currentChanged.connect(self._show_current)
        self.no_outline = placeholder(self.tr("No sections yet: add a clause from the browser, or a section."))
        self.outline_stack = stacked(self.outline, self.no_outline)
        self.detail = text_view(self.tr("Clause text"))

    def _build_panels(self) -> None:
        self.checks = ChecksPanel()
        self.checks.tree.currentItemChanged.connect(self._check_selected)
        # A click on the check already selected (by the keyboard, or before the fixes could be
        # offered) offers its fixes too.
        self.checks.tree.itemClicked.connect(lambda item, _column: self._check_selected(item, None))
        self.coverage = CoverageTree()
        self.coverage.clause_requested.connect(self.select_clause)
        self.coverage_summary = QLabel()
        self.coverage_summary.setWordWrap(True)
        self.coverage_box = vbox(self.coverage_summary, self.coverage)

    # --- showing ------------------------------------------------------------------------------
    def show_loading(self, spec_path: Path) -> None:
        if self.state is None or self.state.spec_path != spec_path:
            opening = self.tr("Opening {name} …").format(name=spec_path.name)
            self.header.setText(f"{STYLE}<h2>{escape(opening)}</h2>")

    @property
    def showing_start_page(self) -> bool:
        return self.screens.currentIndex() == START_SCREEN

    def show_start_page(self) -> None:
        """No tender is open: show the start page, its recent files as they are now."""
        self.state = None
        self.start_page.refresh()
        self.screens.setCurrentIndex(START_SCREEN)
        self.start_page.blank_button.setFocus()

    def show_editor(self) -> None:
        self.screens.setCurrentIndex(EDITOR_SCREEN)

    def show_details(self) -> None:
        """Show the Details page and focus its first field."""
        self.pages.setCurrentIndex(DETAILS_PAGE)
        self.details.fields[0].widget.setFocus()

    def show_state(self, state: TenderState, outline: tuple[OutlineSection, ...]) -> None:
        """Show the checks of ``state`` and the ``outline`` of the text they are of."""
        same_spec = self.state is not None and self.state.spec_path == state.spec_path
        previous = self.current_clause_id() if same_spec else None
        if not same_spec:  # a spec just opened: its checks when it has any, else its coverage
            self._assembled = None
            self.panels.setCurrentIndex(0 if state.checks or not state.buildable else 1)
        self.state = state
        self._showing = True
        try:
            self._show(state, outline, previous)
        finally:
            self._showing = False

    def show_outline(self, outline: tuple[OutlineSection, ...]) -> None:
        """Show the outline of the text as it is now (after an edit, before its check)."""
        if outline != self.model.outline:  # typing in the Details form leaves it as it is
            self._fill_outline(outline, self.current_clause_id())

    def _show(self, state: TenderState, outline: tuple[OutlineSection, ...], previous: str | None) -> None:
        self.details.show_problems(state)
        self.values_form.show_problems(state)
        self.custom_form.show_problems(state)
        if state.prepared.tender is not None and state.prepared.library is not None:
            self._assembled = (state.prepared.tender, state.prepared.library)  # worded while a value has errors
        self.header.setText(header_html(state.prepared.spec, state.spec_path, saved=self.saved))
        self.checks.set_checks(state.checks, state.buildable)
        self._title_panels(state)
        if state.prepared.tender is not None and state.buildable:
            coverage = state.coverage
            self.coverage_summary.setText(
                self.tr(
                    "The clauses of this tender cover {covered} of the {total} principles of the guidelines "
                    "(with the actions of pillar 2.2.4). Double-click a covered row to see its first clause."
                ).format(covered=coverage.covered, total=coverage.total)
                if coverage
                else ""
            )
            self.coverage.set_coverage(coverage, self.tr("The guidelines model could not be read."))
        else:
            self.coverage_summary.setText("")
            self.coverage.set_coverage(None, self.tr("Coverage is shown once the tender can be built."))
        self._fill_outline(outline, previous)

    def _fill_outline(self, outline: tuple[OutlineSection, ...], previous: str | None) -> None:
        position = self.current_position()
        previous_section = position[0] if position is not None and position[1] is None else None
        self._filling = True  # the detail is shown once, for the row chosen at the end
        try:
            self.model.set_outline(outline)
            self.custom_form.outline = outline  # the clauses a reference may point to
            for row in range(self.model.rowCount()):
                self.outline.setFirstColumnSpanned(row, QModelIndex(), True)  # a section title uses the full width
            expand_all(self.outline)
            self.outline_stack.setCurrentIndex(0 if outline else 1)
            pending, self.pending_clause = self.pending_clause, None
            chosen, self.pending_position = self.pending_position, None
            if chosen is None and previous_section is not None and not pending:
                chosen = (previous_section, None)  # a section stays selected while its title is typed
            selected = chosen is not None and self.select_position(chosen)
            selected = selected or bool(pending and self.select_clause(pending))
            selected = selected or bool(previous and self.select_clause(previous))
            if not selected and previous and position is not None and position[1] is not None:
                renamed = self.model.clause_at(self.model.index(position[1], 0, self.model.index(position[0], 0)))
                selected = renamed is not None and renamed.custom and self.select_position(position)  # its id typed
            if not selected:
                if self.state is not None and self.state.errors:
                    self.outline.setCurrentIndex(QModelIndex())  # the detail says why it cannot be built
                else:
                    self._select_first_clause()
        finally:
            self._filling = False
        self._show_current(self.outline.currentIndex(), QModelIndex())

    def _title_panels(self, state: TenderState) -> None:
        errors, warnings = len(state.errors), len(state.warnings)
        counts = [self.tr("1 error") if errors == 1 else self.tr("{n} errors").format(n=errors)] if errors else []
        if warnings:
            counts.append(self.tr("1 warning") if warnings == 1 else self.tr("{n} warnings").format(n=warnings))
        checks = self.tr("&Checks ({counts})").format(counts=", ".join(counts)) if counts else self.tr("&Checks ✓")
        self.panels.setTabText(0, checks)
        coverage = state.coverage if state.buildable else None
        self.panels.setTabText(
            1,
            self.tr("&Guidelines coverage ({covered} of {total})").format(
                covered=coverage.covered, total=coverage.total
            )
            if coverage
            else self.tr("&Guidelines coverage"),
        )
        if errors:
            self.panels.setCurrentIndex(0)

    def _check_selected(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        """A check about a clause shows that clause; the controller offers the check's fixes."""
        diagnostic = item.data(0, DIAGNOSTIC_ROLE) if item is not None else None
        self.check_selected.emit(diagnostic if isinstance(diagnostic, Diagnostic) else None)
        if self.state is None or self._showing or not isinstance(diagnostic, Diagnostic):
            return
        clause_id = self.state.clause_at_line(diagnostic.path, diagnostic.line)
        if clause_id is not None:
            self.select_clause(clause_id)

    def select_clause(self, clause_id: str) -> bool:
        return go_to(self.outline, self.model.index_of_clause(clause_id))

    def insert_position(self) -> tuple[int, int | None] | None:
        """Where a clause added now goes: (section, position), after the clause selected in the
        outline or at the end of the section selected (position None); None when nothing is."""
        current = self.outline.currentIndex()
        if not current.isValid() or self.outline_stack.currentIndex() != 0:
            return None
        if self.model.clause_at(current) is not None:
            return current.parent().row(), current.row() + 1
        return current.row(), None

    def current_position(self) -> OutlinePosition | None:
        """The row selected in the outline: (section, clause), clause None for a section row."""
        current = self.outline.currentIndex()
        if not current.isValid() or self.outline_stack.currentIndex() != 0:
            return None
        if current.parent().isValid():
            return current.parent().row(), current.row()
        return current.row(), None

    def select_position(self, position: OutlinePosition) -> bool:
        """Select the row at ``position``, or the nearest one left (the row after one removed)."""
        sections = self.model.rowCount()
        if sections == 0:
            return False
        section = min(position[0], sections - 1)
        parent = self.model.index(section, 0)
        clauses = self.model.rowCount(parent)
        if position[1] is None or clauses == 0:
            return go_to(self.outline, parent)
        return go_to(self.outline, self.model.index(min(position[1], clauses - 1), 0, parent))

    def current_clause_id(self) -> str | None:
        return current_text(self.outline, CLAUSE_ID_ROLE)

    def _select_first_clause(self) -> None:
        first = self.model.index(0, 0, self.model.index(0, 0))
        if not first.isValid():
            first = self.model.index(0, 0)
        self.outline.setCurrentIndex(first)

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filling:
            return
        state = self.state
        guidelines = state.guidelines if state else None
        clause = self.model.clause_at(current)
        section = self.model.section_at(current)
        if section is not None and clause is None:
            self.section_form.show_section(current.row(), section.title, section.intro)
        else:
            self.section_form.show_section(None)
        found = self.library.by_id.get(clause.id) if clause is not None and not clause.custom and self.library else None
        position = self.current_position()
        place = (position[0], position[1]) if position and position[1] is not None else None
        at = place if found is not None else None
        self.values_form.show_clause(at, found, self._currency())
        self.custom_form.show_clause(place if clause is not None and clause.custom else None)
        pinned = clause.assembled.version if clause is not None and clause.assembled is not None else None
        self.pin_bar.show_update(pinned, clause.newer if clause is not None else None)
        self.clause_forms.setVisible(self.values_form.shown is not None or self.custom_form.shown is not None)
        if state is not None:
            self.values_form.show_problems(state)
            self.custom_form.show_problems(state)
        if clause is not None:
            self.detail.setHtml(self._clause_html(clause, guidelines))
        elif section is not None:
            self.detail.setHtml(
                section_detail_html(section.assembled)
                if section.assembled is not None
                else outline_section_html(section)
            )
        elif state is not None and state.errors:
            self.detail.setHtml(blocked_html(state.spec_path, state.errors))
        else:
            self.detail.clear()

    def preview_edited(self, entry_of: Callable[[tuple[int, int]], object]) -> None:
        """Show the selected clause worded from its entry as it is being edited (``entry_of`` gives
        it): a value typed is in the preview at once, with the numbers the DOCX will have; the check
        of the whole tender follows when the typing pauses."""
        state, position, assembled = self.state, self.current_position(), self._assembled
        if state is None or assembled is None or position is None or position[1] is None:
            return
        tender, library = assembled
        entry = entry_of((position[0], position[1]))
        if isinstance(entry, Mapping):
            clause = reword_clause(tender, library, entry, ("sections", position[0], "clauses", position[1]))
            if clause is not None:
                self.detail.setHtml(clause_detail_html(clause, state.guidelines))

    def _currency(self) -> str:
        spec = self.state.prepared.spec if self.state is not None else None
        return spec.currency if spec is not None else "EUR"

    def _clause_html(self, clause: OutlineClause, guidelines: GuidelinesModel | None) -> str:
        if clause.assembled is not None:
            return clause_detail_html(clause.assembled, guidelines)
        found = self.library.by_id.get(clause.id) if self.library is not None and not clause.custom else None
        note = self.tr("As the library words it: the tender words it once the checks find no errors.")
        if found is not None:
            return f'{STYLE}<p class="meta">{escape(note)}</p>' + clause_html(found, guidelines)
        return outline_clause_html(clause)

    # --- layout between sessions --------------------------------------------------------------
    def save_layout(self) -> None:
        save_splitters(self._splitters())

    def restore_layout(self) -> None:
        restore_splitters(self._splitters())

    def _splitters(self) -> dict[str, QSplitter]:
        return {"tender_main": self.main_split, "tender_clauses": self.top_split, "tender_values": self.clause_split}
