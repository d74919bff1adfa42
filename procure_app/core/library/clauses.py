"""The clause library: load the YAML files of a library folder into typed, indexed clauses.

A library folder holds ``library.yaml`` (identity and categories) and clause files anywhere below
it (see ``docs/library-format.md``). Loading checks every file against its JSON Schema; clauses that
pass are built into :class:`Clause` objects and then cross-checked by :mod:`.crosscheck`.
Problems never stop the load: they are returned with the library so that one run reports all.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, ProblemError, sort_diagnostics
from ..base.schema_check import check_schema, is_valid
from ..base.yamlio import LoadedYaml, PathKey, YamlLimits, load_yaml

__all__ = [
    "MANIFEST_NAME",
    "Variable",
    "Variant",
    "OptionalParagraph",
    "Clause",
    "Category",
    "ClauseLibrary",
    "LibraryLoad",
    "load_library",
    "clause_files",
    "clause_from_data",
    "clause_to_data",
    "STANDARD_VARIANT",
]

MANIFEST_NAME = "library.yaml"
STANDARD_VARIANT = "standard"


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    label: str
    required: bool = True
    default: Any = None
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    text: str


@dataclass(frozen=True)
class OptionalParagraph:
    name: str
    label: str
    enabled_by: str
    text: str
    variants: tuple[str, ...] = ()  # empty: follows every variant


@dataclass(frozen=True)
class SourceRef:
    """Where a clause was read: its document and its index in the ``clauses`` list."""

    document: LoadedYaml = field(repr=False, compare=False)
    index: int

    @property
    def path(self) -> Path:
        return self.document.path

    def keypath(self, *parts: PathKey) -> list[PathKey]:
        return ["clauses", self.index, *parts]

    def locate(self, *parts: PathKey, key: bool = False) -> tuple[int, int]:
        return self.document.locate(self.keypath(*parts), key=key)


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    category: str
    kind: str
    status: str
    version: str
    owner: str
    last_reviewed: str
    applies_to: tuple[str, ...]
    guideline_refs: tuple[str, ...]
    standards: tuple[str, ...]
    variables: tuple[Variable, ...]
    text: str
    variants: tuple[Variant, ...]
    optional_paragraphs: tuple[OptionalParagraph, ...]
    guidance: str
    verification: str | None
    level: str | None = None
    replaced_by: str | None = None
    source: SourceRef | None = field(default=None, compare=False, repr=False)

    @property
    def variant_names(self) -> tuple[str, ...]:
        return (STANDARD_VARIANT, *(variant.name for variant in self.variants))

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)

    def variant_text(self, name: str = STANDARD_VARIANT) -> str:
        if name == STANDARD_VARIANT:
            return self.text
        for variant in self.variants:
            if variant.name == name:
                return variant.text
        raise KeyError(f"clause {self.id} has no variant {name!r}")

    def texts(self) -> Iterator[tuple[tuple[PathKey, ...], str]]:
        """Every text of the clause that reaches a tender, with the key path where it is written."""
        yield ("text",), self.text
        for i, variant in enumerate(self.variants):
            yield ("variants", i, "text"), variant.text
        for i, paragraph in enumerate(self.optional_paragraphs):
            yield ("optional_paragraphs", i, "text"), paragraph.text


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    description: str = ""


@dataclass
class ClauseLibrary:
    """The clauses of one library folder, in file and list order, indexed by id."""

    root: Path
    id: str
    title: str
    version: str
    publisher: str
    categories: tuple[Category, ...]
    clauses: list[Clause]
    by_id: dict[str, Clause] = field(default_factory=dict)
    # Ids and categories of clauses left out because of schema errors: what refers to them is not
    # reported again.
    unbuilt_ids: set[str] = field(default_factory=set)
    unbuilt_categories: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for clause in self.clauses:
            self.by_id.setdefault(clause.id, clause)

    def get(self, clause_id: str) -> Clause | None:
        return self.by_id.get(clause_id)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def in_category(self, category_id: str) -> list[Clause]:
        return [clause for clause in self.clauses if clause.category == category_id]


@dataclass
class LibraryLoad:
    """The outcome of loading a library: what could be built, and every problem found."""

    library: ClauseLibrary
    diagnostics: list[Diagnostic]
    manifest: LoadedYaml | None = None

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def clause_files(root: Path) -> list[Path]:
    """The clause files of a library folder, sorted, hidden folders skipped."""
    found = [
        path
        for path in root.rglob("*.yaml")
        if path.name != MANIFEST_NAME and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(found)


# The last whole libraries loaded, by folder: the files' bytes they were read from, and the load.
_Contents = tuple[tuple[Path, bytes], ...]
_loaded: dict[Path, tuple[_Contents, LibraryLoad]] = {}
_loaded_lock = threading.Lock()
_LOADED_KEPT = 4


def load_library(root: Path, files: list[Path] | None = None) -> LibraryLoad:
    """Load the library in ``root`` (or only ``files``); cross-checking is done by the caller.

    A whole library is parsed once per content: the app loads it for the library tab, the tender and
    the evaluation at once, and again on every reload. A call that finds the same files holding the
    same bytes as the last load of ``root`` gets that load's clauses again, in new containers.
    """
    if files is not None:
        return _load_library(root, files)
    with _loaded_lock:  # the loads running at once wait for the first instead of parsing it again
        listed = clause_files(root)
        contents = _contents(root, listed)
        kept = _loaded.get(root)
        if contents is not None and kept is not None and kept[0] == contents:
            return _fresh(kept[1])
        load = _load_library(root, listed)
        if contents is not None and _contents(root, listed) == contents:  # unchanged while it was read
            _loaded.pop(root, None)
            _loaded[root] = (contents, load)
            while len(_loaded) > _LOADED_KEPT:
                del _loaded[next(iter(_loaded))]
        return _fresh(load)


def _contents(root: Path, files: list[Path]) -> _Contents | None:
    """The bytes of the manifest and of each clause file; None when one cannot be read as it is (the
    load reports it, and is not kept)."""
    found: list[tuple[Path, bytes]] = []
    for path in (root / MANIFEST_NAME, *files):
        try:
            if not path.is_file() or path.stat().st_size > YamlLimits().max_bytes:
                return None
            found.append((path, path.read_bytes()))
        except OSError:
            return None
    return tuple(found)


def _fresh(load: LibraryLoad) -> LibraryLoad:
    """``load`` with containers of its own (the clauses themselves are frozen), so that a caller who
    changes its lists or sets changes nobody else's."""
    library = load.library
    copy = ClauseLibrary(
        library.root,
        library.id,
        library.title,
        library.version,
        library.publisher,
        categories=library.categories,
        clauses=list(library.clauses),
        by_id=dict(library.by_id),
        unbuilt_ids=set(library.unbuilt_ids),
        unbuilt_categories=set(library.unbuilt_categories),
    )
    return LibraryLoad(copy, list(load.diagnostics), load.manifest)


def _load_library(root: Path, files: list[Path]) -> LibraryLoad:
    diagnostics: list[Diagnostic] = []
    manifest, categories, identity = _load_manifest(root, diagnostics)
    clauses: list[Clause] = []
    unbuilt: dict[str, set[str]] = {"ids": set(), "categories": set()}
    for path in files:
        document = _load_document(path, diagnostics)
        if document is None:
            continue
        clauses.extend(_build_clauses(document, diagnostics, unbuilt))
    library = ClauseLibrary(
        root,
        *identity,
        categories=categories,
        clauses=clauses,
        unbuilt_ids=unbuilt["ids"],
        unbuilt_categories=unbuilt["categories"],
    )
    return LibraryLoad(library, sort_diagnostics(diagnostics), manifest)


def _load_document(path: Path, diagnostics: list[Diagnostic]) -> LoadedYaml | None:
    try:
        return load_yaml(path)
    except ProblemError as problem:
        diagnostics.append(problem.diagnostic)
        return None


def _load_manifest(
    root: Path, diagnostics: list[Diagnostic]
) -> tuple[LoadedYaml | None, tuple[Category, ...], tuple[str, str, str, str]]:
    identity = (root.name, root.name, "", "")
    path = root / MANIFEST_NAME
    if not path.is_file():
        diagnostics.append(
            Diagnostic(
                path, 1, 1, "F003", "the library folder has no library.yaml; create one (see docs/library-format.md)"
            )
        )
        return None, (), identity
    document = _load_document(path, diagnostics)
    if document is None:
        return None, (), identity
    problems = check_schema(document, "library")
    diagnostics.extend(problems)
    if problems:
        return document, (), identity
    data = document.data
    info = data["library"]
    categories = tuple(Category(c["id"], c["title"], c.get("description", "")) for c in data["categories"])
    return document, categories, (info["id"], info["title"], info["version"], info.get("publisher", ""))


def _build_clauses(document: LoadedYaml, diagnostics: list[Diagnostic], unbuilt: dict[str, set[str]]) -> list[Clause]:
    """Build the clauses that satisfy the schema; report the rest."""
    data = document.data
    if not (isinstance(data, dict) and "clauses" in data):
        diagnostics.append(
            Diagnostic(
                document.path,
                1,
                1,
                "F002",
                "not a Procure clause file: it has no 'clauses' list; move it out of the library folder "
                "or add the clauses (see docs/library-format.md)",
            )
        )
        return []
    if is_valid(data, "clause-file"):
        return [_clause(item, SourceRef(document, i)) for i, item in enumerate(data["clauses"])]
    problems = check_schema(document, "clause-file")
    diagnostics.extend(problems)
    if not isinstance(data, dict) or not isinstance(data.get("clauses"), list):
        return []
    broken = _broken_indexes(document)
    for index in broken:
        item = data["clauses"][index]
        if isinstance(item, dict):
            for key, bucket in (("id", "ids"), ("category", "categories")):
                if isinstance(item.get(key), str):
                    unbuilt[bucket].add(item[key])
    return [_clause(item, SourceRef(document, i)) for i, item in enumerate(data["clauses"]) if i not in broken]


def _broken_indexes(document: LoadedYaml) -> set[int]:
    """Indexes of clauses with schema problems, found by re-checking each clause on its own."""
    from ..base.schema_check import validator  # the full validator is only needed on this slow path

    checker = validator("clause-file")
    clause_schema = {"$ref": "#/$defs/clause", "$defs": checker.schema["$defs"]}
    single = checker.evolve(schema=clause_schema)
    return {i for i, item in enumerate(document.data["clauses"]) if not single.is_valid(item)}


def clause_from_data(item: dict[str, Any], source: SourceRef | None = None) -> Clause:
    """Build a clause from its YAML mapping (already checked against the schema)."""
    return _clause(item, source)


def clause_to_data(clause: Clause) -> dict[str, Any]:
    """The clause as the mapping it is written as in YAML (the inverse of :func:`clause_from_data`)."""
    data: dict[str, Any] = {
        "id": clause.id,
        "title": clause.title,
        "category": clause.category,
        "kind": clause.kind,
        "status": clause.status,
        "version": clause.version,
        "owner": clause.owner,
        "last_reviewed": clause.last_reviewed,
        "applies_to": list(clause.applies_to),
        "references": {"guidelines": list(clause.guideline_refs), "standards": list(clause.standards)},
        "variables": [_variable_data(v) for v in clause.variables],
        "text": clause.text,
        "variants": [{"name": v.name, "label": v.label, "text": v.text} for v in clause.variants],
        "optional_paragraphs": [
            {"name": p.name, "label": p.label, "enabled_by": p.enabled_by, "text": p.text}
            | ({"variants": list(p.variants)} if p.variants else {})
            for p in clause.optional_paragraphs
        ],
        "guidance": clause.guidance,
        "verification": clause.verification,
        "level": clause.level,
        "replaced_by": clause.replaced_by,
    }
    return {key: value for key, value in data.items() if value is not None}


def _variable_data(variable: Variable) -> dict[str, Any]:
    data = {
        "name": variable.name,
        "type": variable.type,
        "label": variable.label,
        "required": variable.required,
        "default": variable.default,
        "allowed": list(variable.allowed) or None,
        "min": variable.minimum,
        "max": variable.maximum,
        "unit": variable.unit,
        "help": variable.help,
    }
    return {key: value for key, value in data.items() if value is not None}


def _clause(item: dict[str, Any], source: SourceRef | None) -> Clause:
    references = item["references"]
    return Clause(
        id=item["id"],
        title=item["title"],
        category=item["category"],
        kind=item["kind"],
        status=item["status"],
        version=item["version"],
        owner=item["owner"],
        last_reviewed=item["last_reviewed"],
        applies_to=tuple(item["applies_to"]),
        guideline_refs=tuple(references["guidelines"]),
        standards=tuple(references.get("standards", ())),
        variables=tuple(_variable(v) for v in item.get("variables", ())),
        text=item["text"],
        variants=tuple(Variant(v["name"], v["label"], v["text"]) for v in item.get("variants", ())),
        optional_paragraphs=tuple(
            OptionalParagraph(p["name"], p["label"], p["enabled_by"], p["text"], tuple(p.get("variants", ())))
            for p in item.get("optional_paragraphs", ())
        ),
        guidance=item["guidance"],
        verification=item.get("verification"),
        level=item.get("level"),
        replaced_by=item.get("replaced_by"),
        source=source,
    )


def _variable(item: dict[str, Any]) -> Variable:
    return Variable(
        name=item["name"],
        type=item["type"],
        label=item["label"],
        required=item.get("required", True),
        default=item.get("default"),
        allowed=tuple(item.get("allowed", ())),
        minimum=item.get("min"),
        maximum=item.get("max"),
        unit=item.get("unit"),
        help=item.get("help"),
    )
