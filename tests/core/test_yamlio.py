"""Safe YAML loading: the limits that guard against hostile files, and the positions reported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from yaml.nodes import Node, ScalarNode

from procure_app.core.base import yamlio
from procure_app.core.base.diagnostics import Diagnostic, ProblemError
from procure_app.core.base.yamlio import LoadedYaml, YamlLimits, load_yaml, load_yaml_text


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_of(path: Path, limits: YamlLimits | None = None) -> Diagnostic:
    """The diagnostic that stops loading ``path``."""
    with pytest.raises(ProblemError) as raised:
        load_yaml(path, limits or YamlLimits())
    return raised.value.diagnostic


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 "lol"', "b0: &b0 [lol, lol]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*b{level - 1}"] * width)
        lines.append(f"b{level}: &b{level} [{aliases}]")
    return "\n".join(lines) + "\n"


# --- the happy path -------------------------------------------------------------------------


def test_plain_document_loads_with_yaml_types(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        textwrap.dedent(
            """\
            title: "Exit plan"
            days: 30
            ratio: 0.5
            strict: false
            items: [a, b]
            nothing: ~
            """
        ),
    )
    loaded = load_yaml(path)
    assert loaded.path == path
    assert loaded.data == {
        "title": "Exit plan",
        "days": 30,
        "ratio": 0.5,
        "strict": False,
        "items": ["a", "b"],
        "nothing": None,
    }


def test_empty_file_loads_as_nothing(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "")).data is None


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Café\n".encode())
    assert load_yaml(path).data == {"title": "Café"}


# --- Y004: alias bombs ----------------------------------------------------------------------


def _count_values_built(monkeypatch: pytest.MonkeyPatch, *, stop_after: int) -> list[int]:
    """Count the values the loader builds; past ``stop_after`` the test fails instead of hanging."""
    count = [0]
    original = yamlio._Builder.build

    def counting_build(self: yamlio._Builder, node: Node, depth: int = 0) -> object:
        count[0] += 1
        if count[0] > stop_after:
            pytest.fail(f"the loader built more than {stop_after} values before refusing the file")
        return original(self, node, depth)

    monkeypatch.setattr(yamlio._Builder, "build", counting_build)
    return count


def test_billion_laughs_fails_fast_with_y004(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Expanded, this document holds 2 * 9**9 (about 775 million) values: the work done before the
    # refusal is bounded by counting the values built, not by a clock.
    path = write(tmp_path, billion_laughs())
    built = _count_values_built(monkeypatch, stop_after=5_000)
    diagnostic = problem_of(path)
    assert built[0] <= 1_000
    assert diagnostic.rule == "Y004"
    assert "write the values out" in diagnostic.message
    assert 1 <= diagnostic.line <= 11


def test_expanded_size_is_capped_even_with_few_aliases(tmp_path: Path) -> None:
    # 3 alias uses, each of a list of 50 values: within max_aliases, over max_expanded_nodes.
    text = "base: &b [" + ", ".join(["x"] * 50) + "]\nuses: [*b, *b, *b]\n"
    limits = YamlLimits(max_aliases=100, max_expanded_nodes=120)
    diagnostic = problem_of(write(tmp_path, text), limits)
    assert diagnostic.rule == "Y004"
    assert "too many values" in diagnostic.message


def test_alias_uses_within_the_limit_load(tmp_path: Path) -> None:
    text = "base: &b [x, y]\nuses: [*b, *b]\n"
    assert load_yaml(write(tmp_path, text)).data == {"base": ["x", "y"], "uses": [["x", "y"], ["x", "y"]]}


# --- Y003: size -----------------------------------------------------------------------------


def test_file_over_a_small_size_limit_gives_y003(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\n" * 20)  # 180 bytes
    diagnostic = problem_of(path, YamlLimits(max_bytes=100))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y003", 1, 1)
    assert "file is 180 bytes, more than the limit of 100" in diagnostic.message
    assert "split it" in diagnostic.message


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    # A sparse 64 GiB file: reading it all would exhaust memory, so a quick Y003 shows that the
    # size was checked first.
    path = tmp_path / "huge.yaml"
    try:
        with path.open("wb") as stream:
            stream.truncate(64 * 1024**3)
    except OSError as exc:  # a file system without sparse files
        pytest.skip(f"cannot create a sparse file here: {exc}")
    diagnostic = problem_of(path)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y003", 1, 1)
    assert "68,719,476,736 bytes, more than the limit of 8,388,608" in diagnostic.message


def test_file_at_the_size_limit_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\n")
    assert load_yaml(path, YamlLimits(max_bytes=path.stat().st_size)).data == {"title": "x"}


def test_text_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProblemError) as raised:
        load_yaml_text("a: " + "x" * 200, tmp_path / "t.yaml", YamlLimits(max_bytes=100))
    assert raised.value.diagnostic.rule == "Y003"


# --- Y005: depth ----------------------------------------------------------------------------

_DEEP_SCRIPT = """
import sys
from pathlib import Path
from procure_app.core.base.diagnostics import ProblemError
from procure_app.core.base.yamlio import load_yaml
try:
    load_yaml(Path(sys.argv[1]))
except ProblemError as problem:
    print(problem.diagnostic.format())
else:
    print("loaded")
"""


# Hides libyaml, as on a machine whose PyYAML was built without it.
_WITHOUT_LIBYAML = "import yaml\ndel yaml.CSafeLoader\n"


def _load_in_subprocess(path: Path, *, libyaml: bool = True) -> subprocess.CompletedProcess[str]:
    script = _DEEP_SCRIPT if libyaml else _WITHOUT_LIBYAML + _DEEP_SCRIPT
    return subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("libyaml", [pytest.param(True, id="libyaml"), pytest.param(False, id="pure-python")])
def test_very_deep_flow_nesting_is_refused_without_crashing(tmp_path: Path, libyaml: bool) -> None:
    # libyaml's composer recurses in C and kills the process on this input without the guard,
    # so it is loaded in a child process: a crash shows as a negative return code. Newer libyaml
    # builds also stop on their own at 1,000 levels with another message; the answer must be the
    # same whichever PyYAML is installed, with or without libyaml.
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = _load_in_subprocess(path, libyaml=libyaml)
    assert result.returncode == 0, f"the loader crashed (return code {result.returncode}): {result.stderr[-500:]}"
    assert result.stdout.strip() == f"{path}:1:65: error[Y005]: nesting is deeper than 64 levels; flatten the structure"


@pytest.mark.parametrize(
    "line_break",
    [pytest.param("\r", id="CR"), pytest.param("\r\n", id="CRLF"), pytest.param("\u2028", id="LINE-SEPARATOR")],
)
def test_very_deep_flow_nesting_with_other_line_breaks_does_not_crash(tmp_path: Path, line_break: str) -> None:
    # YAML (and libyaml) also break lines at CR and at U+2028; the depth guard must not be blind
    # to nesting written across such lines.
    path = tmp_path / "deep.yaml"
    path.write_bytes(("[" + line_break).encode() * 100_000 + b"]" * 100_000)
    result = _load_in_subprocess(path)
    assert result.returncode == 0, f"the loader crashed (return code {result.returncode}): {result.stderr[-500:]}"
    assert f"{path}:65:1: error[Y005]" in result.stdout


def test_huge_sexagesimal_number_is_refused_before_it_is_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # YAML 1.1 reads 1:0:0:...:0 as a base-60 number; with 600,000 parts (1.2 MB, well within the
    # size limit) that is a 3.5-million-bit integer, and building it digit by digit takes time that
    # grows with the square of the length. The work is bounded by refusing the value before any
    # number is built from it: the integer constructor must not run at all.
    conversions: list[str] = []

    def refuse_to_convert(loader: object, node: ScalarNode) -> int:
        conversions.append(node.value[:20])
        pytest.fail("a 1.2 MB base-60 number reached the integer constructor")

    monkeypatch.setitem(yamlio._Loader.yaml_constructors, "tag:yaml.org,2002:int", refuse_to_convert)
    path = write(tmp_path, "value: 1" + ":0" * 600_000 + "\n")
    diagnostic = problem_of(path)
    assert conversions == []
    assert (diagnostic.rule, diagnostic.line) == ("Y001", 1)
    assert "quote it" in diagnostic.message


def test_depth_70_block_mapping_gives_y005_at_the_65th_level(tmp_path: Path) -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(70)) + " " * 70 + "x\n"
    diagnostic = problem_of(write(tmp_path, text))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y005", 65, 65)
    assert "deeper than 64 levels" in diagnostic.message
    assert "flatten the structure" in diagnostic.message


def test_depth_64_is_allowed(tmp_path: Path) -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(64)) + " " * 64 + "x\n"
    data = load_yaml(write(tmp_path, text)).data
    for level in range(63):
        data = data[f"k{level}"]
    assert data == {"k63": "x"}


def test_deep_compact_block_sequence_gives_y005(tmp_path: Path) -> None:
    # "- - - x" nests on one line, without indentation.
    diagnostic = problem_of(write(tmp_path, "- " * 2000 + "x\n"))
    assert diagnostic.rule == "Y005"
    assert diagnostic.line == 1


# --- Y009, Y007, Y008, Y002 -----------------------------------------------------------------


def test_recursive_alias_gives_y009(tmp_path: Path) -> None:
    diagnostic = problem_of(write(tmp_path, "ok: 1\na: &a [*a]\n"))
    assert (diagnostic.rule, diagnostic.line) == ("Y009", 2)
    assert "remove it" in diagnostic.message


def test_merge_key_gives_y007(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        base: &x {a: 1}
        other:
          <<: *x
        """
    )
    diagnostic = problem_of(write(tmp_path, text))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y007", 3, 3)
    assert "merge keys (<<) are not supported" in diagnostic.message


@pytest.mark.parametrize(
    "value",
    ["!!python/object:os.system {}", "!!python/object/apply:os.system [echo]", "!!python/name:os.system ''"],
)
def test_python_tags_give_y007_and_run_nothing(tmp_path: Path, value: str) -> None:
    diagnostic = problem_of(write(tmp_path, f"ok: 1\nevil: {value}\n"))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y007", 2, 7)
    assert "python/" in diagnostic.message
    assert "remove the tag" in diagnostic.message


@pytest.mark.parametrize(("key", "shown"), [("no", "'no'"), ("1:30", "'1:30'"), ("2024-01-05", "'2024-01-05'")])
def test_key_that_yaml_does_not_read_as_text_gives_y008(tmp_path: Path, key: str, shown: str) -> None:
    diagnostic = problem_of(write(tmp_path, f"title: x\n{key}: 1\n"))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y008", 2, 1)
    assert f"the key {shown} is not text" in diagnostic.message
    assert "quotes" in diagnostic.message


def test_collection_as_key_gives_y008_in_plain_words(tmp_path: Path) -> None:
    diagnostic = problem_of(write(tmp_path, "title: x\n? [a, b]\n: x\n"))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y008", 2, 3)
    assert "is not text" in diagnostic.message
    assert "Node" not in diagnostic.message  # no Python internals such as ScalarNode(tag=...)


def test_quoted_keys_are_text(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "'no': 1\n\"1:30\": 2\n")).data == {"no": 1, "1:30": 2}


def test_duplicate_key_gives_y002_naming_both_lines(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        clauses:
          - id: one
            title: First
            kind: general
            title: Second
        """
    )
    diagnostic = problem_of(write(tmp_path, text))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y002", 5, 5)
    assert "duplicate key 'title'" in diagnostic.message
    assert "already set on line 3" in diagnostic.message


def test_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "a: {id: 1}\nb: {id: 2}\n")).data == {"a": {"id": 1}, "b": {"id": 2}}


# --- Y006, Y001 -----------------------------------------------------------------------------


def test_not_utf8_gives_y006_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: x\nowner: y\nnote: Café\n".encode("latin-1"))
    diagnostic = problem_of(path)
    assert (diagnostic.rule, diagnostic.line) == ("Y006", 3)
    assert "save it as UTF-8" in diagnostic.message


def test_unreadable_path_gives_y006(tmp_path: Path) -> None:
    diagnostic = problem_of(tmp_path / "missing.yaml")
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y006", 1, 1)
    assert "cannot read the file" in diagnostic.message


def test_syntax_error_gives_y001_with_line_and_column(tmp_path: Path) -> None:
    diagnostic = problem_of(write(tmp_path, "title: x\nowner: a: b\n"))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y001", 2, 9)
    assert "YAML syntax error" in diagnostic.message
    assert "mapping values are not allowed" in diagnostic.message


def test_value_that_cannot_be_read_gives_y001(tmp_path: Path) -> None:
    diagnostic = problem_of(write(tmp_path, "title: x\ndue: 2026-02-30\n"))
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y001", 2, 6)
    assert "cannot read the value '2026-02-30'" in diagnostic.message
    assert "quote it" in diagnostic.message


def test_several_documents_give_y001(tmp_path: Path) -> None:
    diagnostic = problem_of(write(tmp_path, "a: 1\n---\nb: 2\n"))
    assert (diagnostic.rule, diagnostic.line) == ("Y001", 2)


def test_diagnostic_names_the_path(tmp_path: Path) -> None:
    path = write(tmp_path, "a: [\n")
    diagnostic = problem_of(path)
    assert diagnostic.path == path
    assert diagnostic.format().startswith(f"{path}:")


# --- positions ------------------------------------------------------------------------------

_NESTED = textwrap.dedent(
    """\
    library:
      id: demo
    clauses:
      - id: first
        applies_to: [goods, works]
      - id: second
        references:
          guidelines:
            - "2.2.4"
            - "2.2.4/P3"
    """
)


@pytest.fixture
def nested(tmp_path: Path) -> LoadedYaml:
    return load_yaml(write(tmp_path, _NESTED))


@pytest.mark.parametrize(
    ("keypath", "position"),
    [
        (["library", "id"], (2, 7)),
        (["clauses", 0], (4, 5)),
        (["clauses", 0, "applies_to", 1], (5, 25)),
        (["clauses", 1, "id"], (6, 9)),
        (["clauses", 1, "references", "guidelines", 1], (10, 11)),
    ],
)
def test_locate_values_at_nested_paths(nested: LoadedYaml, keypath: list[str | int], position: tuple[int, int]) -> None:
    assert nested.locate(keypath) == position


@pytest.mark.parametrize(
    ("keypath", "position"),
    [
        (["library", "id"], (2, 3)),
        (["clauses", 1, "references"], (7, 5)),
        (["clauses", 1, "references", "guidelines"], (8, 7)),
    ],
)
def test_locate_keys(nested: LoadedYaml, keypath: list[str | int], position: tuple[int, int]) -> None:
    assert nested.locate(keypath, key=True) == position


def test_locate_beyond_the_document_gives_the_deepest_position(nested: LoadedYaml) -> None:
    assert nested.locate(["clauses", 1, "title"]) == (6, 5)  # the second clause itself
    assert nested.locate(["clauses", 7]) == (4, 3)  # the clauses list


def test_locate_in_an_empty_document(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "")).locate(["anything"]) == (1, 1)


_BLOCK = textwrap.dedent(
    """\
    clauses:
      - id: first
        text: |
          The Contractor shall deliver
          within {{ days }} days.

            Indented {{ more }} here.
        plain: within {{ days }} days
    """
)


@pytest.mark.parametrize(
    ("needle", "position"),
    [
        ("The", (4, 7)),
        ("{{ days }}", (5, 14)),
        ("{{ more }}", (7, 18)),
    ],
)
def test_locate_in_text_maps_a_block_scalar_offset_to_its_line(
    tmp_path: Path, needle: str, position: tuple[int, int]
) -> None:
    loaded = load_yaml(write(tmp_path, _BLOCK))
    text = loaded.data["clauses"][0]["text"]
    assert loaded.locate_in_text(["clauses", 0, "text"], text.index(needle)) == position


def test_locate_in_text_of_a_plain_scalar_gives_the_value_position(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, _BLOCK))
    text = loaded.data["clauses"][0]["plain"]
    assert loaded.locate_in_text(["clauses", 0, "plain"], text.index("{{")) == (8, 12)


def test_locate_in_text_with_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(_BLOCK.replace("\n", "\r\n").encode())
    loaded = load_yaml(path)
    text = loaded.data["clauses"][0]["text"]
    assert loaded.locate_in_text(["clauses", 0, "text"], text.index("{{ days }}")) == (5, 14)


def test_a_forbidden_character_in_a_very_deep_file_is_reported_at_its_place(tmp_path: Path) -> None:
    # The depth count reads the file with the pure-Python parser; its reader errors get the same
    # message and position as the main load's.
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 2_000 + "\x07" + "]" * 2_000, encoding="utf-8")
    diagnostic = problem_of(path)
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("Y001", 1, 2_001)
    assert "U+0007 is not allowed in YAML; remove it" in diagnostic.message
