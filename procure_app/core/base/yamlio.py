"""Safe YAML loading for untrusted files: limits, duplicate keys and positions.

The files we read (clause libraries, rubrics, tender specs) come from other people, so loading
them is guarded:

* the file size is capped before it is read;
* nesting depth is capped before libyaml composes the document (its composer recurses in C and
  crashes the process on very deep input);
* alias use is counted and the expanded size is capped, so a "billion laughs" file fails fast;
  recursive aliases and ``<<`` merge keys are refused;
* a key repeated in one mapping is an error naming both lines (PyYAML keeps the last silently);
* mapping keys must be strings, and only the plain YAML types are constructed.

Construction walks libyaml's node tree directly, which is leaner than PyYAML's generic
constructor. Positions are not kept for every value: when a validator needs the line of a value
it asks :meth:`LoadedYaml.locate`, which composes the document again on demand.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, ProblemError

__all__ = ["YamlLimits", "LoadedYaml", "load_yaml", "load_yaml_text", "PathKey", "collector_paused"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = str | int

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# Cheap upper bounds on nesting, used before composing (see _check_depth). A flow collection can
# only open where a value starts: at a line start, or after an indicator, an anchor or a tag.
# Lookahead so that "[[[" counts three openers. Complete {{ placeholders }} are removed first:
# a balanced piece of text adds at most its own depth (2) to whatever contains it.
_FLOW_OPENER = re.compile(r"(?=(?:^|[:\-?,\[{])[ \t]*(?:[&!][^\s,\[\]{}]*[ \t]+)*[\[{])", re.MULTILINE)
_OTHER_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_AS_NEWLINE = str.maketrans(dict.fromkeys(_OTHER_LINE_BREAKS, "\n"))
# PyYAML converts base-60 numbers (1:30) digit by digit in big integers: quadratic on long input.
_MAX_NUMBER_LENGTH = 100
_PLACEHOLDER_LIKE = re.compile(r"\{\{[ \t]*[A-Za-z][\w:.-]*[ \t]*\}\}")
# A block collection nests deeper only by indenting further or by a compact "- "/"? "/": ".
_LINE_PREFIX = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)


@dataclass(frozen=True)
class YamlLimits:
    """Bounds that keep a hostile file from exhausting time or memory."""

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    # Below this bound on nesting, libyaml's recursive composer is known to be safe; the builder
    # then enforces max_depth itself. Above it, parser events are counted before composing.
    composer_safe_depth: int = 1000
    max_aliases: int = 100
    max_expanded_nodes: int = 2_000_000


@dataclass
class LoadedYaml:
    """A parsed document, with the text kept to find positions later."""

    path: Path
    data: Any
    text: str
    _root: Node | None = field(default=None, repr=False)

    def locate(self, keypath: Sequence[PathKey], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``keypath``.

        With ``key=True`` and a path ending in a mapping key, the key's own position is returned.
        When the path goes further than the document, the deepest position reached is returned.
        """
        node = self._root_node()
        if node is None:
            return 1, 1
        for index, part in enumerate(keypath):
            last = index == len(keypath) - 1
            child: Node | None = None
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and key_node.value == part:
                        child = key_node if (last and key) else value_node
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    child = node.value[part]
            if child is None:
                break
            node = child
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def locate_in_text(self, keypath: Sequence[PathKey], offset: int) -> tuple[int, int]:
        """The 1-based position of character ``offset`` of the text value at ``keypath``.

        Exact for literal block scalars (``|``), whose lines map one to one onto the file; for
        other scalar styles the position of the value itself is returned.
        """
        node = self._node_at(keypath)
        if not (isinstance(node, ScalarNode) and node.style == "|"):
            return self.locate(keypath)
        value: str = node.value
        line_in_value = value.count("\n", 0, offset)
        column_in_value = offset - (value.rfind("\n", 0, offset) + 1)
        line = node.start_mark.line + 1 + line_in_value
        value_line = value.split("\n")[line_in_value]
        source_lines = self.text.splitlines()
        source_line = source_lines[line] if line < len(source_lines) else value_line
        indent = len(source_line) - len(value_line)
        return line + 1, indent + column_in_value + 1

    def _node_at(self, keypath: Sequence[PathKey]) -> Node | None:
        node = self._root_node()
        for part in keypath:
            if isinstance(node, MappingNode):
                node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node

    def _root_node(self) -> Node | None:
        if self._root is None:
            self._root = _Loader(self.text).get_single_node()
        return self._root


def load_yaml(path: Path, limits: YamlLimits = YamlLimits()) -> LoadedYaml:
    """Read and parse one YAML file; raise :class:`ProblemError` on the first blocking problem."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ProblemError(
                Diagnostic(
                    path,
                    1,
                    1,
                    "Y003",
                    f"file is {size:,} bytes, more than the limit of {limits.max_bytes:,}; split it into several files",
                )
            )
        if not path.is_file():
            raise ProblemError(Diagnostic(path, 1, 1, "Y006", "not a regular file"))
        with path.open("rb") as stream:  # never read past the limit, even if the file grows meanwhile
            raw = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ProblemError(Diagnostic(path, 1, 1, "Y006", f"cannot read the file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemError(Diagnostic(path, line, 1, "Y006", "the file is not UTF-8 text; save it as UTF-8")) from None
    if len(raw) > limits.max_bytes:
        raise ProblemError(
            Diagnostic(path, 1, 1, "Y003", f"file is larger than the limit of {limits.max_bytes:,} bytes")
        )
    return load_yaml_text(text, path, limits)


def load_yaml_text(text: str, path: Path, limits: YamlLimits = YamlLimits()) -> LoadedYaml:
    """Parse YAML ``text`` that claims to come from ``path``."""
    if len(text) > limits.max_bytes:
        raise ProblemError(Diagnostic(path, 1, 1, "Y003", f"text is longer than the limit of {limits.max_bytes:,}"))
    _check_depth(text, path, limits)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ProblemError(_parse_error_diagnostic(path, text, exc)) from None
    finally:
        loader.dispose()
    if root is None:
        return LoadedYaml(path, None, text)
    with collector_paused():
        data = _Builder(path, limits, loader).build(root)
    return LoadedYaml(path, data, text)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during bulk loading.

    The loaded data is acyclic (recursive aliases are refused), yet every few hundred new
    containers the collector walks all live objects again; on a large library that costs more than
    the parsing itself. Nested use is safe: only the outermost pause re-enables the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse_error_diagnostic(path: Path, text: str, exc: yaml.YAMLError) -> Diagnostic:
    """The Y001 diagnostic for an error raised while parsing ``text``."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return _syntax_diagnostic(path, exc)
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _line_column(text, exc.position)
        message = f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
        if isinstance(exc.character, bytes | str):
            message = f"the file contains a character YAML does not allow ({exc.character!r}); remove it"
        return Diagnostic(path, line, column, "Y001", message)
    return Diagnostic(path, 1, 1, "Y001", f"YAML syntax error: {exc}")


def _syntax_diagnostic(path: Path, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return Diagnostic(path, line, column, "Y001", f"YAML syntax error: {problem}{context}")


def _check_depth(text: str, path: Path, limits: YamlLimits) -> None:
    """Refuse documents nested too deep for libyaml's composer, without recursing.

    A cheap upper bound on the depth is computed from flow brackets and line prefixes; only when
    it exceeds what the composer survives are the parser events counted exactly. They are counted
    with PyYAML's pure-Python parser, which neither recurses nor has a nesting limit of its own:
    newer libyaml builds stop at their own limit while scanning ahead for simple keys, with another
    message at another place, so counting with libyaml would make the answer depend on the
    installed PyYAML. Ordinary depth limits are enforced later, while building.
    """
    scanned = text
    if any(brk in text for brk in _OTHER_LINE_BREAKS):
        # YAML breaks lines on these too; the regexes only know \n.
        scanned = text.replace("\r\n", "\n").translate(_AS_NEWLINE)
    flow_bound = len(_FLOW_OPENER.findall(_PLACEHOLDER_LIKE.sub("", scanned))) + 2
    prefix_bound = max(map(len, _LINE_PREFIX.findall(scanned)), default=0)
    if flow_bound + 2 * prefix_bound + 2 <= limits.composer_safe_depth:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limits.max_depth:  # the builder's own limit, reported with its line
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise ProblemError(
                        Diagnostic(
                            path,
                            line,
                            column,
                            "Y005",
                            f"nesting is deeper than {limits.max_depth} levels; flatten the structure",
                        )
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise ProblemError(_parse_error_diagnostic(path, text, exc)) from None


class _Builder:
    """Turns composed nodes into plain Python data, enforcing the rules of the module docstring."""

    def __init__(self, path: Path, limits: YamlLimits, loader: Any) -> None:
        self.path = path
        self.limits = limits
        self.scalar_loader = loader
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.alias_uses = 0
        self.built = 0

    def fail(self, node: Node, rule: str, message: str) -> ProblemError:
        mark = node.start_mark
        return ProblemError(Diagnostic(self.path, mark.line + 1, mark.column + 1, rule, message))

    def build(self, node: Node, depth: int = 0) -> Any:
        self.built += 1
        if self.built > self.limits.max_expanded_nodes:
            raise self.fail(node, "Y004", "the document expands to too many values; remove aliases")
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                return node.value
            return self.build_plain_scalar(node)
        ident = id(node)
        if ident in self.seen:
            self.note_alias(node, ident)
        if depth >= self.limits.max_depth:
            raise self.fail(
                node, "Y005", f"nesting is deeper than {self.limits.max_depth} levels; flatten the structure"
            )
        self.seen.add(ident)
        self.open.add(ident)
        try:
            if isinstance(node, MappingNode) and node.tag == _MAP:
                return self.build_mapping(node, depth + 1)
            if isinstance(node, SequenceNode) and node.tag == _SEQ:
                return [self.build(item, depth + 1) for item in node.value]
            raise self.fail(node, "Y007", f"unsupported YAML tag {node.tag}; remove the tag")
        finally:
            self.open.discard(ident)

    def note_alias(self, node: Node, ident: int) -> None:
        if ident in self.open:
            raise self.fail(node, "Y009", "an alias refers to a node that contains it; remove it")
        self.alias_uses += 1
        if self.alias_uses > self.limits.max_aliases:
            raise self.fail(node, "Y004", f"more than {self.limits.max_aliases} alias uses; write the values out")

    def build_plain_scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _PLAIN_SCALAR_TAGS:
            raise self.fail(node, "Y007", f"unsupported YAML tag {node.tag}; remove the tag")
        if len(node.value) > _MAX_NUMBER_LENGTH and node.tag != "tag:yaml.org,2002:null":
            raise self.fail(node, "Y001", f"the value is {len(node.value)} characters long for a number; quote it")
        constructor = self.scalar_loader.yaml_constructors[node.tag]
        try:
            return constructor(self.scalar_loader, node)
        except (ValueError, yaml.YAMLError) as exc:
            raise self.fail(node, "Y001", f"cannot read the value {node.value!r}: {exc}; quote it") from None

    def build_mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.fail(key_node, "Y007", "merge keys (<<) are not supported; write the keys out")
            if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR):
                message = (
                    f"the key {key_node.value!r} is not text; write it in quotes"
                    if isinstance(key_node, ScalarNode)
                    else "a list or mapping used as a key is not text; write the key as plain text"
                )
                raise self.fail(key_node, "Y008", message)
            key = key_node.value
            if key in result:
                raise self.fail(
                    key_node,
                    "Y002",
                    f"duplicate key '{key}': it is already set on line {key_lines[key]}; "
                    "YAML would silently keep only the last one",
                )
            key_lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth)
        return result
