"""A tender spec file open for editing: changed in place, written back without damage.

The spec file is the document of record (legal teams diff it in git), so the tender builder edits
that file and nothing else. :class:`SpecDocument` holds it as a round-trip YAML tree
(ruamel.yaml): comments, key order, quoting, block scalars and flow mappings of everything not
changed stay as they were, and a change to one value changes one line of the file.

- The text is first read with the same bounds as every file from outside
  (:func:`~procure_app.core.base.yamlio.load_yaml_text`: size, nesting, aliases), so a hostile
  file is refused before the round-trip parser sees it.
- The indentation is the file's own: of the usual layouts, the one that gives the text back
  byte for byte is kept (the bundled example and the files Procure writes use mapping 2,
  sequence 4, offset 2).
- :meth:`SpecDocument.save` writes atomically, and refuses when the file changed on disk since it
  was read or last saved (another editor, a ``git pull``): the caller offers to reload or compare.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import ScalarString

from ..base.atomic import write_bytes_atomic
from ..base.diagnostics import Diagnostic, ProblemError
from ..base.yamlio import YamlLimits, load_yaml_text
from ..library.clauses import Clause
from ..library.pinning import write_taken_pins

__all__ = [
    "MISSING",
    "ChangedOnDiskError",
    "SpecDocument",
    "SpecDocumentError",
    "SpecPath",
]

SpecPath = tuple[str | int, ...]  # keys and list positions from the root, e.g. ("tender", "lots", 0, "title")


class _Missing:
    """The value of a key that is not there (a set that added a key is undone by removing it)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __copy__(self) -> _Missing:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Missing:
        return self


MISSING: Any = _Missing()

# (mapping, sequence, offset) layouts tried, most usual first.
_LAYOUTS = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0), (4, 2, 0)]
_WIDTH = 4096  # never fold a long line the user wrote on one line
_LIMITS = YamlLimits()


class SpecDocumentError(Exception):
    """A spec that cannot be opened or saved, said in words that name the file and what to do."""


class ChangedOnDiskError(SpecDocumentError):
    """The file changed on disk since it was read: saving would overwrite someone else's work."""


@dataclass(frozen=True)
class _DiskState:
    size: int
    digest: str  # SHA-256 of the bytes


def _disk_state(path: Path) -> _DiskState | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return _DiskState(len(data), hashlib.sha256(data).hexdigest())


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, root: Any) -> str:
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def _changed_lines(a: str, b: str) -> int:
    return sum(1 for x, y in itertools.zip_longest(a.splitlines(), b.splitlines()) if x != y)


class SpecDocument:
    """A spec's round-trip tree, its layout, and the file it belongs to (None until saved)."""

    def __init__(self, text: str, path: Path | None = None, *, limits: YamlLimits = _LIMITS) -> None:
        shown = path or Path("untitled.tender.yaml")
        try:
            load_yaml_text(text, shown, limits)  # the bounds every file from outside gets
        except ProblemError as problem:
            raise SpecDocumentError(_opening_words(problem.diagnostic)) from None
        self.path = path
        self._yaml, self.root = self._parse(text, shown)
        self._saved_text = text if path is not None else None
        self._disk = _disk_state(path) if path is not None else None
        # Library clauses taken in place of the lock file's pins (pin_updates.TakeVersion), by id:
        # written into the lock file when the spec is saved.
        self.taken_pins: dict[str, Clause] = {}

    @classmethod
    def open(cls, path: Path, *, limits: YamlLimits = _LIMITS) -> SpecDocument:
        """Read ``path`` for editing; :class:`SpecDocumentError` says why it cannot be."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SpecDocumentError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        if len(raw) > limits.max_bytes:
            raise SpecDocumentError(
                f"{path}: the file is {len(raw):,} bytes, more than the limit of {limits.max_bytes:,}"
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpecDocumentError(f"{path}: the file is not UTF-8 text; save it as UTF-8 and open it again") from None
        document = cls(text, path, limits=limits)
        document._disk = _DiskState(len(raw), hashlib.sha256(raw).hexdigest())
        return document

    @staticmethod
    def _parse(text: str, shown: Path) -> tuple[YAML, Any]:
        """The tree and the layout that gives ``text`` back unchanged (or the one closest to it)."""
        best: tuple[int, YAML, Any] | None = None
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            try:
                root = yaml.load(text)
            except YAMLError as exc:
                raise SpecDocumentError(f"{shown}: the YAML cannot be read ({exc})") from None
            if root is None:
                root = CommentedMap()
            if not isinstance(root, CommentedMap):
                raise SpecDocumentError(f"{shown}: a tender spec is a mapping with a 'tender' key at the top")
            distance = _changed_lines(text, _dump(yaml, root))
            if distance == 0:
                return yaml, root
            if best is None or distance < best[0]:
                best = (distance, yaml, root)
        assert best is not None
        return best[1], best[2]

    # --- reading ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The spec as it would be saved now."""
        return _dump(self._yaml, self.root)

    @property
    def disk_state(self) -> tuple[int, str] | None:
        """The size and SHA-256 of the file as last read or saved (None before a first save)."""
        return (self._disk.size, self._disk.digest) if self._disk is not None else None

    @classmethod
    def restored(cls, text: str, path: Path | None, disk_state: tuple[int, str] | None) -> SpecDocument:
        """Unsaved ``text`` of the spec at ``path`` kept from an earlier run, to be edited again.

        It counts as modified until saved, and saving it over ``path`` refuses (as for any edit)
        when the file is no longer what it was when that editing began: ``disk_state`` is the
        file as it was then.
        """
        document = cls(text, path)
        document._saved_text = None
        document._disk = _DiskState(*disk_state) if disk_state is not None else None
        return document

    @property
    def modified(self) -> bool:
        """Whether the text differs from what was last read or saved (always True before a first save)."""
        return self._saved_text is None or self.text != self._saved_text

    def get(self, path: SpecPath, default: Any = MISSING) -> Any:
        """The node at ``path`` (a ruamel value: treat it as read-only), or ``default`` when absent."""
        node: Any = self.root
        for key in path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    # --- changing -----------------------------------------------------------------------------
    def set(self, path: SpecPath, value: Any) -> Any:
        """Set the value at ``path`` (a missing key is added at the end of its mapping); return the old
        value, or :data:`MISSING`. ``value`` MISSING removes the key. A string keeps the quoting
        and block style the old one had."""
        if value is MISSING and self.get(path) is MISSING:
            return MISSING  # nothing to remove, and no mapping is made on the way
        parent, key = self._parent(path)
        old = _get_child(parent, key)
        if value is MISSING:
            if old is not MISSING:
                del parent[key]
            return old
        parent[key] = _styled_like(old, _node(value))
        return old

    def set_at(self, path: SpecPath, position: int, value: Any) -> None:
        """Add the key ``path[-1]`` at ``position`` in its mapping (undoing a removal puts it back where it was)."""
        parent, key = self._parent(path)
        if not isinstance(parent, CommentedMap) or not isinstance(key, str):
            raise SpecDocumentError(f"{_shown(path)} is not a key of a mapping")
        parent.insert(position, key, _node(value))

    def first_missing(self, path: SpecPath) -> SpecPath | None:
        """The shortest start of ``path`` that is not in the spec (setting ``path`` would make it), or None."""
        for depth in range(1, len(path) + 1):
            if self.get(path[:depth]) is MISSING:
                return path[:depth]
        return None

    def key_position(self, path: SpecPath) -> int | None:
        """Where the key ``path[-1]`` stands in its mapping, or None."""
        parent, key = self.get(path[:-1]), path[-1]  # never makes the mappings on the way
        if isinstance(parent, CommentedMap) and key in parent:
            return list(parent.keys()).index(key)
        return None

    def insert(self, path: SpecPath, index: int, value: Any) -> None:
        """Insert ``value`` at ``index`` in the list at ``path`` (a missing list is made)."""
        items = self.get(path)
        if items is MISSING or items is None:
            self.set(path, CommentedSeq())
            items = self.get(path)
        if not isinstance(items, CommentedSeq):
            raise SpecDocumentError(f"{_shown(path)} is not a list")
        items.insert(index, _node(value))

    def remove(self, path: SpecPath, index: int) -> Any:
        """Remove and return the item at ``index`` of the list at ``path``."""
        items = self._list(path)
        return items.pop(index)

    def move(self, path: SpecPath, source: int, target: int) -> None:
        """Move the item at ``source`` of the list at ``path`` to ``target`` (its index afterwards)."""
        items = self._list(path)
        items.insert(target, items.pop(source))

    def _list(self, path: SpecPath) -> CommentedSeq:
        items = self.get(path)
        if not isinstance(items, CommentedSeq):
            raise SpecDocumentError(f"{_shown(path)} is not a list")
        return items

    def _parent(self, path: SpecPath) -> tuple[Any, str | int]:
        if not path:
            raise SpecDocumentError("the root of a spec cannot be replaced")
        node: Any = self.root
        for depth, key in enumerate(path[:-1]):
            child = _get_child(node, key)
            if child is MISSING or child is None:
                if not isinstance(key, str) or not isinstance(node, CommentedMap):
                    raise SpecDocumentError(f"{_shown(path[: depth + 1])} does not exist")
                child = CommentedSeq() if isinstance(path[depth + 1], int) else CommentedMap()
                node[key] = child
            node = child
        return node, path[-1]

    # --- saving -------------------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether the file is no longer what was read or last saved (changed, replaced or removed)."""
        if self.path is None or self._disk is None:
            return False
        return _disk_state(self.path) != self._disk

    def save(self, target: Path | None = None, *, overwrite_changes: bool = False) -> Path:
        """Write the spec atomically to ``target`` (default: its own file) and remember it as saved.

        Saving over its own file refuses with :class:`ChangedOnDiskError` when the file changed on
        disk since it was read, unless ``overwrite_changes`` (the user chose to keep this version).
        """
        destination = target or self.path
        if destination is None:
            raise SpecDocumentError("the tender has no file yet: choose where to save it (Save As)")
        if destination == self.path and not overwrite_changes and self.changed_on_disk():
            raise ChangedOnDiskError(
                f"{destination} changed on disk after it was opened; reload it, or compare it with "
                "your version before you save over it"
            )
        text = self.text
        data = text.encode("utf-8")
        write_bytes_atomic(destination, data)
        self.path = destination
        self._saved_text = text
        self._disk = _DiskState(len(data), hashlib.sha256(data).hexdigest())
        write_taken_pins(destination, self.taken_pins)
        return destination


def _opening_words(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.format()} (fix it in a text editor, then open the spec again)"


def _shown(path: SpecPath) -> str:
    return " › ".join(str(key) for key in path) or "the spec"


def _get_child(node: Any, key: str | int) -> Any:
    try:
        return node[key]
    except (KeyError, IndexError, TypeError):
        return MISSING


def _node(value: Any) -> Any:
    """``value`` as round-trip nodes: dicts and lists become commented ones, written in block style."""
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(_node(item) for item in value)
    return value


def _styled_like(old: Any, new: Any) -> Any:
    """A new string in the quoting or block style of the string it replaces; a new list or mapping
    in the flow style (``[a, b]``) of the one it replaces."""
    if isinstance(old, ScalarString) and isinstance(new, str) and not isinstance(new, ScalarString):
        return type(old)(new)
    if isinstance(old, CommentedSeq | CommentedMap) and type(new) is type(old) and old.fa.flow_style():
        new.fa.set_flow_style()
    return new
