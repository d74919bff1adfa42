"""Tender dates to the minute, in the tender's time zone: read, checked, printed with the offset of
that day (summer time included)."""

from __future__ import annotations

from datetime import date, time

from procure_app.core.base.moments import format_moment, known_time_zones, parse_moment, utc_offset, zone_problem

DATES = 'dates: {publication: "2027-01-10", submission_deadline: "2027-02-20"}'


def test_a_date_is_read_with_or_without_its_time() -> None:
    assert parse_moment("2027-03-15") == (date(2027, 3, 15), None)
    assert parse_moment("2027-03-15T12:00") == (date(2027, 3, 15), time(12, 0))
    for wrong in ("2027-02-30", "2027-03-15T24:00", "2027-03-15 12:00", "2027-03-15T12:00+01:00", 20270315):
        assert parse_moment(wrong) is None


def test_the_offset_is_the_zone_s_on_that_day() -> None:
    assert utc_offset(date(2027, 1, 15), time(12), "Europe/Brussels") == "UTC+01:00"
    assert utc_offset(date(2027, 7, 15), time(12), "Europe/Brussels") == "UTC+02:00"  # summer time
    assert utc_offset(date(2027, 7, 15), time(12), "America/Bogota") == "UTC-05:00"
    assert utc_offset(date(2027, 7, 15), time(12), "Asia/Kolkata") == "UTC+05:30"
    assert format_moment(date(2027, 3, 15), time(12, 0), "Europe/Brussels", "fr") == (
        "15 mars 2027, 12:00 (Europe/Brussels, UTC+01:00)"
    )
    assert format_moment(date(2027, 3, 15), None, "Europe/Brussels", "en-GB") == "15 March 2027"


def test_a_zone_is_a_name_of_the_database_and_never_a_path() -> None:
    assert zone_problem("Europe/Brussels") is None and "Europe/Brussels" in known_time_zones()
    assert "is not a time zone name" in (zone_problem("Europe/Riverton") or "")
    assert zone_problem("../../etc/passwd") is not None


def test_a_deadline_to_the_minute_is_printed_with_its_zone(build) -> None:
    timed = 'dates: {publication: "2027-01-10", submission_deadline: "2027-02-20T12:00"}\n  time_zone: Europe/Brussels'
    tender, problems = build((DATES, timed))
    assert tender is not None, [p.format() for p in problems]
    assert tender.spec.dates.time_of("submission_deadline") == time(12, 0)
    assert tender.spec.dates.formatted("submission_deadline", "en-GB") == (
        "20 February 2027, 12:00 (Europe/Brussels, UTC+01:00)"
    )


def test_a_time_without_a_zone_or_an_unknown_zone_is_an_error_at_its_place(build) -> None:
    _tender, problems = build((DATES, DATES.replace('"2027-02-20"', '"2027-02-20T12:00"')))
    [problem] = [p for p in problems if p.rule == "T118"]
    assert "say whose" in problem.message
    _tender, problems = build((DATES, DATES + "\n  time_zone: Mars/Olympus_Mons"))
    [problem] = [p for p in problems if p.rule == "T118"]
    assert "is not a time zone name" in problem.message


def test_two_times_on_one_day_are_in_order_by_the_clock(build) -> None:
    same_day = (
        'dates: {publication: "2027-01-10", clarification_deadline: "2027-02-20T10:00", '
        'submission_deadline: "2027-02-20T12:00"}\n  time_zone: UTC'
    )
    tender, problems = build((DATES, same_day))
    assert tender is not None, [p.format() for p in problems]
    _tender, problems = build((DATES, same_day.replace("T10:00", "T13:00")))
    assert [p.rule for p in problems if p.is_error] == ["T112"]
