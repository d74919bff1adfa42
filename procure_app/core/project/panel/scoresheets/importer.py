"""Importing a returned scoresheet: check it, then plan what it changes (see :mod:`.plan`).

The file is read with :func:`~procure_app.core.base.untrusted_xlsx.read_untrusted_xlsx` (it comes
from outside) and checked in this order; the first four stop at the first problem, the others
are all reported together, each naming the file, the cell and what to do:

1. quality scoring is still open;
2. it is a Procure scoresheet (kind, version) of this project (a sheet from another project is
   refused naming both projects) and of an evaluator on the panel;
3. the hidden structure is intact: the checksum recomputed from the answer rows it lists equals
   the checksum it stores (an edited checksum or edited rows are refused), and equals the
   checksum of the project as it is now (a changed rubric or list of bids is refused);
4. the visible structure is unchanged: the column headings, and the bid on every answer row;
5. every bid has a declaration, and a conflict has a statement;
6. every bid not declared a conflict on has a score on every criterion, a number on the scale
   (see :mod:`.answers`), with a justification when the rubric requires one; a bid declared a
   conflict on has its rows left empty.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from ....base.untrusted_xlsx import SheetRead, UntrustedWorkbookError, WorkbookRead, read_untrusted_xlsx
from ....rubric.model import Rubric
from ...store import Conflict, ProjectError, ProjectStore
from ..rubric_snapshot import project_rubric
from .answers import check_scale, printable, read_declaration, read_score, read_text
from .identity import ASK, RefusedSheet, SheetIdentity, check_identity, check_structure, read_identity
from .layout import (
    CONFLICT,
    DECLARATION_BID_COLUMN,
    DECLARATION_CHOICE_COLUMN,
    DECLARATION_COLUMNS,
    DECLARATION_HEADER_ROW,
    DECLARATION_STATEMENT_COLUMN,
    NO_CONFLICT,
    SCORE_COLUMNS,
    SCORES_BID_COLUMN,
    SCORES_HEADER_ROW,
    SCORES_JUSTIFICATION_COLUMN,
    SCORES_SCORE_COLUMN,
    SHEET_DECLARATION,
    SHEET_META,
    SHEET_SCORES,
    ScoresheetLayout,
)
from .plan import ADDED, CHANGED, REMOVED, UNCHANGED, DeclarationChange, ImportPlan, ScoreChange, apply_plan
from .source import failed_gate_bids, require_open

__all__ = ["ScoresheetError", "plan_import", "apply_plan"]


_MAX_LISTED = 10  # rows out of place listed one by one; the rest are counted


class ScoresheetError(ProjectError):
    """A returned scoresheet was refused; ``problems`` lists every reason, one sentence each."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        message = problems[0] if len(problems) == 1 else f"{path.name} has {len(problems)} problems"
        super().__init__(message)


def plan_import(store: ProjectStore, path: Path | str) -> ImportPlan:
    """Check the returned scoresheet at ``path``; raises ``ScoresheetError`` listing every problem."""
    path = Path(path)
    require_open(store, "returned scoresheets can no longer be imported")
    try:
        workbook = read_untrusted_xlsx(path, only=(SHEET_META, SHEET_DECLARATION, SHEET_SCORES))
    except UntrustedWorkbookError as exc:
        raise ScoresheetError(path, [str(exc)]) from None
    rubric = project_rubric(store)
    try:
        identity = read_identity(path, workbook)
        check_identity(path, identity, store)
        layout = check_structure(path, identity, store, rubric)
        declarations, scores = _sheets(path, workbook)
    except RefusedSheet as refused:
        raise ScoresheetError(path, [refused.problem]) from None
    problems = _visible_structure(path, layout, declarations, scores)
    if problems:
        raise ScoresheetError(path, problems)
    conflicted, problems = _declarations(path, layout, declarations)
    answers, more = _scores(path, layout, scores, conflicted, rubric)
    if problems + more:
        raise ScoresheetError(path, problems + more)
    return _plan(store, path, workbook.sha256, identity, layout, conflicted, answers)


def _sheets(path: Path, workbook: WorkbookRead) -> tuple[SheetRead, SheetRead]:
    found = []
    for name in (SHEET_DECLARATION, SHEET_SCORES):
        sheet = workbook.sheet(name)
        if sheet is None:
            raise RefusedSheet(
                f"{path.name}: the sheet '{name}' is missing; sheets must not be renamed or deleted; {ASK}"
            )
        found.append(sheet)
    return found[0], found[1]


def _at(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def _visible_structure(path: Path, layout: ScoresheetLayout, declarations: SheetRead, scores: SheetRead) -> list[str]:
    """The column headings, and the bid on every answer row, are where Procure wrote them."""
    problems = []
    for sheet, headings, row in (
        (declarations, DECLARATION_COLUMNS, DECLARATION_HEADER_ROW),
        (scores, SCORE_COLUMNS, SCORES_HEADER_ROW),
    ):
        found_headings = tuple(sheet.text(row, column) for column in range(1, len(headings) + 1))
        if found_headings != headings:
            return [
                f"{path.name}: {_at(sheet.name, row, 1)}: the column headings of the {sheet.name} sheet were changed "
                f"(expected {', '.join(headings)}); columns must not be added, deleted or moved; {ASK}"
            ]
    for sheet, keys, column in (
        (declarations, layout.declarations, DECLARATION_BID_COLUMN),
        (scores, layout.scores, SCORES_BID_COLUMN),
    ):
        for key in keys:
            found = sheet.text(key.row, column)
            if found != key.bid:
                problems.append(
                    f"{path.name}: {_at(key.sheet, key.row, column)} should hold the bid {key.bid} but holds "
                    f"'{printable(found)}'; rows were moved, inserted or deleted; {ASK}"
                )
    if len(problems) > _MAX_LISTED:
        problems[_MAX_LISTED:] = [f"{path.name}: … and {len(problems) - _MAX_LISTED} more rows out of place"]
    return problems


def _declarations(
    path: Path, layout: ScoresheetLayout, sheet: SheetRead
) -> tuple[dict[str, tuple[bool, str]], list[str]]:
    """Each bid's declaration (conflicted, statement), and the problems found."""
    declared: dict[str, tuple[bool, str]] = {}
    problems = []
    for key in layout.declarations:
        at = _at(SHEET_DECLARATION, key.row, DECLARATION_CHOICE_COLUMN)
        choice = read_declaration(sheet.cell(key.row, DECLARATION_CHOICE_COLUMN))
        statement = read_text(sheet.cell(key.row, DECLARATION_STATEMENT_COLUMN))
        statement_at = _at(SHEET_DECLARATION, key.row, DECLARATION_STATEMENT_COLUMN)
        if choice.problem is not None:
            problems.append(f"{path.name}: {at} {choice.problem}; choose '{NO_CONFLICT}' or '{CONFLICT}'")
        elif choice.value is None:
            problems.append(
                f"{path.name}: {at}: no declaration for bid {key.bid}; the evaluator must choose '{NO_CONFLICT}' "
                f"or '{CONFLICT}' for every bid"
            )
        if statement.problem is not None:
            problems.append(f"{path.name}: {statement_at} {statement.problem}")
        elif choice.value and not statement.value:
            problems.append(
                f"{path.name}: {statement_at}: a conflict of interest is declared on bid {key.bid} without a "
                "statement; the evaluator must say what the conflict is"
            )
        if choice.value is not None:
            declared[key.bid] = (choice.value, statement.value or "")
    return declared, problems


def _scores(
    path: Path,
    layout: ScoresheetLayout,
    sheet: SheetRead,
    declared: dict[str, tuple[bool, str]],
    rubric: Rubric,
) -> tuple[dict[tuple[str, str], tuple[Decimal, str, str]], list[str]]:
    """Each (bid, criterion) → (score, justification, cell), and the problems found."""
    answers: dict[tuple[str, str], tuple[Decimal, str, str]] = {}
    problems = []
    scale = f"give a whole number from {rubric.scale_min} to {rubric.scale_max}"
    for key in layout.scores:
        at = _at(SHEET_SCORES, key.row, SCORES_SCORE_COLUMN)
        why_at = _at(SHEET_SCORES, key.row, SCORES_JUSTIFICATION_COLUMN)
        score = read_score(sheet.cell(key.row, SCORES_SCORE_COLUMN))
        why = read_text(sheet.cell(key.row, SCORES_JUSTIFICATION_COLUMN))
        what = f"bid {key.bid} on {key.criterion}"
        if declared.get(key.bid, (False, ""))[0]:
            if score.value is not None or score.problem or why.value or why.problem:
                problems.append(
                    f"{path.name}: {at}: a conflict of interest is declared on bid {key.bid}, so its rows must stay "
                    f"empty; clear the score and justification of {what}, or withdraw the declaration"
                )
            continue
        if score.problem is not None:
            problems.append(f"{path.name}: {at} {score.problem}; {scale} for {what}")
        elif score.value is None:
            problems.append(f"{path.name}: {at}: no score for {what}; {scale}")
        elif (outside := check_scale(score.value, rubric)) is not None:
            problems.append(f"{path.name}: {at} {outside}; {scale} for {what}")
        if why.problem is not None:
            problems.append(f"{path.name}: {why_at} {why.problem}")
        elif rubric.justification_required and not why.value and score.value is not None:
            problems.append(
                f"{path.name}: {why_at}: no justification for the score of {what}; the rubric requires one: write "
                "why this score was given"
            )
        if score.value is not None and score.problem is None:
            answers[(key.bid, key.criterion)] = (score.value.to_integral_value(), why.value or "", at)
    return answers, problems


def _plan(
    store: ProjectStore,
    path: Path,
    sha256: str,
    identity: SheetIdentity,
    layout: ScoresheetLayout,
    declared: dict[str, tuple[bool, str]],
    answers: dict[tuple[str, str], tuple[Decimal, str, str]],
) -> ImportPlan:
    evaluator = identity.evaluator_id
    current = {(s.bid, s.criterion): (s.score, s.justification) for s in store.scores() if s.evaluator == evaluator}
    conflicts = {c.bid: c for c in store.conflicts() if c.evaluator == evaluator}
    changes = [_score_change(key, current.get(key), answer) for key, answer in answers.items()]
    conflicted = {bid for bid, (flag, _) in declared.items() if flag}
    changes += [
        ScoreChange(bid, criterion, REMOVED, old, None)
        for (bid, criterion), old in current.items()
        if bid in conflicted
    ]
    declarations = tuple(
        _declaration_change(bid, conflicts.get(bid), flag, statement) for bid, (flag, statement) in declared.items()
    )
    failed = failed_gate_bids(store)
    unscored = [bid for bid in declared if not declared[bid][0] and bid not in layout.scored_bids and bid not in failed]
    notes = tuple(
        f"bid {bid} has no rows on this scoresheet (a conflict was declared when it was generated); generate a new "
        f"scoresheet for {evaluator} to score it"
        for bid in unscored
    )
    return ImportPlan(
        path=path,
        file_sha256=sha256,
        project_id=store.project_id,
        evaluator=evaluator,
        evaluator_name=store.evaluators()[evaluator],
        generated_at=identity.generated_at,
        scores=tuple(changes),
        declarations=declarations,
        notes=notes,
    )


def _score_change(
    key: tuple[str, str], old: tuple[Decimal, str] | None, answer: tuple[Decimal, str, str]
) -> ScoreChange:
    new = (answer[0], answer[1])
    if old is None:
        kind = ADDED
    else:
        kind = UNCHANGED if old[0] == new[0] and old[1] == new[1] else CHANGED
    return ScoreChange(key[0], key[1], kind, old, new, answer[2])


def _declaration_change(bid: str, old: Conflict | None, conflicted: bool, statement: str) -> DeclarationChange:
    if old is None:
        kind = ADDED
    else:
        kind = UNCHANGED if old.conflicted == conflicted and old.statement == statement else CHANGED
    return DeclarationChange(bid, kind, old, conflicted, statement)
