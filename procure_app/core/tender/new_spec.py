"""The text of a new tender spec: the skeleton the builder starts from when the officer makes a tender.

It holds every key the format requires, with the dates a typical open procedure needs counted from
today; what only the officer can know (title, reference, buyer) is left empty, so the checks name
each field to fill in. See ``docs/tender-spec.md`` for the format.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["blank_spec_text"]

# An open procedure above the EU thresholds needs at least 35 days from publication to submission
# (Directive 2014/24/EU art. 27); the contract starts after the evaluation and a standstill period.
_PUBLICATION_IN_DAYS = 14
_SUBMISSION_AFTER_DAYS = 35
_CLARIFICATION_BEFORE_SUBMISSION_DAYS = 10
_CONTRACT_AFTER_SUBMISSION_DAYS = 60


def blank_spec_text(
    today: date,
    language: str = "en-GB",
    *,
    main_category: str = "services",
    scope: tuple[str, ...] = ("services",),
    duration: str | None = None,
    comment: str = "A tender spec (see docs/tender-spec.md).",
    time_zone: str | None = None,
) -> str:
    """A new spec whose dates follow from ``today``; with ``time_zone`` (the officer's), the
    deadlines have a time of day in it: questions until 17:00, tenders until 12:00."""
    duration_line = f'  duration: "{duration}"\n' if duration else ""
    zone_line = f"  time_zone: {time_zone}\n" if time_zone else ""
    questions_at, tenders_at = ("T17:00", "T12:00") if time_zone else ("", "")
    publication = today + timedelta(days=_PUBLICATION_IN_DAYS)
    submission = publication + timedelta(days=_SUBMISSION_AFTER_DAYS)
    clarification = submission - timedelta(days=_CLARIFICATION_BEFORE_SUBMISSION_DAYS)
    start = submission + timedelta(days=_CONTRACT_AFTER_SUBMISSION_DAYS)
    return f"""\
# {comment}
tender:
  title: ""
  reference: ""
  language: {language}
  procedure: open
  main_category: {main_category}
  scope: [{", ".join(scope)}]
{duration_line}{zone_line}  dates:
    publication: "{publication.isoformat()}"
    clarification_deadline: "{clarification.isoformat()}{questions_at}"
    submission_deadline: "{submission.isoformat()}{tenders_at}"
    contract_start: "{start.isoformat()}"

buyer:
  name: ""

sections:
  - title: Subject of the contract
    clauses: []
"""
