"""The core and the command line never import Qt: they must run on a server with no Qt installed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "procure_app"
QT_FREE = sorted(
    [*(PACKAGE / "core").rglob("*.py"), *(PACKAGE / "cli").rglob("*.py"), PACKAGE / "paths.py", PACKAGE / "__main__.py"]
)
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", QT_FREE, ids=lambda p: str(p.relative_to(REPO)))
def test_module_does_not_import_qt(path: Path) -> None:
    qt = {name for name in _imported_modules(path) if name.split(".")[0] in QT_MODULES}
    assert not qt, f"{path.relative_to(REPO)} imports {qt}"


def test_cli_runs_with_qt_unavailable() -> None:
    """With every Qt import made to fail, the CLI still validates the bundled library."""
    script = f"""
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {QT_MODULES!r}:
            raise ImportError('Qt is not installed here')
        return None
sys.meta_path.insert(0, NoQt())
from procure_app.cli import main
code = main(['validate'])
assert not any(m.split('.')[0] in {QT_MODULES!r} for m in sys.modules), 'Qt was imported'
sys.exit(code)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "valid: 0 error(s)" in result.stderr
