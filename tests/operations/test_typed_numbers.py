"""Digits that are not ASCII (`²`, `①`, `٣`) after a numbered list: no crash, no choice made."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.kernel.messages import Reply
from core.kernel.typed import is_number, typed_number
from tests.foundation.test_cli import lagerfeuer
from tests.harness import Harness

UNICODE_DIGITS = st.characters(categories=("Nd", "No", "Nl"), exclude_characters="0123456789")
"""Characters `str.isdigit()` may accept but `int()` refuses, or that are digits elsewhere."""

TYPED = st.lists(UNICODE_DIGITS | st.sampled_from("0123456789 .)"), min_size=1, max_size=8).map(
    "".join
)


@pytest.mark.parametrize("text", ["²", "①", "1 ²", "³", "٣", "１", "99999999999999999999999"])
def test_only_short_ascii_digits_are_numbers(text: str) -> None:
    assert typed_number(text) is None
    assert not is_number(text)


def test_ascii_digits_are_numbers() -> None:
    assert typed_number("2") == 2 and is_number("123456789")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=TYPED, private=st.booleans())
async def test_any_digits_after_a_numbered_list_are_handled(
    harness: Harness, typed: str, private: bool
) -> None:
    room = None if private else "Raum"
    offered = await harness.say("/start", room=room)
    assert any(isinstance(a, Reply) and a.choices for a in offered), "a numbered list first"
    await harness.say(typed, room=room)


def test_the_terminal_chat_survives_superscripts_after_a_list(tmp_path: Path) -> None:
    result = lagerfeuer(["chat"], tmp_path, "/start\n²\n①\n1 ²\n/privacy\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Was ich über dich speichere" in result.stdout, "the chat went on after them"
