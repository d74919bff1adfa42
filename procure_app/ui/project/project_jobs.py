"""The project work of the window, in plain Python (no Qt): what the Project tab shows, and the jobs.

:func:`read_snapshot` reads everything the tab shows from an open project in one go (it is fast:
a few small queries), so the widgets only ever show a :class:`ProjectSnapshot`. The slow work runs
in a worker thread, and a worker never uses the window's connection (SQLite connections belong to
the thread that opened them): :func:`generate_scoresheets`, :func:`plan_scoresheet` and
:func:`plan_response_form` open the project file again, read-only in spirit, in their own thread.

The example project that a new user sees is made by :func:`create_example_project` from the
bundled tender spec and lot-1 evaluation, as a panel still at work (``core/project/panel/example.py``).
"""

from __future__ import annotations

import getpass
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ... import paths
from ...core.project.panel.moderation import PanelPair, project_pairs
from ...core.project.panel.responses.importer import ResponseImportPlan
from ...core.project.panel.rubric_snapshot import project_rubric
from ...core.project.panel.scoresheets.source import failed_gate_bids
from ...core.project.panel.status import EvaluatorProgress, panel_status
from ...core.project.store import EnvelopeState, PriceSheetRow, ProjectError, ProjectStore, verify
from ...core.rubric.formulas import disagrees
from ...core.rubric.model import DEFAULT_MODERATION_SPREAD, Rubric, is_whole, on_scale
from ..evaluation.evaluation_jobs import example_evaluation
from ..tender.tender_jobs import example_spec

__all__ = [
    "APP_ACTOR",
    "EXAMPLE_NAME",
    "CriterionRow",
    "ProjectSnapshot",
    "Progress",
    "default_actor",
    "example_project_path",
    "create_example_project",
    "restore_copy",
    "read_snapshot",
    "envelope_words",
    "when_words",
    "parse_score",
    "generate_scoresheets",
    "plan_scoresheet",
    "plan_response_form",
    "verify_project",
]

APP_ACTOR = "procure-app"
EXAMPLE_NAME = "Riverton urban data platform — lot 1 (example)"
EXAMPLE_FILE = "riverton-example.procure"

Progress = Callable[[int, int, str], None]  # (done, total, what is being done now)


def default_actor() -> str:
    """Who the audit log names for edits made in the app: the user logged in to the computer."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError):  # no user name in the environment nor in the password database
        name = ""
    return name or APP_ACTOR


# --- opening ---------------------------------------------------------------------------------


def example_project_path(data_folder: Path) -> Path:
    """Where the example project lives in the user's data folder."""
    return data_folder / "examples" / EXAMPLE_FILE


def create_example_project(target: Path, actor: str = APP_ACTOR) -> Path:
    """Make the example project at ``target`` (a panel at work, see core/project/panel/example.py) unless it exists."""
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot create the folder {target.parent}: {exc.strerror or exc}") from None
    from ...core.project.panel.example import build_example_project

    return build_example_project(
        target, EXAMPLE_NAME, example_spec(), example_evaluation(), actor, library_root=paths.library_dir()
    )


def restore_copy(damaged: Path, backup: Path) -> Path:
    """Copy ``backup`` beside the damaged file under a new name and return it; the damaged file and
    the backup stay exactly as they are."""
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    for attempt in range(100):
        suffix = f" {attempt + 1}" if attempt else ""
        target = damaged.with_name(f"{damaged.stem} (restored {stamp}{suffix}){damaged.suffix}")
        try:
            with open(backup, "rb") as source, open(target, "xb") as copy:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
        except FileExistsError:
            continue
        except OSError as exc:
            raise ProjectError(f"cannot copy the backup {backup} to {target}: {exc.strerror or exc}") from None
        return target
    raise ProjectError(f"cannot find a free name beside {damaged} for the restored copy")


# --- what the tab shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    id: str
    title: str
    group: str
    guidance: str


ScoreKey = tuple[str, str, str]  # evaluator, bid, criterion


@dataclass(frozen=True)
class ProjectSnapshot:
    """What the Project tab shows of an open project, read at one moment."""

    path: Path
    name: str
    project_id: str
    envelope: EnvelopeState
    price_sheet_count: int
    prices: tuple[PriceSheetRow, ...] | None  # None while the price envelope is sealed
    currency: str
    evaluators: dict[str, str]
    bids: dict[str, str]
    criteria: tuple[CriterionRow, ...]
    scale: tuple[tuple[int, str, str], ...]  # score, label, descriptor
    justification_required: bool
    scores: dict[ScoreKey, tuple[Decimal, str]]
    conflicts: frozenset[tuple[str, str]]  # (evaluator, bid) declared conflicted
    failed_gates: frozenset[str]
    progress: tuple[EvaluatorProgress, ...]
    audit_count: int
    rubric_problem: str | None  # why the rubric could not be read (None when it was)
    has_spec: bool  # the project holds its tender spec (needed to check bidders' response forms)
    panel: dict[tuple[str, str], PanelPair] = field(default_factory=dict)  # (bid, criterion) → the panel on it
    moderation_spread: Decimal = DEFAULT_MODERATION_SPREAD  # the rubric's: scores this far apart need a consensus
    aggregation: str = "mean"  # how the rubric combines the evaluators' scores when there is no consensus
    # (evaluator, bid) → declared a conflict (True) or no conflict (False); absent: not yet declared
    declarations: dict[tuple[str, str], bool] = field(default_factory=dict)
    statements: dict[tuple[str, str], str] = field(default_factory=dict)  # what each declared conflict is

    @property
    def quality_open(self) -> bool:
        return not self.envelope.quality_locked

    @property
    def scale_words(self) -> str:
        if not self.scale:
            return "a score of the rubric's scale"
        return f"a whole number from {self.scale[0][0]} to {self.scale[-1][0]}"

    def label_of(self, score: Decimal) -> str:
        return next((label for value, label, _ in self.scale if Decimal(value) == score), "")

    def declared(self, evaluator: str, bid: str) -> bool:
        """The evaluator has declared on the bid (no conflict, or a conflict)."""
        return (evaluator, bid) in self.declarations

    def may_score(self, evaluator: str, bid: str) -> bool:
        """Declared no conflict on a bid that passed its gates."""
        return self.declarations.get((evaluator, bid)) is False and bid not in self.failed_gates

    def why_not_scored(self, evaluator: str, bid: str) -> str:
        """Why ``evaluator`` does not score ``bid`` now, in a few words ("" when they may)."""
        if bid in self.failed_gates:
            return QCoreApplication.translate("ScoreGrid", "failed a gate")
        conflicted = self.declarations.get((evaluator, bid))
        if conflicted is None:
            return QCoreApplication.translate("ScoreGrid", "not yet declared")
        return QCoreApplication.translate("ScoreGrid", "conflict declared") if conflicted else ""

    @property
    def needs_consensus(self) -> int:
        """How many (bid, criterion) pairs the evaluation engine would flag for moderation now."""
        return sum(1 for pair in self.panel.values() if pair.needs_consensus)

    @property
    def consensus_count(self) -> int:
        return sum(1 for pair in self.panel.values() if pair.consensus is not None)

    def disagrees(self, bid: str, criterion: str) -> bool:
        """The evaluators' scores differ by the rubric's moderation spread or more (agreed since, or not)."""
        pair = self.panel.get((bid, criterion))
        return pair is not None and disagrees(pair.spread, self.moderation_spread)


def _rubric(store: ProjectStore) -> tuple[Rubric | None, str | None]:
    if store.document("rubric") is None:
        return None, "This project holds no rubric yet: import an evaluation to score bids."
    try:
        return project_rubric(store), None
    except ProjectError as exc:
        return None, str(exc)


def read_snapshot(store: ProjectStore) -> ProjectSnapshot:
    """Everything the Project tab shows, read from ``store`` now (in the thread that opened it)."""
    rubric, problem = _rubric(store)
    envelope = store.envelope()
    evaluators, bids = store.evaluators(), store.bids()
    criteria = tuple(
        CriterionRow(criterion.id, criterion.title, group.title, criterion.guidance)
        for group, criterion in (rubric.criteria() if rubric is not None else iter(()))
    )
    scores = {(s.evaluator, s.bid, s.criterion): (s.score, s.justification) for s in store.scores()}
    declared = store.conflicts()
    conflicts = frozenset((c.evaluator, c.bid) for c in declared if c.conflicted)
    header = store.evaluation_header()
    progress = panel_status(store).evaluators if rubric is not None else ()
    return ProjectSnapshot(
        path=store.path,
        name=store.name,
        project_id=store.project_id,
        envelope=envelope,
        price_sheet_count=store.price_sheet_count(),
        prices=None if envelope.prices_sealed else tuple(store.price_sheets()),
        currency=header.currency if header is not None else "",
        evaluators=evaluators,
        bids=bids,
        criteria=criteria,
        scale=tuple((level.score, level.label, level.descriptor) for level in rubric.scale) if rubric else (),
        justification_required=rubric.justification_required if rubric is not None else False,
        scores=scores,
        conflicts=conflicts,
        failed_gates=frozenset(failed_gate_bids(store)),
        progress=progress,
        audit_count=len(store.audit_entries()),
        rubric_problem=problem,
        has_spec=store.document("spec") is not None,
        panel=project_pairs(store, rubric) if rubric is not None else {},
        moderation_spread=rubric.moderation_spread if rubric is not None else DEFAULT_MODERATION_SPREAD,
        aggregation=rubric.aggregation if rubric is not None else "mean",
        declarations={(c.evaluator, c.bid): c.conflicted for c in declared},
        statements={(c.evaluator, c.bid): c.statement for c in declared if c.conflicted},
    )


def when_words(iso: str | None) -> str:
    """An ISO 8601 time from the project file in the computer's time zone, as people write it."""
    if not iso:
        return "an unknown date"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone().strftime("%d %b %Y at %H:%M").lstrip("0")


def envelope_words(envelope: EnvelopeState, price_sheets: int) -> str:
    """The state of the two envelopes in plain words."""
    sheets = f"{price_sheets} price sheet{'' if price_sheets == 1 else 's'} received"
    if not envelope.quality_locked:
        return f"Quality scoring open — prices sealed ({sheets})"
    locked = f"Quality scores locked on {when_words(envelope.quality_locked_at)} by {envelope.quality_locked_by}"
    if envelope.prices_sealed:
        return f"{locked} — prices sealed ({sheets})"
    unsealed = f"Prices unsealed on {when_words(envelope.prices_unsealed_at)} by {envelope.prices_unsealed_by}"
    return f"{locked} — {unsealed}"


def parse_score(text: str, snapshot: ProjectSnapshot) -> Decimal | None:
    """The score typed in ``text`` (None for an empty cell: no score); ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return None
    number = text.split("·", 1)[0].strip().replace(",", ".")  # "4 · Good" as shown, or "4,0"
    try:
        score = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a score: give {snapshot.scale_words}.") from None
    levels = [value for value, _, _ in snapshot.scale]
    if not is_whole(score) or (levels and not on_scale(score, levels)):
        raise ValueError(f"{text} is not a score of the rubric's scale: give {snapshot.scale_words}.")
    return Decimal(int(score))


# --- jobs (run in a worker thread) -------------------------------------------------------------


@contextmanager
def _own_store(path: Path) -> Iterator[ProjectStore]:
    """The project opened again in the calling thread (no backup: the window's connection made one)."""
    store = ProjectStore.open(path, actor=APP_ACTOR, backup=False)
    try:
        yield store
    finally:
        store.close()


def generate_scoresheets(path: Path, folder: Path, progress: Progress) -> list[Path]:
    """Write one scoresheet per evaluator into ``folder`` (as ``procure panel scoresheets`` does), on
    the project opened again in this thread."""
    from ...core.project.panel.scoresheets.writer import write_scoresheets

    with _own_store(path) as store:
        if not store.evaluators():
            raise ProjectError(f"{path.name} has no evaluators yet: there is nobody to make a scoresheet for")
        return write_scoresheets(store, folder, progress=progress)


def plan_scoresheet(path: Path, workbook: Path) -> Any:
    """Read and check a returned scoresheet against the project: the import plan (nothing changes yet)."""
    from ...core.project.panel.scoresheets.importer import plan_import

    with _own_store(path) as store:
        return plan_import(store, workbook)


def plan_response_form(path: Path, workbook: Path, bidder: str | None = None) -> ResponseImportPlan:
    """Read and check a bidder's response form against the project: what importing it would store.

    A bid of the same id is replaced only after the officer has read the plan, which says so.
    """
    from ...core.project.panel.responses.importer import plan_response_import

    with _own_store(path) as store:
        return plan_response_import(store, workbook, bidder=bidder, replace=True)


def verify_project(path: Path) -> Any:
    """The integrity and audit-chain check of the project file (its own connection)."""
    return verify(path)
