"""Conversations written as YAML transcripts, run through the real core over real SQLite.

A transcript is a list of steps; each does one thing and may check the result:

    - say: /start                 # a message from Anna in private (or `room: Name`)
      expect: ["Hallo"]           # every string must appear in the replies (texts, choices, links)
      absent: ["Abbrechen"]       # none of these may appear
    - press: "Ich studiere"       # press the button with this label among the last replies
    - press_value: flow:role:staff  # press a button by its value (an old button, say)
    - join: {room: Sozialarbeit, name: Ben}
    - deeplink: Sozialarbeit      # /start with the deep-link payload of this room
    - restart: true               # a new core over the same database file
    - tick: 86400                 # move the fake clock (seconds) and run the timers
      silent: true                # no replies at all

Checks that work after any step: `expect`, `absent`, `silent`, `step` (the step of the open
flow, or null for none), `opens_dm` (an OpenDirectChat was returned), `person` (stored
fields such as subscribed, came_from, language) and `answers` (the stored answers of the
finished onboarding, checked key by key; null for none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.kernel.deeplinks import room_payload
from core.kernel.messages import Action, OpenDirectChat, Reply
from tests.harness import Harness, joined

ACTIONS = ("say", "press", "press_value", "join", "deeplink", "restart", "tick")
CHECKS = ("expect", "absent", "silent", "step", "opens_dm", "person", "answers", "room")


class TranscriptError(AssertionError):
    """A transcript step did not get what it expected."""


def load(path: Path) -> dict[str, Any]:
    """Read a transcript file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise TranscriptError(f"{path.name}: expected a mapping with a list of `steps`")
    return data


class Runner:
    """Plays one transcript against a harness."""

    def __init__(self, harness: Harness, name: str) -> None:
        self.harness = harness
        self.name = name
        self.last: list[Action] = []

    async def run(self, steps: list[dict[str, Any]]) -> None:
        for number, step in enumerate(steps, 1):
            unknown = set(step) - set(ACTIONS) - set(CHECKS)
            if unknown:
                raise TranscriptError(f"{self.name} step {number}: unknown keys {sorted(unknown)}")
            where = f"{self.name} step {number} ({_describe(step)})"
            actions = await self._act(step, where)
            if actions is not None:
                self.last = actions
            await self._check(step, where, actions or [])

    async def _act(self, step: dict[str, Any], where: str) -> list[Action] | None:
        h = self.harness
        room = step.get("room")
        if "say" in step:
            return await h.say(str(step["say"]), room=room)
        if "press" in step:
            return await h.choose(self._value_of(str(step["press"]), where), room=room)
        if "press_value" in step:
            return await h.choose(str(step["press_value"]), room=room)
        if "join" in step:
            spec = step["join"]
            return await h.join(spec["room"], spec["name"])
        if "deeplink" in step:
            payload = room_payload(h.platform.value, str(step["deeplink"]).lower())
            return await h.say(f"/start {payload}")
        if "restart" in step:
            await h.restart()
            return None
        if "tick" in step:
            return await h.tick(float(step["tick"]))
        raise TranscriptError(f"{where}: a step needs one of {', '.join(ACTIONS)}")

    def _value_of(self, label: str, where: str) -> str:
        offered = [c for a in self.last if isinstance(a, Reply) for c in a.choices]
        for choice in offered:
            if choice.label == label:
                return choice.value
        labels = [c.label for c in offered]
        raise TranscriptError(f"{where}: no button {label!r} among {labels}")

    async def _check(self, step: dict[str, Any], where: str, actions: list[Action]) -> None:
        text = joined(actions)
        for wanted in step.get("expect", []):
            if wanted not in text:
                raise TranscriptError(f"{where}: expected {wanted!r} in:\n{text}")
        for unwanted in step.get("absent", []):
            if unwanted in text:
                raise TranscriptError(f"{where}: did not expect {unwanted!r} in:\n{text}")
        if step.get("silent") and actions:
            raise TranscriptError(f"{where}: expected no replies, got:\n{text}")
        if "opens_dm" in step:
            opened = any(isinstance(a, OpenDirectChat) for a in actions)
            if opened != bool(step["opens_dm"]):
                raise TranscriptError(f"{where}: OpenDirectChat expected={step['opens_dm']}")
        store = self.harness.app.store
        if "step" in step:
            conversation = await store.get_conversation("console", "dm-anna", "anna")
            current = conversation.step if conversation and conversation.kind == "flow" else None
            if current != step["step"]:
                raise TranscriptError(f"{where}: flow step is {current!r}, not {step['step']!r}")
        if "person" in step:
            person = await store.get_person("console", "anna")
            for field, value in step["person"].items():
                got = getattr(person, field, None) if person else None
                if got != value:
                    raise TranscriptError(f"{where}: person.{field} is {got!r}, not {value!r}")
        if "answers" in step:
            answers = await store.get_flow_answers("console", "anna", "onboarding")
            wanted_answers = step["answers"]
            if wanted_answers is None or answers is None:
                if answers != wanted_answers:
                    raise TranscriptError(f"{where}: stored answers are {answers!r}")
            else:
                for key, value in wanted_answers.items():
                    if answers.get(key) != value:
                        raise TranscriptError(f"{where}: answer {key} is {answers.get(key)!r}")


def _describe(step: dict[str, Any]) -> str:
    for key in ACTIONS:
        if key in step:
            return f"{key}: {step[key]}"
    return "?"
