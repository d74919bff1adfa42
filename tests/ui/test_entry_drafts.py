"""The drafts both score grids share: what typed halves of a score and its words become."""

from __future__ import annotations

from decimal import Decimal

from procure_app.ui.project.entry_drafts import Decision, EntryDrafts, Step

KEY = ("bid-a", "open-interfaces")


def test_a_consensus_score_waits_for_its_reason_then_both_are_saved() -> None:
    drafts: EntryDrafts[tuple[str, str]] = EntryDrafts(words_required=True)
    assert drafts.score_typed(KEY, Decimal(3), None) == Decision(Step.WAIT_FOR_WORDS, Decimal(3))
    assert drafts.keys == {KEY}
    assert drafts.words_typed(KEY, "Agreed at the meeting.", None) == Decision(
        Step.SAVE, Decimal(3), "Agreed at the meeting."
    )
    assert drafts.take(KEY) == (Decimal(3), "Agreed at the meeting.") and drafts.keys == set()


def test_a_reason_first_waits_for_its_score_and_a_saved_reason_cannot_be_emptied() -> None:
    drafts: EntryDrafts[tuple[str, str]] = EntryDrafts(words_required=True)
    assert drafts.words_typed(KEY, "Both reviewers agree.", None) == Decision(Step.SHOW_DRAFT)
    assert drafts.score_typed(KEY, Decimal(4), None) == Decision(Step.SAVE, Decimal(4), "Both reviewers agree.")
    saved = (Decimal(4), "Both reviewers agree.")
    assert drafts.words_typed(KEY, "  ", saved).step is Step.REFUSE
    assert drafts.score_typed(KEY, Decimal(4), saved).step is Step.NOTHING  # no audit entry for no change


def test_clearing_a_saved_score_keeps_its_words_for_when_it_comes_back() -> None:
    for required in (True, False):
        drafts: EntryDrafts[tuple[str, str]] = EntryDrafts(words_required=required)
        decision = drafts.score_typed(KEY, None, (Decimal(2), "Thin evidence."))
        assert decision == Decision(Step.SAVE, None, "" if required else "Thin evidence.")
        assert drafts.words == {KEY: "Thin evidence."}
        assert drafts.score_typed(KEY, Decimal(3), None) == Decision(Step.SAVE, Decimal(3), "Thin evidence.")


def test_an_evaluator_score_is_saved_without_words_and_a_refused_save_gives_the_drafts_back() -> None:
    drafts: EntryDrafts[tuple[str, str]] = EntryDrafts(words_required=False)
    assert drafts.score_typed(KEY, Decimal(5), None) == Decision(Step.SAVE, Decimal(5), "")
    drafts.words_typed(KEY, "Documented API.", None)
    taken = drafts.take(KEY)
    assert drafts.keys == set()
    drafts.give_back(KEY, taken)
    assert drafts.words == {KEY: "Documented API."}
