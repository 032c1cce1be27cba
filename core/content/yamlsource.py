"""YAML reading that remembers line numbers, so content errors can name file and line."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

MAX_BYTES = 2 * 1024 * 1024
"""A content file is text for people to edit: anything larger is a mistake, not content."""


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Refusing(Composer):
    """Composes nodes as PyYAML does, refusing anchors and aliases: editors never need them,
    and a few lines of nested aliases expand to gigabytes."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content", mark
            )
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors (&name) are not allowed in content", mark
            )
        return super().compose_node(parent, index)


class _LineLoader(_Refusing, yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts, without anchors and aliases: it names a syntax
    error in PyYAML's own words."""


_FastLoader: Any = _LineLoader
try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure loader reads everything
    pass
else:

    class _CLineLoader(_Refusing, CParser, SafeConstructor, Resolver):
        """The same loader over libyaml's scanner and parser, several times faster; on a
        syntax error the pure loader reads the file again to name the problem."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader = _CLineLoader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Unusual(Exception):
    """YAML the quick reading does not build itself: an explicit tag, a merge key, a key
    that is no plain text, a key used twice, an anchor or alias; PyYAML's loader reads it."""


_RESOLVER = Resolver()
_SCALARS = SafeConstructor()


def _scalar(event: yaml.ScalarEvent) -> Any:
    """A scalar as SafeLoader builds it: plain ones resolved (numbers, booleans, null),
    quoted ones text."""
    if event.tag is not None and event.tag != "!":
        raise _Unusual
    value = event.value
    if not event.implicit[0]:
        return value
    if value and value[0] not in _RESOLVER.yaml_implicit_resolvers:
        return value
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag not in _SCALARS.yaml_constructors:
        raise _Unusual
    node = yaml.ScalarNode(tag, value)
    return _SCALARS.yaml_constructors[tag](_SCALARS, node)


def _line(event: yaml.Event) -> int:
    """The line (from 1) an event starts on."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _from_events(text: str) -> Any:
    """Build the document straight from libyaml's events (several times faster than
    composing nodes first), with the same LineDicts the loaders build."""
    stack: list[Any] = []
    keys: list[str | None] = []
    document: Any = None
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Unusual
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            keys.pop()
            continue
        value: Any
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if event.tag is not None:
                raise _Unusual
            if isinstance(event, yaml.MappingStartEvent):
                value = LineDict()
                value.line = _line(event)
                value.key_lines = {}
            else:
                value = []
        else:
            continue
        opened = isinstance(value, LineDict | list)
        if not stack:
            document = value
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        elif keys[-1] is None:
            parent = stack[-1]
            if opened or not isinstance(value, str) or value == "<<" or value in parent:
                raise _Unusual
            keys[-1] = value
            parent.key_lines[value] = _line(event)
        else:
            stack[-1][keys[-1]] = value
            keys[-1] = None
        if opened:
            stack.append(value)
            keys.append(None)
    return document


class YamlProblem(Exception):
    """A file that is not readable YAML; carries the line of the problem."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


def read_file(path: Path, within: Path | None = None) -> bytes:
    """The bytes of a plain file of at most MAX_BYTES, never blocking on a pipe or a device;
    with `within`, the file (after following links) must lie inside that folder."""
    if within is not None and not path.resolve().is_relative_to(within.resolve()):
        raise YamlProblem(path, 1, "links to a file outside the content folder; move it inside")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise YamlProblem(path, 1, f"cannot read: {exc.strerror}") from exc
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise YamlProblem(path, 1, "is not a plain file (a folder, device, pipe or socket)")
    with os.fdopen(handle, "rb") as file:
        try:
            raw = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise YamlProblem(path, 1, f"cannot read: {exc.strerror}") from exc
    if len(raw) > MAX_BYTES:
        raise YamlProblem(path, 1, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return raw


def read_yaml(path: Path, within: Path | None = None) -> Any:
    """Parse one YAML file (see `read_file`); mappings become LineDicts. Raises YamlProblem."""
    raw = read_file(path, within)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(path, line, "not valid UTF-8") from exc
    try:
        return _from_events(text)
    except _Unusual:
        pass  # something the quick reading leaves to PyYAML's loader
    except yaml.YAMLError:
        pass  # read again below, for PyYAML's own words on the problem
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(path, line, str(exc.problem or exc.context or "invalid YAML")) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(path, 1, str(exc)) from exc


def line_of(data: Any, loc: tuple[int | str, ...], default: int) -> int:
    """The line of the deepest LineDict key reached by following `loc` through `data`."""
    line = data.line if isinstance(data, LineDict) else default
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, LineDict):
                line = node.line
        else:
            break
    return line
