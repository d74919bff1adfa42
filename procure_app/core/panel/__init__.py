"""Offline evaluation panels: evaluator scoresheets, their import, and the two envelopes.

- :mod:`.rubric_snapshot` reads the rubric the project keeps as a snapshot;
- :mod:`.layout` says where everything sits in a scoresheet and computes its structure checksum;
- :mod:`.scoresheet` writes one XLSX scoresheet per evaluator (no prices anywhere), from a
  :mod:`.source` gathered from the project, with the sheets of :mod:`.sheets` and
  :mod:`.scores_sheet` and the cell helpers of :mod:`.cells`;
- :mod:`.scoresheet_import` checks a returned scoresheet (its identity in :mod:`.sheet_identity`,
  its answers in :mod:`.answers`) and plans the changes it brings; :mod:`.plan` holds the plan
  and applies it in one transaction;
- :mod:`.envelopes` locks quality scoring (refusing while scores are missing) and unseals prices;
- :mod:`.status` summarises the panel's progress without ever showing a sealed price.

The workflow is described in ``docs/scoresheets.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .envelopes import QualityIncompleteError, lock_quality, missing_quality_scores, unseal_prices
    from .plan import DeclarationChange, ImportPlan, ScoreChange, apply_plan
    from .rubric_snapshot import project_rubric
    from .scoresheet import render_scoresheet, scoresheet_file_name, write_scoresheet, write_scoresheets
    from .scoresheet_import import ScoresheetError, plan_import
    from .status import EvaluatorProgress, PanelStatus, panel_status

# Each name is imported from its module when first asked for: importing one submodule (the app
# imports several at start-up) must not import the spreadsheet writer and openpyxl with it.
_HOMES = {
    "QualityIncompleteError": "envelopes",
    "lock_quality": "envelopes",
    "missing_quality_scores": "envelopes",
    "unseal_prices": "envelopes",
    "DeclarationChange": "plan",
    "ImportPlan": "plan",
    "ScoreChange": "plan",
    "apply_plan": "plan",
    "project_rubric": "rubric_snapshot",
    "render_scoresheet": "scoresheet",
    "scoresheet_file_name": "scoresheet",
    "write_scoresheet": "scoresheet",
    "write_scoresheets": "scoresheet",
    "ScoresheetError": "scoresheet_import",
    "plan_import": "scoresheet_import",
    "EvaluatorProgress": "status",
    "PanelStatus": "status",
    "panel_status": "status",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)


__all__ = [
    "project_rubric",
    "render_scoresheet",
    "write_scoresheet",
    "write_scoresheets",
    "scoresheet_file_name",
    "plan_import",
    "ScoresheetError",
    "ImportPlan",
    "ScoreChange",
    "DeclarationChange",
    "apply_plan",
    "missing_quality_scores",
    "lock_quality",
    "unseal_prices",
    "QualityIncompleteError",
    "panel_status",
    "PanelStatus",
    "EvaluatorProgress",
]
