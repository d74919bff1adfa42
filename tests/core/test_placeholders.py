"""Placeholder substitution: whitelisted names only, single pass, nothing else interpreted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procure_app.core.library.placeholders import (
    MissingValues,
    find_placeholders,
    find_template_syntax,
    substitute,
)

names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
# Free text that cannot itself form a placeholder or template syntax.
plain = st.text(alphabet=st.characters(blacklist_characters="{}%#", blacklist_categories=("Cs",)), max_size=30)
values = st.text(max_size=30)


def test_substitutes_declared_names_and_references() -> None:
    text = "Within {{ days }} days, as set out in clause {{ ref:exit-plan }}, the {{days}} count."
    assert substitute(text, {"days": "30"}, {"exit-plan": "4.2"}) == (
        "Within 30 days, as set out in clause 4.2, the 30 count."
    )


def test_missing_values_are_all_listed_in_order() -> None:
    with pytest.raises(MissingValues) as caught:
        substitute("{{ b }} {{ a }} {{ b }} {{ ref:x }}", {})
    assert caught.value.names == ["b", "a", "ref:x"]


@pytest.mark.parametrize(
    "text",
    ["{% if x %}yes{% endif %}", "{{ name | upper }}", "{{ 7*7 }}", "{# note #}", "a }} b", "{{ Name }}"],
)
def test_template_syntax_other_than_placeholders_is_found(text: str) -> None:
    assert list(find_template_syntax(text)), text


@given(st.lists(st.tuples(plain, names), max_size=6), plain, st.dictionaries(names, values))
def test_every_placeholder_is_replaced_by_its_value_once(parts, tail, extra) -> None:
    text = "".join(f"{before}{{{{ {name} }}}}" for before, name in parts) + tail
    table = {**extra, **{name: f"<{name}>" for _, name in parts}}
    expected = "".join(f"{before}{table[name]}" for before, name in parts) + tail
    assert substitute(text, table) == expected


@given(plain)
def test_text_without_placeholders_is_unchanged(text: str) -> None:
    assert substitute(text, {}) == text
    assert list(find_placeholders(text)) == []
    assert list(find_template_syntax(text)) == []


@given(names, values)
def test_substituted_values_are_never_expanded_again(name: str, value: str) -> None:
    hostile = "{{ " + name + " }}" + value + "{% raw %}"
    assert substitute("[{{ " + name + " }}]", {name: hostile}) == f"[{hostile}]"
