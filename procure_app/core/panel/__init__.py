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

from .envelopes import QualityIncompleteError, lock_quality, missing_quality_scores, unseal_prices
from .plan import DeclarationChange, ImportPlan, ScoreChange, apply_plan
from .rubric_snapshot import project_rubric
from .scoresheet import render_scoresheet, scoresheet_file_name, write_scoresheet, write_scoresheets
from .scoresheet_import import ScoresheetError, plan_import
from .status import EvaluatorProgress, PanelStatus, panel_status

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
