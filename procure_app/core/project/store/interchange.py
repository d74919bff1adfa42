"""Import and export between a project file and Procure's YAML files (tender spec, lock, evaluation, rubric).

* ``import_evaluation`` loads an evaluation file (``EVAL.yaml``) with the rubric it names, checked
  exactly as ``procure evaluate`` checks them, and stores its header, evaluators, bids (SME flag,
  submission time, price sheet, gate results), scores, consensus scores and conflicts, and the
  rubric's text as a snapshot. Everything goes in as one transaction: all or nothing, with one
  audit entry per change.
  An evaluation file that already holds prices is imported with quality scoring locked and the
  prices unsealed (both steps in the audit log); one without prices (bidders and panel only)
  starts with quality scoring open and the price envelope sealed (the missing price sheets, an
  error for ``procure evaluate``, are expected there: they come in sealed with the response forms).
* ``export_evaluation`` writes ``EVAL.yaml`` and the rubric snapshot beside it (named by a
  relative ``rubric:`` path), so ``procure evaluate`` on the export gives the same result.
* ``project_evaluation`` reads the same evaluation straight from the store, as the data its
  exported file holds (no YAML is written or parsed), with the rubric snapshot and the project's
  audit trail read from the same open file; ``evaluate_project`` checks and evaluates that data
  with the rules a file goes through. The app and ``procure evaluate PROJECT.procure`` use these:
  evaluating a project writes nothing, and gives exactly the numbers of its exported files.
* ``import_spec`` / ``export_spec`` keep the tender spec and its lock (pinned clause texts) as
  their exact text; the rubric a spec names is kept as the rubric snapshot when the project has
  none yet (``materialise.py`` hands it to the build in place of the spec's relative path).

Export then import gives the same project data. Evaluators and bids are written in id order (the
project does not keep the order of the original file; results do not depend on it). A conflict
declaration recorded as "no conflict" has no place in the evaluation file and is not exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ...audit.trail import AuditTrail
from ...base.atomic import WriteError, write_bytes_atomic
from ...base.diagnostics import Diagnostic, ProblemError
from ...evaluation.evaluation_file import EvaluationFile, load_evaluation_with_rubric
from ...evaluation.run import EvaluationRun, run_evaluation_data
from ...library.clauses import load_library
from ...library.guidelines import load_guidelines
from ...library.pinning import lock_path_for, read_lock
from ...rubric.load import load_rubric
from ...tender.spec import load_spec
from .errors import ProjectError
from .project import EvaluationHeader, ProjectStore
from .trail import read_audit_trail

__all__ = [
    "InterchangeError",
    "import_evaluation",
    "export_evaluation",
    "ProjectEvaluation",
    "project_evaluation",
    "evaluate_project",
    "import_spec",
    "export_spec",
    "EVAL_NAME",
]

EVAL_NAME = "EVAL.yaml"


class InterchangeError(ProjectError):
    """A file to import has errors; ``diagnostics`` says where (file:line:column)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


# --- evaluation -------------------------------------------------------------------------------


def import_evaluation(
    store: ProjectStore,
    eval_path: Path,
    actor: str,
    *,
    guidelines_path: Path | None = None,
    library_root: Path | None = None,
    in_progress: bool = False,
) -> list[Diagnostic]:
    """Store the evaluation file at ``eval_path`` in the project; return its warnings.

    ``in_progress``: the file is an evaluation still under way (the example project): its prices
    go into the sealed envelope and quality scoring stays open, instead of both steps being taken.

    Raises ``InterchangeError`` (with the loader's diagnostics) when the file or its rubric has
    errors, and ``ProjectError`` when the project already holds an evaluation.
    """
    from .... import paths

    eval_path = Path(eval_path)
    if not eval_path.is_file():
        raise ProjectError(f"{eval_path}: no such evaluation file")
    guidelines, problems = load_guidelines(guidelines_path or paths.guidelines_file())
    library = load_library(library_root).library if library_root is not None else None
    # A set-up without any price is welcome: in a project, prices arrive later and sealed.
    evaluation, rubric, loaded = load_evaluation_with_rubric(
        eval_path, lambda p: load_rubric(p, guidelines, library), prices_to_come=True
    )
    diagnostics = problems + loaded
    errors = [d for d in diagnostics if d.is_error]
    if evaluation is None or rubric is None or errors:
        raise InterchangeError(f"{eval_path} was not imported; it has {len(errors) or 1} error(s)", diagnostics)
    if store.evaluation_header() is not None or store.evaluators() or store.bids():
        raise ProjectError(f"{store.path} already holds an evaluation; import {eval_path} into a new project")
    try:
        rubric_text = evaluation.rubric_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"cannot read the rubric {evaluation.rubric_path}: {exc}") from None
    with store.batch():
        _store_evaluation(store, evaluation, rubric_text, actor, in_progress=in_progress)
    return diagnostics


def _store_evaluation(
    store: ProjectStore, evaluation: EvaluationFile, rubric_text: str, actor: str, *, in_progress: bool
) -> None:
    raw_bids = {bid["id"]: bid for bid in evaluation.document.data["bids"]} if evaluation.document else {}
    store.set_document(actor, "rubric", evaluation.rubric_path.name, rubric_text)
    header = EvaluationHeader(
        title=evaluation.title,
        tender_reference=evaluation.tender_reference,
        tender_title=evaluation.tender_title,
        lot=evaluation.lot,
        currency=evaluation.currency,
        perturbation_percent=evaluation.sensitivity.perturbation_percent,
        draws=evaluation.sensitivity.draws,
        seed=evaluation.sensitivity.seed,
    )
    store.set_evaluation_header(actor, header)
    for evaluator in evaluation.evaluators:
        store.add_evaluator(actor, evaluator.id, evaluator.name, role=evaluator.role)
    for bid in evaluation.bids:
        store.add_bid(actor, bid.id, bid.bidder)
        raw = raw_bids.get(bid.id, {}).get("submitted")
        submitted = raw if isinstance(raw, str) else (bid.submitted.isoformat() if bid.submitted else None)
        store.set_bid_details(actor, bid.id, sme=bid.sme, submitted=submitted)
        if bid.price is not None:
            store.set_price_sheet(
                actor,
                bid.id,
                capex=bid.price.capex,
                opex_per_year=bid.price.opex_per_year,
                maintenance_per_year=bid.price.maintenance_per_year,
                years=bid.price.years,
            )
        for gate in bid.gates:
            store.set_gate_result(actor, bid.id, gate.gate, gate.result, gate.reason)
    for evaluator in evaluation.evaluators:
        for bid_id in evaluator.conflicts:
            store.declare_conflict(actor, evaluator.id, bid_id, True, "")
    for score in evaluation.scores:
        store.set_score(actor, score.evaluator, score.bid, score.criterion, score.score, score.justification)
    for consensus in evaluation.consensus:
        store.set_consensus(actor, consensus.bid, consensus.criterion, consensus.score, consensus.reason)
    if any(bid.price is not None for bid in evaluation.bids) and not in_progress:
        # The file held its prices in the open beside the scores: the project cannot pretend they
        # are sealed, so both envelope steps are recorded as part of the import.
        store.lock_quality(actor)
        store.unseal_prices(actor)


def export_evaluation(store: ProjectStore, folder: Path) -> Path:
    """Write ``EVAL.yaml`` and the rubric snapshot into ``folder``; return the evaluation's path."""
    # Everything is gathered before anything is written: sealed prices stop the export here.
    data, rubric_name, rubric_text = _evaluation_document(store)
    comment = f"# Exported by Procure from the project {store.name!r} ({store.path.name}).\n"
    folder = _folder(Path(folder))
    _write(folder / rubric_name, rubric_text)
    target = folder / EVAL_NAME
    _write(target, comment + _dump(data))
    return target


@dataclass(frozen=True)
class ProjectEvaluation:
    """A project's evaluation held in memory: what its exported evaluation file would hold, the
    rubric snapshot, and the audit trail read from the same open file (so all describe one state)."""

    project: Path  # the project file
    data: Mapping[str, Any]  # the evaluation file's content, each value as its YAML would read
    rubric_name: str
    rubric_text: str
    audit: AuditTrail

    @property
    def path(self) -> Path:
        """The name the evaluation goes by (never written): ``NAME.eval.yaml`` beside ``NAME.procure``,
        so that its records are named after the project."""
        return self.project.with_name(f"{_file_stem(self.project.stem)}.eval.yaml")

    @property
    def rubric_path(self) -> Path:
        return self.project.with_name(self.rubric_name)


def project_evaluation(store: ProjectStore) -> ProjectEvaluation:
    """The project's evaluation and audit trail, read now (nothing is written)."""
    data, rubric_name, rubric_text = _evaluation_document(store)
    return ProjectEvaluation(store.path, _as_read(data), rubric_name, rubric_text, read_audit_trail(store))


def evaluate_project(
    source: ProjectEvaluation, guidelines_path: Path, library_root: Path | None = None
) -> EvaluationRun:
    """Evaluate a project's evaluation as ``procure evaluate`` evaluates its exported file."""
    return run_evaluation_data(
        source.path, source.data, source.rubric_path, source.rubric_text, guidelines_path, library_root
    )


def _evaluation_document(store: ProjectStore) -> tuple[dict[str, Any], str, str]:
    """The evaluation file's content, the rubric's file name and its text."""
    header = store.evaluation_header()
    rubric = store.document("rubric")
    if header is None or rubric is None:
        raise ProjectError(f"{store.path} holds no evaluation to export; import one first")
    rubric_name = _file_name(rubric.name, "rubric.yaml")
    if rubric_name == EVAL_NAME:
        rubric_name = "rubric.yaml"
    return _evaluation_data(store, header, rubric_name), rubric_name, rubric.text


def _as_read(value: Any) -> Any:
    """``value`` with every Decimal as the number its exported YAML reads back as (see ``_Dumper``):
    a whole number as an int, any other as a float, so a project and its export evaluate alike."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read(item) for item in value]
    return value


def _file_stem(stem: str) -> str:
    cleaned = "".join(char if char.isalnum() or char in "-_." else "-" for char in stem).strip("-.")
    return cleaned or "project"


def _evaluation_data(store: ProjectStore, header: EvaluationHeader, rubric_name: str) -> dict[str, Any]:
    tender: dict[str, Any] = {"reference": header.tender_reference, "title": header.tender_title}
    if header.lot is not None:
        tender["lot"] = header.lot
    roles = store.evaluator_roles()
    conflicts: dict[str, list[str]] = {}
    for conflict in store.conflicts():
        if conflict.conflicted:
            conflicts.setdefault(conflict.evaluator, []).append(conflict.bid)
    evaluators: list[dict[str, Any]] = []
    for evaluator_id, name in store.evaluators().items():
        entry: dict[str, Any] = {"id": evaluator_id, "name": name}
        if roles.get(evaluator_id):
            entry["role"] = roles[evaluator_id]
        if conflicts.get(evaluator_id):
            entry["conflicts"] = conflicts[evaluator_id]
        evaluators.append(entry)
    details = {row.bid: row for row in store.bid_details()}
    # Sealed with no price sheet yet: a set-up, nothing to keep in an envelope.
    sealed_but_empty = store.envelope().prices_sealed and store.price_sheet_count() == 0
    prices = {row.bid: row for row in ([] if sealed_but_empty else store.price_sheets())}
    gates: dict[str, dict[str, Any]] = {}
    for gate in store.gate_results():
        result: dict[str, Any] = {"result": gate.result}
        if gate.reason:
            result["reason"] = gate.reason
        gates.setdefault(gate.bid, {})[gate.gate] = result
    bids: list[dict[str, Any]] = []
    for bid_id, bidder in store.bids().items():
        bid: dict[str, Any] = {"id": bid_id, "bidder": bidder}
        if bid_id in details:
            bid["sme"] = details[bid_id].sme
            if details[bid_id].submitted is not None:
                bid["submitted"] = details[bid_id].submitted
        if bid_id in prices:
            price = prices[bid_id]
            bid["price"] = {
                "capex": price.capex,
                "opex_per_year": price.opex_per_year,
                "maintenance_per_year": price.maintenance_per_year,
                "years": price.years,
            }
        if bid_id in gates:
            bid["gates"] = gates[bid_id]
        bids.append(bid)
    data: dict[str, Any] = {
        "evaluation": {
            "title": header.title,
            "tender": tender,
            "rubric": rubric_name,
            "currency": header.currency,
            "sensitivity": {
                "perturbation_percent": header.perturbation_percent,
                "draws": header.draws,
                "seed": header.seed,
            },
        },
        "evaluators": evaluators,
        "bids": bids,
    }
    scores = [
        {
            "evaluator": s.evaluator,
            "bid": s.bid,
            "criterion": s.criterion,
            "score": s.score,
            "justification": s.justification,
        }
        for s in store.scores()
    ]
    if scores:
        data["scores"] = scores
    consensus = [
        {"bid": c.bid, "criterion": c.criterion, "score": c.score, "reason": c.reason} for c in store.consensus_scores()
    ]
    if consensus:
        data["consensus"] = consensus
    return data


class _Dumper(yaml.SafeDumper):
    """Writes Decimals as plain YAML numbers with all their digits (never through a float)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", format(value.to_integral_value(), "f"))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _represent_decimal)


def _dump(data: dict[str, Any]) -> str:
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


# --- tender spec ------------------------------------------------------------------------------


def import_spec(store: ProjectStore, spec_path: Path, actor: str) -> list[Diagnostic]:
    """Store the tender spec at ``spec_path`` and its lock (if any) as text; return warnings.

    A spec already in the project is replaced (the audit log keeps the old one's hash); a lock
    left from the old spec is removed when the new spec has none.
    """
    spec_path = Path(spec_path)
    if not spec_path.is_file():
        raise ProjectError(f"{spec_path}: no such tender spec")
    spec, diagnostics = load_spec(spec_path)
    errors = [d for d in diagnostics if d.is_error]
    if spec is None or errors:
        raise InterchangeError(f"{spec_path} was not imported; it has {len(errors) or 1} error(s)", diagnostics)
    lock_path = lock_path_for(spec_path)
    try:
        read_lock(lock_path)
    except ProblemError as problem:
        raise InterchangeError(f"{lock_path} was not imported", [problem.diagnostic]) from None
    spec_text = _read(spec_path)
    lock_text = _read(lock_path) if lock_path.is_file() else None
    # The rubric the spec names travels with it unless the project already holds a rubric
    # snapshot (an evaluation's rubric, which the evaluation is scored against, wins).
    rubric_text = None
    if spec.rubric_path is not None and spec.rubric_path.is_file() and store.document("rubric") is None:
        rubric_text = _read(spec.rubric_path)
    with store.batch():
        store.set_document(actor, "spec", spec_path.name, spec_text)
        if rubric_text is not None and spec.rubric_path is not None:
            store.set_document(actor, "rubric", spec.rubric_path.name, rubric_text)
        if lock_text is not None:
            store.set_document(actor, "spec_lock", lock_path.name, lock_text)
        else:
            store.remove_document(actor, "spec_lock")
    return diagnostics


def export_spec(store: ProjectStore, folder: Path) -> Path:
    """Write the tender spec (and its lock beside it) into ``folder``; return the spec's path."""
    spec = store.document("spec")
    if spec is None:
        raise ProjectError(f"{store.path} holds no tender spec to export")
    folder = _folder(Path(folder))
    target = folder / _file_name(spec.name, "tender.yaml")
    _write(target, spec.text)
    lock = store.document("spec_lock")
    if lock is not None:
        _write(lock_path_for(target), lock.text)
    return target


# --- files ------------------------------------------------------------------------------------


def _file_name(name: str, fallback: str) -> str:
    """Only the last part of a stored name: an export never writes outside its folder."""
    base = Path(name.replace("\\", "/")).name
    return base if base not in ("", ".", "..") else fallback


def _folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    return folder


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"cannot read {path}: {exc}") from None


def _write(path: Path, text: str) -> None:
    try:
        write_bytes_atomic(path, text.encode("utf-8"))
    except WriteError as exc:
        raise ProjectError(str(exc)) from None
