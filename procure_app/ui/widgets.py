"""Small widget helpers the tabs share."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from . import settings

__all__ = [
    "titled",
    "vbox",
    "rich_label",
    "placeholder",
    "stacked",
    "text_view",
    "settle",
    "save_splitters",
    "restore_splitters",
    "go_to",
    "expand_all",
    "current_text",
    "scrolled",
    "fit_to_screen",
    "style_as_warning",
]


def titled(title: str, body: QWidget, *, buddy: QWidget | None = None) -> QWidget:
    """``body`` under a bold title; the title's mnemonic (``&``) moves the focus to ``buddy``."""
    label = QLabel(f"<b>{title}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setBuddy(buddy or body)
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(label)
    layout.addWidget(body)
    return box


def vbox(*widgets: QWidget) -> QWidget:
    """The ``widgets`` one under the other, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def rich_label(accessible_name: str) -> QLabel:
    """A word-wrapped rich-text label whose text the mouse can select (a tab's header or outcome)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


def placeholder(text: str) -> QLabel:
    """A centred, greyed note shown in place of a view that has nothing to show: a note, not content."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label


def stacked(*widgets: QWidget) -> QStackedWidget:
    """The ``widgets`` in a stack, the first one showing."""
    stack = QStackedWidget()
    for widget in widgets:
        stack.addWidget(widget)
    return stack


def text_view(accessible_name: str) -> QTextBrowser:
    """A read-only HTML view whose links the tab handles (it does not follow them itself)."""
    view = QTextBrowser()
    view.setOpenLinks(False)
    view.setAccessibleName(accessible_name)
    return view


def settle(split: QSplitter, stretch: tuple[int, ...]) -> None:
    """No pane of ``split`` collapses; ``stretch`` is how the first resize shares the window out."""
    split.setChildrenCollapsible(False)
    for index, factor in enumerate(stretch):
        split.setStretchFactor(index, factor)


def save_splitters(splitters: dict[str, QSplitter]) -> None:
    """Remember the state of each splitter under its name for the next session."""
    for name, split in splitters.items():
        settings.splitter_setting(name).write(split.saveState())


def restore_splitters(splitters: dict[str, QSplitter]) -> None:
    """Give each splitter the state remembered under its name, if any."""
    for name, split in splitters.items():
        state = settings.splitter_setting(name).read()
        if not state.isEmpty():
            split.restoreState(state)


def go_to(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Make ``index`` the current row of ``view`` and scroll to it; False when it is invalid."""
    if index.isValid():
        view.setCurrentIndex(index)
        view.scrollTo(index)
    return index.isValid()


def expand_all(tree: QTreeView) -> None:
    """``tree.expandAll()``, with the columns that fit their contents measured once afterwards rather
    than again for every row expanded (most of the time the library tree took to show at start-up)."""
    header = tree.header()
    fitted = QHeaderView.ResizeMode.ResizeToContents
    columns = [column for column in range(header.count()) if header.sectionResizeMode(column) == fitted]
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    try:
        tree.expandAll()
    finally:
        for column in columns:
            header.setSectionResizeMode(column, fitted)


def current_text(view: QAbstractItemView, role: int) -> str | None:
    """The string the current index of ``view`` holds in ``role``, or None."""
    value = view.currentIndex().data(role)
    return value if isinstance(value, str) else None


def scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area that fills it out: when the screen is too small for the page
    (a laptop at 200 % scaling), the page scrolls instead of widening the window past the screen or
    squeezing its buttons until their text is cut."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    area.setFocusProxy(page)
    return area


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move ``window`` so that it lies inside the available area of its screen (restored
    geometry may come from a larger screen or a smaller scale factor)."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()  # title bar, borders
    width = min(window.width(), available.width() - extra_w)
    height = min(window.height(), available.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
    y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def style_as_warning(banner: QFrame, name: str) -> None:
    """Give ``banner`` (named ``name`` for its style sheet) the warning look the app's banners share:
    a colour that keeps the text readable in light and dark palettes."""
    banner.setObjectName(name)
    banner.setFrameShape(QFrame.Shape.StyledPanel)
    banner.setStyleSheet(
        f"#{name} {{ background: #fff4ce; border: 1px solid #c8a600; }} #{name} QLabel {{ color: #3b2f00; }}"
    )
