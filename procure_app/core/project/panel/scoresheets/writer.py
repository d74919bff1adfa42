"""Evaluator scoresheets: one XLSX workbook per evaluator, filled in without Procure.

Four sheets (see ``docs/scoresheets.md``):

- **Instructions** — who and what the scoresheet is for, how to fill it in, the rating scale;
- **Declaration** — every bid of the project, with a conflict-of-interest choice and a statement;
- **Scores** — one row per (criterion, bid) for the bids the evaluator may score, the criterion's
  guidance and rating scale beside them, a score cell limited to the scale and a justification;
- **_procure** — a very hidden sheet with the kind, version, project id and name, evaluator,
  time of generation, the answer rows and the structure checksum (see :mod:`.layout`).

Scores and declarations already in the project are filled in, so a regenerated sheet starts from
the evaluator's last return. Prices appear nowhere. Sheets are protected without a password and
only the answer cells are unlocked; the workbook's structure is locked. The bytes depend only on
the project and the time of generation, and files are written atomically.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ....base.atomic import WriteError, write_bytes_atomic
from ....base.packaging import deterministic_zip
from ...store import ProjectError, ProjectStore
from . import cells as c
from .layout import (
    META_FACTS,
    META_KEYS_HEADER,
    SCORESHEET_KIND,
    SCORESHEET_VERSION,
    SHEET_DECLARATION,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_SCORES,
)
from .scores_sheet import scores_sheet
from .sheets import declaration_sheet, instructions_sheet
from .source import ScoresheetSource, scoresheet_source

__all__ = ["render_scoresheet", "scoresheet_file_name", "write_scoresheet", "write_scoresheets"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def render_scoresheet(store: ProjectStore, evaluator_id: str, *, generated_at: datetime | None = None) -> bytes:
    """The scoresheet of one evaluator as XLSX bytes; raises ``ProjectError`` when it cannot be made."""
    return _render(scoresheet_source(store, evaluator_id, generated_at))


def scoresheet_file_name(store: ProjectStore, evaluator_id: str) -> str:
    """``PROJECT-scoresheet-EVALUATOR.xlsx``, with only safe characters."""
    stem = _UNSAFE.sub("-", store.path.stem).strip("-.") or "project"
    who = _UNSAFE.sub("-", evaluator_id).strip("-.") or "evaluator"
    return f"{stem}-scoresheet-{who}.xlsx"


def write_scoresheet(
    store: ProjectStore, evaluator_id: str, path: Path, *, generated_at: datetime | None = None
) -> None:
    """Render and write one scoresheet atomically; raises ``ProjectError`` or ``WriteError``."""
    write_bytes_atomic(Path(path), render_scoresheet(store, evaluator_id, generated_at=generated_at))


Progress = Callable[[int, int, str], None]  # (done, total, what is being done now)


def _silent(_done: int, _total: int, _doing: str) -> None:
    return None


def write_scoresheets(
    store: ProjectStore,
    folder: Path,
    *,
    evaluators: list[str] | None = None,
    generated_at: datetime | None = None,
    progress: Progress = _silent,
) -> list[Path]:
    """Write the scoresheets of ``evaluators`` (default: the whole panel) into ``folder``.

    Every sheet is rendered before any file is written, so a problem leaves no half set behind.
    ``progress`` hears of each sheet made and each file written (the app shows it; the CLI does not).
    """
    chosen = list(dict.fromkeys(store.evaluators() if evaluators is None else evaluators))
    if not chosen:
        raise ProjectError(f"{store.path.name} has no evaluators yet; add the panel before generating scoresheets")
    names = store.evaluators()
    rendered: list[tuple[Path, bytes]] = []
    for done, who in enumerate(chosen):
        progress(done, len(chosen), f"Making the scoresheet of {names.get(who, who)} …")
        name = scoresheet_file_name(store, who)
        if any(path.name == name for path, _ in rendered):  # ids that differ only in unsafe characters
            name = name.removesuffix(".xlsx") + f"-{len(rendered) + 1}.xlsx"
        rendered.append((Path(folder) / name, render_scoresheet(store, who, generated_at=generated_at)))
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    for done, (path, data) in enumerate(rendered):
        progress(done, len(rendered), f"Writing {path.name} …")
        write_bytes_atomic(path, data)
    progress(len(rendered), len(rendered), "Scoresheets written")
    return [path for path, _ in rendered]


def _render(source: ScoresheetSource) -> bytes:
    workbook = _workbook(source)
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as the modified date.
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return deterministic_zip(buffer.getvalue())


def _workbook(source: ScoresheetSource) -> Any:
    workbook = Workbook()
    first: Worksheet = workbook.active
    first.title = SHEET_INSTRUCTIONS
    instructions_sheet(first, source)
    declaration_sheet(workbook.create_sheet(SHEET_DECLARATION), source)
    scores_sheet(workbook.create_sheet(SHEET_SCORES), source)
    _meta_sheet(workbook.create_sheet(SHEET_META), source)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    _properties(workbook, source)
    return workbook


def _properties(workbook: Any, source: ScoresheetSource) -> None:
    stamp = source.generated_at.replace(tzinfo=None)
    properties = workbook.properties
    properties.title = c.clip(f"Scoresheet of {source.evaluator_name}")[:250]
    properties.subject = c.clip(f"Evaluation scoresheet for {source.project_name}")[:250]
    properties.creator = "Procure"
    properties.lastModifiedBy = "Procure"
    properties.keywords = f"{SCORESHEET_KIND}; version {SCORESHEET_VERSION}"
    properties.created = stamp
    properties.modified = stamp


def _meta_sheet(sheet: Worksheet, source: ScoresheetSource) -> None:
    """The facts (label in column A, value in B), a blank row, then the table of answer rows."""
    layout = source.layout
    rubric = source.rubric
    values = {
        "kind": SCORESHEET_KIND,
        "version": str(SCORESHEET_VERSION),
        "project_id": source.project_id,
        "project_name": source.project_name,
        "evaluator_id": source.evaluator_id,
        "evaluator_name": source.evaluator_name,
        "generated_at": source.generated_at.isoformat(),
        "rubric": f"{rubric.id} {rubric.version}",
        "scale": ",".join(str(score) for score in layout.scale),
        "checksum": layout.checksum(),
    }
    for row, label in enumerate(META_FACTS, start=1):
        c.write_text(sheet, row, 1, label)
        c.write_text(sheet, row, 2, values[label])
    top = len(META_FACTS) + 2
    for column, name in enumerate(META_KEYS_HEADER, start=1):
        c.write_text(sheet, top, column, name)
    for row, key in enumerate((*layout.declarations, *layout.scores), start=top + 1):
        c.write_text(sheet, row, 1, key.sheet)
        sheet.cell(row=row, column=2).value = key.row
        c.write_text(sheet, row, 3, key.bid)
        c.write_text(sheet, row, 4, key.criterion)
    sheet.sheet_state = "veryHidden"
    c.protect(sheet)
