"""Reading content YAML: the quick reading builds what PyYAML's safe loader builds, with the
lines of every mapping and key, and leaves anything unusual to the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.content.yamlsource import LineDict, YamlProblem, line_of, read_yaml

SAMPLE = """\
# a comment
title: "Soziale Arbeit"
count: 12
share: 0.5
on_time: yes
nothing: ~
empty:
when: 2026-12-06
plain: Kolleg:innen treffen
tags: [a, b, "c d"]
entries:
  - id: one
    keywords: {de: [x, y], en: []}
  - id: two
    text: |
      two lines
      of text
"""


def _shape(value: Any) -> Any:
    if isinstance(value, LineDict):
        return ("map", value.line, value.key_lines, {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


def test_the_quick_reading_builds_what_the_safe_loader_builds(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    data = read_yaml(path)
    assert data == yaml.safe_load(SAMPLE)
    assert _shape(data)[1] == 2 and data.key_lines["entries"] == 11
    assert line_of(data, ("entries", 1), 0) == 14
    assert line_of(data, ("entries", 0, "keywords"), 0) == 13


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!str 12\n", {"a": "12"}),
        ("1: one\n", {"1": "one"}),
        ("base: &b {x: 1}\n", None),
        ("a: 1\na: 2\n", None),
    ],
)
def test_unusual_yaml_is_read_or_refused_as_the_loader_does(
    tmp_path: Path, text: str, expected: dict[str, str] | None
) -> None:
    path = tmp_path / "unusual.yaml"
    path.write_text(text, encoding="utf-8")
    if expected is not None:
        assert read_yaml(path) == expected
        return
    with pytest.raises(YamlProblem) as problem:
        read_yaml(path)
    assert problem.value.line >= 1
