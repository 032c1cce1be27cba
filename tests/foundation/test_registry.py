"""Registration is checked: a command or choice prefix belongs to one service, from the table."""

from __future__ import annotations

import pytest

from core.errors import RegistrationError
from core.kernel.assistant import Actions, Registry, Turn
from core.kernel.commands import COMMANDS, Prefix
from tests.harness import Harness


async def _nothing(turn: Turn, value: str) -> Actions:
    return []


def test_a_command_claimed_twice_is_refused() -> None:
    registry = Registry()
    registry.command("start", _nothing)
    with pytest.raises(RegistrationError, match="twice"):
        registry.command("start", _nothing)


def test_a_command_outside_the_table_or_by_its_alias_is_refused() -> None:
    registry = Registry()
    with pytest.raises(RegistrationError, match="command table"):
        registry.command("frobnicate", _nothing)
    with pytest.raises(RegistrationError, match="command table"):
        registry.command("hilfe", _nothing)  # the alias of start: the dispatcher never asks it
    assert registry.commands == {}


def test_a_choice_prefix_claimed_twice_is_refused() -> None:
    registry = Registry()
    registry.choice(Prefix.FLOW, _nothing)
    with pytest.raises(RegistrationError, match="flow"):
        registry.choice(Prefix.FLOW, _nothing)


async def test_the_assembled_assistant_serves_every_command_and_every_prefix(
    harness: Harness,
) -> None:
    registry = harness.app.assistant.registry
    assert set(registry.commands) == {spec.name for spec in COMMANDS}
    assert set(registry.choices) == set(Prefix)
