"""Nothing is ever written into Procure's bundled data, by the command line as by the app.

Installed from a wheel, the bundled library, rubrics and examples sit inside site-packages and
are shared by every user of the machine; a build of the bundled example once left a
``SPEC.lock.json`` there.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from procure_app import paths
from procure_app.cli import main
from procure_app.core.base.atomic import WriteError, write_bytes_atomic

EXAMPLE = paths.resources_dir() / "examples" / "urban-data-platform.tender.yaml"


def _snapshot() -> dict[str, str]:
    """Every file of the bundled data folders with the hash of its bytes."""
    found = {}
    for name in paths.DATA_FOLDERS:
        for path in sorted(paths.data_dir(name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_building_the_bundled_example_leaves_the_bundled_data_as_it_was(tmp_path: Path, capsys) -> None:
    before = _snapshot()
    out = tmp_path / "tender.docx"
    assert main(["tender", "build", str(EXAMPLE), "-o", str(out), "--response-form", str(tmp_path / "form.xlsx")]) == 0
    assert out.stat().st_size > 0 and (tmp_path / "form.xlsx").stat().st_size > 0
    assert _snapshot() == before
    err = capsys.readouterr().err
    assert f"clauses not pinned: {EXAMPLE} is Procure's bundled example, which is never changed" in err


def test_an_output_named_inside_the_bundled_data_is_refused(capsys) -> None:
    before = _snapshot()
    target = EXAMPLE.parent / "tender.docx"
    assert main(["tender", "build", str(EXAMPLE), "-o", str(target)]) == 1
    assert _snapshot() == before
    err = capsys.readouterr().err
    assert f"cannot write {target}: it is inside Procure's bundled data, which is never changed" in err


def test_no_writer_can_write_into_the_bundled_data() -> None:
    target = paths.rubrics_dir() / "extra.yaml"
    try:
        write_bytes_atomic(target, b"id: extra\n")
    except WriteError as error:
        assert "bundled data" in str(error)
    else:  # pragma: no cover  # the point of the test
        target.unlink()
        raise AssertionError("a file was written into the bundled rubrics")
    assert not target.exists()
