"""The README's Quick start, CI and the lower-bound constraints say the same thing."""

from __future__ import annotations

import re
import tomllib

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")
CONSTRAINTS = (REPO / ".ci" / "constraints-oldest.txt").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if "-m venv .venv" in line]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_quick_start_has_one_install_and_start_and_one_install_and_test_command_per_system() -> None:
    posix = [command for command in _quick_start_commands() if command.startswith("python3 ")]
    windows = [command for command in _quick_start_commands() if command.startswith("py -3 ")]
    assert [command.rsplit("&& ", 1)[1] for command in posix] == [".venv/bin/procure-app", ".venv/bin/python -m pytest"]
    # The Windows lines are the same commands with Windows paths.
    assert [command.replace("py -3 ", "python3 ").replace("\\Scripts\\", "/bin/") for command in windows] == posix


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    posix = [command for command in _quick_start_commands() if command.startswith("python3 ")]
    test_command = next(command for command in posix if "pytest" in command)
    assert test_command in CI_RUN
    assert "rm -rf .venv\n" in CI_RUN.split(test_command, 1)[0], "CI must make the environment afresh"


def test_the_oldest_run_pins_every_lower_bound_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    lower_bounds = {}
    for requirement in requirements:
        found = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[[^]]*\])?\s*([^;#]*)", requirement)
        assert found, requirement
        name, spec = found.groups()
        bound = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
        if bound:
            lower_bounds[_normalised(name)] = bound.group(1)
    pinned = {
        _normalised(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", CONSTRAINTS, flags=re.MULTILINE)
    }
    for name, bound in lower_bounds.items():
        assert name in pinned, f"{name} has a lower bound {bound} but is not pinned in .ci/constraints-oldest.txt"
        assert tuple(int(part) for part in [*pinned[name].split("."), "0", "0"][:3]) == tuple(
            int(part) for part in [*bound.split("."), "0", "0"][:3]
        ), f"{name}: pyproject says >={bound}, the constraints pin {pinned[name]}"
