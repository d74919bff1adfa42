"""Guidelines coverage of an assembled tender, and the drafting lint that flags what a tender lacks.

:func:`coverage_matrix` lists which clauses of the tender serve which part of the UN-Habitat
guidelines: pillar 2.2.4 (Budgeting and Financing) in full, its principles and its actions, and
every other pillar at the level of its principles. A clause covers a row when it cites the row's
reference exactly (``2.2.4/P3``, ``2.2.4/A2.6``); citing a whole pillar (``2.1.4``) covers no row,
and custom clauses cite nothing.

:func:`lint_tender` returns drafting warnings, positioned in the spec file. They never block a
build. Each rule has a stable id, documented in the README:

=====  ========  ===================================================================
rule   severity  what it catches
=====  ========  ===================================================================
T201   warning   software in ``scope`` but no clause of category ``exit`` (lock-in risk)
T202   warning   ``public_facing: true`` but no clause of category ``accessibility``
T203   warning   goods in ``scope`` but no clause of category ``green``
T204   warning   a brand name not followed by "or equivalent" in the same sentence
T205   warning   a draft library clause is used
T206   warning   a deprecated library clause is used (the message names its replacement)
T207   warning   a section with no clauses (reported by :func:`.assembly.assemble`, not here)
T208   warning   a pinned clause differs from the library's current one (``--update-pins``)
T209   warning   no award clause at all (suggests the lifecycle-cost award clause)
=====  ========  ===================================================================

T201-T203 count library clauses only: a custom clause has no category. The brand names of T204
are read from ``resources/lint/brand-names.yaml``; a name marked ``common_word`` (Windows, Apple)
is not reported at the start of a sentence, where any word is capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...paths import resources_dir
from ..base.diagnostics import Diagnostic, ProblemError, Severity, sort_diagnostics
from ..base.schema_check import check_schema
from ..base.yamlio import PathKey, load_yaml
from ..library.clauses import Clause, ClauseLibrary
from ..library.guidelines import GuidelinesModel, Pillar
from ..library.pinning import clause_hash
from ..library.textblocks import Block, BulletList, split_blocks
from .assembly import AssembledClause, AssembledTender

__all__ = [
    "FULL_PILLAR",
    "CoverageRow",
    "PillarCoverage",
    "Coverage",
    "coverage_matrix",
    "BrandName",
    "brand_names_file",
    "load_brand_names",
    "suggested_clauses",
    "lint_tender",
]

FULL_PILLAR = "2.2.4"  # the pillar whose actions are rows too

_WARNING = Severity.WARNING


# --- coverage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """One principle or action of the guidelines, and the tender's clauses that cite it."""

    ref: str
    title: str  # the model's one-line summary
    level: str  # "principle" or "action"
    pillar: str
    clauses: tuple[str, ...]  # "number id" of each citing clause, in tender order

    @property
    def covered(self) -> bool:
        return bool(self.clauses)


@dataclass(frozen=True)
class PillarCoverage:
    """How many rows of one pillar the tender covers."""

    pillar: str
    title: str
    covered: int
    total: int


@dataclass(frozen=True)
class Coverage:
    """The coverage matrix: one row per principle (and per action of pillar 2.2.4), in model order."""

    rows: tuple[CoverageRow, ...]
    pillar_titles: tuple[tuple[str, str], ...] = ()  # (ref, title) of every pillar, in model order

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.clauses)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def gaps(self) -> tuple[CoverageRow, ...]:
        """The rows no clause covers."""
        return tuple(row for row in self.rows if not row.clauses)

    def by_pillar(self) -> tuple[PillarCoverage, ...]:
        """Covered and total rows per pillar, in model order."""
        titles = dict(self.pillar_titles)
        order = list(dict.fromkeys([*titles, *(row.pillar for row in self.rows)]))
        summary = []
        for pillar in order:
            rows = [row for row in self.rows if row.pillar == pillar]
            covered = sum(1 for row in rows if row.clauses)
            summary.append(PillarCoverage(pillar, titles.get(pillar, pillar), covered, len(rows)))
        return tuple(summary)


def coverage_matrix(tender: AssembledTender, guidelines: GuidelinesModel) -> Coverage:
    """Which clauses of the tender cover which principle, and which action of pillar 2.2.4."""
    citing: dict[str, list[str]] = {}
    for clause in tender.clauses():
        for ref in dict.fromkeys(clause.guideline_refs):
            citing.setdefault(ref, []).append(f"{clause.number} {clause.id}")
    rows = tuple(
        CoverageRow(ref, title, level, pillar.ref, tuple(citing.get(ref, ())))
        for pillar in guidelines.pillars
        for ref, title, level in _rows_of(pillar)
    )
    return Coverage(rows, tuple((pillar.ref, pillar.title) for pillar in guidelines.pillars))


def _rows_of(pillar: Pillar) -> Iterator[tuple[str, str, str]]:
    for principle in pillar.principles:
        yield principle.ref, _one_line(principle.summary), "principle"
    if pillar.ref == FULL_PILLAR:
        for action in pillar.actions:
            yield action.ref, _one_line(action.summary), "action"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- brand names ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandName:
    """A trade or brand name that a specification should not name without "or equivalent"."""

    name: str
    note: str | None = None
    common_word: bool = False  # also an ordinary word: not reported at the start of a sentence


def brand_names_file() -> Path:
    """The bundled list of brand names (``resources/lint/brand-names.yaml``)."""
    return resources_dir() / "lint" / "brand-names.yaml"


def load_brand_names(path: Path | None = None) -> tuple[tuple[BrandName, ...], tuple[Diagnostic, ...]]:
    """The brand names of ``path`` (default: the bundled list), or none and the file's problems."""
    return _load_brand_names(path or brand_names_file())


@cache
def _load_brand_names(path: Path) -> tuple[tuple[BrandName, ...], tuple[Diagnostic, ...]]:
    try:
        document = load_yaml(path)
    except ProblemError as problem:
        return (), (problem.diagnostic,)
    problems = check_schema(document, "brand-names")
    if problems:
        return (), tuple(problems)
    brands = document.data["brands"]
    return tuple(BrandName(b["name"], b.get("note"), b.get("common_word", False)) for b in brands), ()


# "or equivalent" in the tender languages (English, French, German, Spanish, Portuguese).
_EQUIVALENT_PHRASE = {
    "en": "or equivalent",
    "fr": "ou équivalent",
    "de": "oder gleichwertig",
    "es": "o equivalente",
    "pt": "ou equivalente",
}
_EQUIVALENT = re.compile(
    r"\b(?:or\s+(?:an?\s+)?(?:equivalent|equal)|ou\s+(?:un\s+|l['’]\s*)?[ée]quivalente?s?"
    r"|oder\s+gleichwertig\w*|o\s+equivalentes?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREVIATIONS = {"e.g.", "i.e.", "cf.", "vs.", "no.", "nr.", "inc.", "ltd.", "co.", "approx.", "art.", "para."}
_OPENERS = " \t\"'“‘(["


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    by_text: dict[str, BrandName]


@cache
def _matcher(brands: tuple[BrandName, ...]) -> _Matcher | None:
    """One pattern for all names, longest first, so "Microsoft Azure" wins over "Microsoft"."""
    by_text: dict[str, BrandName] = {}
    for brand in brands:
        by_text.setdefault(brand.name, brand)
        if not brand.common_word:
            by_text.setdefault(brand.name.upper(), brand)  # headings in capitals
    if not by_text:
        return None
    alternation = "|".join(re.escape(text) for text in sorted(by_text, key=len, reverse=True))
    return _Matcher(re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), by_text)


def _unqualified_brands(matcher: _Matcher, text: str) -> Iterator[BrandName]:
    """The brands in ``text`` that no "or equivalent" follows within the same sentence."""
    for match in matcher.pattern.finditer(text):
        brand = matcher.by_text[match.group()]
        if brand.common_word and _at_sentence_start(text, match.start()):
            continue
        if not _EQUIVALENT.search(text, match.end(), _sentence_end(text, match.end())):
            yield brand


def _sentence_end(text: str, start: int) -> int:
    for match in _SENTENCE_END.finditer(text, start):
        token_start = max(text.rfind(" ", 0, match.end()), text.rfind("\n", 0, match.end())) + 1
        if text[token_start : match.end()].lstrip(_OPENERS).lower() not in _ABBREVIATIONS:
            return match.start()
    return len(text)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before[-1] in ".!?:"


# --- the lint -------------------------------------------------------------------------------------

# The clauses each rule suggests first; when a library lacks them (or they are not approved), the
# approved clauses of the right category for the scope are suggested instead.
_PREFERRED = {
    "T201": ("exit-plan", "exit-data-export"),
    "T202": ("a11y-en-301-549", "a11y-statement-feedback"),
    "T203": ("green-hardware-energy", "green-take-back-ewaste"),
    "T209": ("lcc-lifecycle-cost-award",),
}


def lint_tender(
    tender: AssembledTender, library: ClauseLibrary | None, *, brands: Sequence[BrandName] | None = None
) -> list[Diagnostic]:
    """Drafting warnings for an assembled tender; T208 only when ``library`` is given.

    ``brands`` replaces the bundled brand list; when that list cannot be read, its own problems
    are returned with the warnings.
    """
    found: list[Diagnostic] = []
    if brands is None:
        loaded, problems = load_brand_names()
        brands = loaded
        found.extend(problems)
    found.extend(_category_rules(tender, library))
    found.extend(_award_rule(tender, library))
    for clause in tender.clauses():
        if clause.origin == "library":
            found.extend(_status_rules(tender, clause, library))
            if library is not None:
                found.extend(_pin_rule(tender, clause, library))
    found.extend(_brand_rule(tender, tuple(brands)))
    return sort_diagnostics(found)


def _category_rules(tender: AssembledTender, library: ClauseLibrary | None) -> Iterator[Diagnostic]:
    spec = tender.spec
    present = {clause.category for clause in tender.clauses()}
    if "software" in spec.scope and "exit" not in present:
        add = _suggest(library, "T201")
        where = ("tender", "scope", spec.scope.index("software"))
        message = (
            f"software is bought but no clause covers exit and data portability (risk of vendor lock-in): add {add}"
        )
        yield spec.diagnostic(where, "T201", message, _WARNING)
    if spec.public_facing and "accessibility" not in present:
        add = _suggest(library, "T202")
        message = f"residents use the result directly (public_facing) but no clause covers accessibility: add {add}"
        yield spec.diagnostic(("tender", "public_facing"), "T202", message, _WARNING)
    if "goods" in spec.scope and "green" not in present:
        add = _suggest(library, "T203")
        where = ("tender", "scope", spec.scope.index("goods"))
        message = f"hardware (goods) is bought but no clause sets green criteria (energy, repair, e-waste): add {add}"
        yield spec.diagnostic(where, "T203", message, _WARNING)


def _award_rule(tender: AssembledTender, library: ClauseLibrary | None) -> Iterator[Diagnostic]:
    if any(clause.kind == "award" for clause in tender.clauses()):
        return
    add = _suggest(library, "T209")
    message = (
        f"the tender has no award criterion: add {add}, so that bids are compared on their lifecycle cost "
        "(guidelines 2.2.4/P2)"
    )
    yield tender.spec.diagnostic(("sections",), "T209", message, _WARNING)


# What else fits each rule, and the category named when the library has nothing that fits.
_FITS: dict[str, tuple[Callable[[Clause], bool], str]] = {
    "T201": (lambda c: c.category == "exit" and "software" in c.applies_to, "exit"),
    "T202": (lambda c: c.category == "accessibility", "accessibility"),
    "T203": (lambda c: c.category == "green" and "goods" in c.applies_to, "green"),
    "T209": (lambda c: c.kind == "award" and c.category == "lifecycle", "award"),
}


def suggested_clauses(library: ClauseLibrary | None, rule: str) -> tuple[str, ...]:
    """The clauses a coverage warning (T201-T203, T209) suggests: the preferred ones the library has
    approved, else up to two approved clauses that fit; the app's one-click fix adds these."""
    preferred = _PREFERRED[rule]
    if library is None:
        return preferred
    fits = _FITS[rule][0]
    usable = [i for i in preferred if (c := library.get(i)) is not None and c.status == "approved"]
    return tuple(usable or [c.id for c in library.clauses if c.status == "approved" and fits(c)][:2])


def _suggest(library: ClauseLibrary | None, rule: str) -> str:
    """The clause ids to name in the message."""
    usable = suggested_clauses(library, rule)
    return _and_list(usable) if usable else f"a clause of category '{_FITS[rule][1]}'"


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _status_rules(
    tender: AssembledTender, clause: AssembledClause, library: ClauseLibrary | None
) -> Iterator[Diagnostic]:
    where = (*clause.keypath, "clause")
    name = f"clause {clause.number} {clause.id}"
    if clause.status == "draft":
        message = (
            f"{name} is a draft (version {clause.version}) that the library's owners have not approved: "
            "have it approved before publication, or choose an approved clause"
        )
        yield tender.spec.diagnostic(where, "T205", message, _WARNING)
    elif clause.status == "deprecated":
        used = tender.lock.clauses.get(clause.id) or (library.get(clause.id) if library else None)
        replacement = used.replaced_by if used else None
        advice = f"replace it with {replacement}" if replacement else "remove it"
        yield tender.spec.diagnostic(where, "T206", f"{name} is deprecated: {advice}", _WARNING)


def _pin_rule(tender: AssembledTender, clause: AssembledClause, library: ClauseLibrary) -> Iterator[Diagnostic]:
    where = (*clause.keypath, "clause")
    current = library.get(clause.id)
    if current is None:
        message = (
            f"clause {clause.number} {clause.id} is pinned in the lock file but library {library.id} no longer "
            "has it: replace it before rebuilding with --update-pins"
        )
        yield tender.spec.diagnostic(where, "T208", message, _WARNING)
        return
    if clause_hash(current) == clause.sha256:
        return
    changed = "a changed " if current.version == clause.version else ""
    status = f", now {current.status}" if current.status != clause.status else ""
    message = (
        f"clause {clause.number} {clause.id} is pinned at version {clause.version}; the library has "
        f"{changed}version {current.version} of clause {clause.id}{status}: rebuild with --update-pins to take it"
    )
    yield tender.spec.diagnostic(where, "T208", message, _WARNING)


@dataclass(frozen=True)
class _Text:
    """One piece of officer-visible text: where it is written, what to call it, its sentences' units."""

    keypath: tuple[PathKey, ...]
    label: str
    units: tuple[str, ...]  # paragraphs, bullet items and single-line fields
    values: tuple[tuple[str, object], ...] = ()  # a library clause's values, to say where a brand comes from


def _brand_rule(tender: AssembledTender, brands: tuple[BrandName, ...]) -> Iterator[Diagnostic]:
    matcher = _matcher(brands)
    if matcher is None:
        return
    phrase = _EQUIVALENT_PHRASE.get(tender.spec.language.split("-")[0], "or equivalent")
    reported: set[tuple[tuple[PathKey, ...], str]] = set()
    for text in _tender_texts(tender):
        for unit in text.units:
            for brand in _unqualified_brands(matcher, unit):
                if (text.keypath, brand.name) in reported:
                    continue
                reported.add((text.keypath, brand.name))
                message = _brand_message(matcher, text, brand, phrase)
                yield tender.spec.diagnostic(text.keypath, "T204", message, _WARNING)


def _brand_message(matcher: _Matcher, text: _Text, brand: BrandName, phrase: str) -> str:
    message = f"{text.label} names {brand.name} without '{phrase}': add '{phrase}' after {brand.name}"
    source = _value_naming(matcher, text, brand)
    if source:
        message += f" (the name comes from the value '{source}')"
    return f"{message} ({brand.note})" if brand.note else message


def _value_naming(matcher: _Matcher, text: _Text, brand: BrandName) -> str | None:
    """The variable of a library clause whose value brings ``brand`` into the text, if any."""
    for name, value in text.values:
        if isinstance(value, str) and any(matcher.by_text[m.group()] == brand for m in matcher.pattern.finditer(value)):
            return name
    return None


def _tender_texts(tender: AssembledTender) -> Iterator[_Text]:
    spec = tender.spec
    if tender.description:
        yield _Text(("tender", "description"), "the tender description", _units(tender.description))
    for index, lot in enumerate(spec.lots):
        where: tuple[PathKey, ...] = ("tender", "lots", index)
        yield _Text((*where, "title"), f"the title of lot {lot.id}", (lot.title,))
        if lot.description:
            yield _Text((*where, "description"), f"the description of lot {lot.id}", _units_of(lot.description))
    for section, assembled in zip(spec.sections, tender.sections, strict=True):
        yield _Text((*section.keypath, "title"), f"the title of section {assembled.number}", (section.title,))
        if assembled.intro:
            yield _Text(
                (*section.keypath, "intro"), f"the introduction of section {assembled.number}", _units(assembled.intro)
            )
    values = {entry.keypath: entry.values for _, entry in spec.entries()}
    for clause in tender.clauses():
        units = (clause.title, *_units(clause.blocks), *_units_of(clause.verification or ""))
        label = f"clause {clause.number} {clause.id}"
        yield _Text(clause.keypath, label, units, values.get(clause.keypath, ()) if clause.origin == "library" else ())


def _units(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    units: list[str] = []
    for block in blocks:
        units.extend(block.items if isinstance(block, BulletList) else (block.text,))
    return tuple(units)


def _units_of(text: str) -> tuple[str, ...]:
    return _units(tuple(split_blocks(text)))
