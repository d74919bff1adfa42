"""LibreOffice in the tests: convert files headless and read a document's text back from PDF.

One private profile per call, so that parallel runs never share LibreOffice's user folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def soffice_convert(
    sources: list[Path], target: str, out: Path, profile_root: Path, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """``soffice --headless --convert-to TARGET`` of ``sources`` into ``out`` (not checked)."""
    profile = (profile_root / "lo-profile").as_uri()
    command = [str(shutil.which("soffice")), f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", target, "--outdir", str(out), *map(str, sources)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def pdf_text(document: Path, scratch: Path) -> str:
    """The text of ``document`` as LibreOffice lays it out (via PDF); skips without pdftotext."""
    result = soffice_convert([document], "pdf", document.parent, scratch, timeout=180)
    assert result.returncode == 0, result.stderr
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    pdf = document.with_suffix(".pdf")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
