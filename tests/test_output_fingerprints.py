"""The bundled examples' outputs, byte for byte: a change of code that should change no document
must leave every one of them as it was.

The SHA-256 of each output (the tender DOCX, the response form, ``evaluate --json``, the evaluation
workbook, the report and every letter) is recorded in ``output_fingerprints.json`` with the versions
of the libraries that write the bytes. When those versions are installed, the outputs must match;
with other versions the comparison is skipped (another docxtpl or openpyxl writes other bytes).

A change meant to alter a document records the new fingerprints, and the diff of the JSON shows
which outputs changed:

    python tests/test_output_fingerprints.py --record
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORD = Path(__file__).with_name("output_fingerprints.json")
EXAMPLES = ROOT / "resources" / "examples"
SPEC = EXAMPLES / "urban-data-platform.tender.yaml"
EVALUATION = EXAMPLES / "urban-data-platform-lot1.eval.yaml"
# The distributions whose versions decide the bytes written.
WRITERS = ("docxtpl", "python-docx", "openpyxl", "lxml", "PyYAML", "Jinja2")


def _versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in WRITERS}


def _outputs(folder: Path) -> Iterator[Path]:
    from procure_app.cli import main

    tender = folder / "tender"
    tender.mkdir()
    spec = tender / SPEC.name
    shutil.copyfile(SPEC, spec)
    build = ["tender", "build", str(spec), "-o", str(folder / "tender.docx")]
    assert main([*build, "--response-form", str(folder / "response-form.xlsx")]) == 0
    records = ["--xlsx", str(folder / "evaluation.xlsx"), "--report", str(folder / "evaluation-report.docx")]
    printed = StringIO()
    with redirect_stdout(printed):
        code = main(["evaluate", str(EVALUATION), "--json", *records, "--letters", str(folder / "letters")])
    assert code == 0
    (folder / "evaluate.json").write_text(printed.getvalue(), encoding="utf-8")
    yield from sorted(path for path in folder.rglob("*") if path.is_file() and tender not in path.parents)


def fingerprints() -> dict[str, str]:
    """The SHA-256 of every output of the bundled examples, by its path in the output folder."""
    with tempfile.TemporaryDirectory(prefix="procure-fingerprints-") as scratch:
        folder = Path(scratch)
        return {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in _outputs(folder)
        }


def test_the_bundled_examples_produce_the_recorded_outputs() -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    if recorded["versions"] != _versions():
        pytest.skip(f"fingerprints recorded with {recorded['versions']}; installed: {_versions()}")
    now = fingerprints()
    names = recorded["sha256"].keys() | now.keys()
    changed = sorted(name for name in names if recorded["sha256"].get(name) != now.get(name))
    assert not changed, (
        f"these outputs of the bundled examples changed: {', '.join(changed)}. If that was meant, record "
        "them again (python tests/test_output_fingerprints.py --record) and say why in the commit."
    )


def _record() -> None:
    data = {"versions": _versions(), "sha256": fingerprints()}
    RECORD.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded {len(data['sha256'])} outputs in {RECORD}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] != ["--record"]:
        raise SystemExit(__doc__)
    _record()
