"""The envelope rules as the steps allowed now: one rule for the app's actions and `panel status`."""

from __future__ import annotations

from procure_app.core.project.panel.status import PanelAction, allowed_actions
from procure_app.core.project.store import EnvelopeState

OPEN = EnvelopeState(None, None, None, None)
LOCKED = EnvelopeState("2027-05-01T10:00:00+00:00", "chair", None, None)
UNSEALED = EnvelopeState("2027-05-01T10:00:00+00:00", "chair", "2027-05-02T09:00:00+00:00", "chair")
A = PanelAction


def test_while_quality_is_open_the_panel_scores_and_may_lock() -> None:
    assert allowed_actions(OPEN, has_panel=True, has_spec=True) == {
        A.SCORE,
        A.DECLARE,
        A.GENERATE_SCORESHEETS,
        A.IMPORT_SCORESHEET,
        A.IMPORT_RESPONSE_FORM,
        A.LOCK_QUALITY,
    }
    assert allowed_actions(OPEN, has_panel=False, has_spec=True) == {A.IMPORT_RESPONSE_FORM}  # bids first
    assert A.IMPORT_RESPONSE_FORM not in allowed_actions(OPEN, has_panel=True, has_spec=False)


def test_locked_then_unsealed_then_evaluated() -> None:
    assert allowed_actions(LOCKED, has_panel=True, has_spec=True) == {A.UNSEAL_PRICES}
    assert allowed_actions(UNSEALED, has_panel=True, has_spec=True) == {A.EVALUATE}
    for state in (LOCKED, UNSEALED):  # nothing quality-related once locked
        assert not {A.SCORE, A.DECLARE, A.IMPORT_SCORESHEET, A.LOCK_QUALITY} & allowed_actions(
            state, has_panel=True, has_spec=True
        )
