"""Starters: new tenders that begin with the clauses a kind of purchase usually needs.

Each starter is made from the bundled example tender (``resources/examples``): the sections and the
library clauses it lists are taken from the example with the values and variants the example
gives them, so a starter is always as complete and as checked as the example itself. Everything
that belongs to one buyer is left out: the title, reference, buyer, lots, section introductions
and the example's own custom clauses; the dates are counted from today as for a blank tender
(:mod:`procure_app.core.tender.new_spec`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .new_spec import blank_spec_text
from .spec_document import MISSING, SpecDocument

__all__ = ["STARTERS", "Starter", "starter_spec_text"]


@dataclass(frozen=True)
class Starter:
    key: str  # its name and description are the app's, in the start page's translatable words
    main_category: str  # goods, services or works
    scope: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (section title in the example, clause ids)


_AWARD = (
    "Award criteria",
    (
        "lcc-lifecycle-cost-award",
        "interop-award-integration",
        "a11y-award-tested-accessibility",
        "exit-switching-readiness",
        "green-award-lifecycle-footprint",
    ),
)

STARTERS: tuple[Starter, ...] = (
    Starter(
        "data-platform-sensors",
        "services",
        ("software", "services", "goods"),
        (
            (
                "Subject, lots and participation",
                ("sme-proportionate-finance", "sme-consortia-subcontracting"),
            ),
            (
                "Technical requirements: interoperability and openness",
                (
                    "interop-open-standards",
                    "interop-open-apis",
                    "oss-bespoke-licence",
                    "oss-repository-handover",
                    "data-open-publication",
                ),
            ),
            ("Accessibility and inclusion", ("a11y-en-301-549", "a11y-user-testing", "equity-digital-divide")),
            (
                "Data governance, privacy and security",
                (
                    "data-ownership",
                    "data-no-secondary-use",
                    "data-protection-processor",
                    "data-location",
                    "sec-by-design",
                    "sec-iot-baseline",
                    "sec-vulnerability-handling",
                    "sec-incident-notification",
                ),
            ),
            ("Environmental requirements", ("green-hosting-renewable", "green-carbon-reporting", "lcc-end-of-life")),
            ("Responsible technology: human rights and AI", ("hr-prohibited-uses", "hr-impact-assessment")),
            (
                "Contract performance, payment and lifecycle",
                ("perf-milestone-acceptance", "perf-service-credits", "sme-prompt-payment", "lcc-support-spare-parts"),
            ),
            ("Exit and transition", ("exit-plan", "exit-data-export", "exit-transition-assistance")),
            _AWARD,
        ),
    ),
    Starter(
        "software-as-a-service",
        "services",
        ("software", "services"),
        (
            ("Subject, lots and participation", ("sme-proportionate-finance", "sme-consortia-subcontracting")),
            ("Technical requirements: interoperability and openness", ("interop-open-standards", "interop-open-apis")),
            (
                "Accessibility and inclusion",
                ("a11y-en-301-549", "a11y-user-testing", "a11y-statement-feedback", "equity-digital-divide"),
            ),
            (
                "Data governance, privacy and security",
                (
                    "data-ownership",
                    "data-no-secondary-use",
                    "data-protection-processor",
                    "data-location",
                    "sec-by-design",
                    "sec-vulnerability-handling",
                    "sec-incident-notification",
                    "sec-penetration-testing",
                ),
            ),
            ("Environmental requirements", ("green-hosting-renewable", "green-carbon-reporting")),
            ("Responsible technology: human rights and AI", ("hr-prohibited-uses", "hr-impact-assessment")),
            (
                "Contract performance, payment and lifecycle",
                ("perf-service-credits", "perf-reporting-dashboard", "sme-prompt-payment", "lcc-indexation-cap"),
            ),
            (
                "Exit and transition",
                ("exit-plan", "exit-data-export", "exit-transition-assistance", "exit-fair-termination"),
            ),
            _AWARD,
        ),
    ),
    Starter(
        "hardware-supply",
        "goods",
        ("goods", "services"),
        (
            ("Subject, lots and participation", ("sme-proportionate-finance", "sme-consortia-subcontracting")),
            ("Technical requirements: interoperability and openness", ("interop-open-standards",)),
            (
                "Data governance, privacy and security",
                ("data-ownership", "sec-by-design", "sec-iot-baseline", "sec-vulnerability-handling"),
            ),
            ("Environmental requirements", ("green-carbon-reporting", "lcc-end-of-life")),
            ("Responsible technology: human rights and AI", ("hr-supply-chain-labour",)),
            (
                "Contract performance, payment and lifecycle",
                ("perf-milestone-acceptance", "sme-prompt-payment", "lcc-support-spare-parts", "lcc-indexation-cap"),
            ),
            ("Exit and transition", ("exit-data-export",)),
            _AWARD,
        ),
    ),
)


def _plain(node: Any) -> Any:
    """A round-trip node as plain values (the example's comments stay in the example)."""
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    return node


def starter_spec_text(starter: Starter, example: Path, today: date, time_zone: str | None = None) -> str:
    """The text of a new tender made with ``starter`` from the example spec at ``example``.

    ValueError names a section or clause the starter lists and the example no longer has.
    """
    source = SpecDocument.open(example)
    by_title = {str(section.get("title")): section for section in source.get(("sections",), [])}
    sections: list[dict[str, Any]] = []
    for title, clause_ids in starter.sections:
        section = by_title.get(title)
        if section is None:
            raise ValueError(f"{example}: the starter {starter.key!r} needs the section {title!r}")
        entries = {str(entry.get("clause")): entry for entry in section.get("clauses", []) if "clause" in entry}
        missing = [clause for clause in clause_ids if clause not in entries]
        if missing:
            raise ValueError(f"{example}: the section {title!r} has no clause {', '.join(missing)}")
        sections.append({"title": title, "clauses": [_plain(entries[clause]) for clause in clause_ids]})
    duration = source.get(("tender", "duration"))
    document = SpecDocument(
        blank_spec_text(
            today,
            main_category=starter.main_category,
            scope=starter.scope,
            duration=str(duration) if duration is not MISSING else None,
            comment=f"A tender spec made with the {starter.key} starter (see docs/tender-spec.md).",
            time_zone=time_zone,
        )
    )
    document.set(("sections",), sections)
    return document.text
