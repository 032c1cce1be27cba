"""Conversations written as YAML transcripts, played through a platform driver: the core
alone, the Telegram adapter against the Bot API server, or the Matrix adapter against Synapse
(`tests.support.drivers`). The same transcript, word for word, runs on each platform it lists.

Besides `steps`, a transcript may name `platforms` (default: core only), the bot's `language`
and `moderators`, the names of its community moderators (as in LAGERFEUER_MODERATORS).
A transcript is a list of steps; each does one thing and may check the result:

    - say: /start                 # a message from Anna in private (or `room: Name`)
      expect: ["Hallo"]           # every string must appear in the replies (texts, choices, links)
      absent: ["Abbrechen"]       # none of these may appear
    - press: "Ich studiere"       # pick the choice with this label among the last replies
    - press_value: flow:role:staff  # press a button by its value (an old button, say)
    - join: {room: Sozialarbeit, name: Ben}
    - deeplink: Sozialarbeit      # /start with the deep-link payload of this room
    - restart: true               # the whole bot restarts over the same database file
    - tick: 86400                 # move the fake clock (seconds), deliver, run the timers
      silent: true                # no replies at all

Checks that work after any step: `expect`, `absent`, `silent`, `last` (the last message on
its own: `text` it contains and exactly its `choices`, in order), `step` (the step of the open
flow, or null for none), `opens_dm` (a private chat was opened or offered), `person` (stored
fields such as subscribed, came_from, language) and `answers` (the stored answers of the
finished onboarding, checked key by key; null for none). Stored state is read with the
platform's own ids for Anna and her private chat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.support.drivers.driver import PlatformDriver, Setup, Shown

ACTIONS = ("say", "press", "press_value", "join", "deeplink", "restart", "tick")
CHECKS = ("expect", "absent", "silent", "last", "step", "opens_dm", "person", "answers", "room")
PLATFORMS = ("core", "telegram", "matrix")
KEYS = ("steps", "platforms", "language", "moderators")


class TranscriptError(AssertionError):
    """A transcript step did not get what it expected."""


def load(path: Path) -> dict[str, Any]:
    """Read a transcript file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise TranscriptError(f"{path.name}: expected a mapping with a list of `steps`")
    unknown = set(data) - set(KEYS)
    if unknown:
        raise TranscriptError(f"{path.name}: unknown keys {sorted(unknown)}")
    if not set(platforms(data)) <= set(PLATFORMS):
        raise TranscriptError(f"{path.name}: platforms are some of {', '.join(PLATFORMS)}")
    return data


def platforms(data: dict[str, Any]) -> list[str]:
    """The platforms a transcript runs on."""
    return [str(p) for p in data.get("platforms", ["core"])]


def setup(data: dict[str, Any], folder: Path) -> Setup:
    """What the transcript asks of the bot."""
    moderators = tuple(str(name) for name in data.get("moderators", []))
    return Setup(folder, language=str(data.get("language", "de")), moderators=moderators)


class Runner:
    """Plays one transcript through a platform driver."""

    def __init__(self, driver: PlatformDriver, name: str) -> None:
        self.driver = driver
        self.name = f"{name} on {driver.name}"

    async def run(self, steps: list[dict[str, Any]]) -> None:
        for number, step in enumerate(steps, 1):
            unknown = set(step) - set(ACTIONS) - set(CHECKS)
            if unknown:
                raise TranscriptError(f"{self.name} step {number}: unknown keys {sorted(unknown)}")
            where = f"{self.name} step {number} ({_describe(step)})"
            shown = await self._act(step, where)
            await self._check(step, where, shown or Shown())

    async def _act(self, step: dict[str, Any], where: str) -> Shown | None:
        d = self.driver
        room = step.get("room")
        if "say" in step:
            return await d.say(str(step["say"]), room=room)
        if "press" in step:
            return await d.press(str(step["press"]))
        if "press_value" in step:
            return await d.press_value(str(step["press_value"]), room=room)
        if "join" in step:
            spec = step["join"]
            return await d.join(str(spec["room"]), str(spec["name"]))
        if "deeplink" in step:
            return await d.deeplink(str(step["deeplink"]))
        if "restart" in step:
            await d.restart()
            return None
        if "tick" in step:
            return await d.tick(float(step["tick"]))
        raise TranscriptError(f"{where}: a step needs one of {', '.join(ACTIONS)}")

    async def _check(self, step: dict[str, Any], where: str, shown: Shown) -> None:
        text = shown.text()
        for wanted in step.get("expect", []):
            if wanted not in text:
                raise TranscriptError(f"{where}: expected {wanted!r} in:\n{text}")
        for unwanted in step.get("absent", []):
            if unwanted in text:
                raise TranscriptError(f"{where}: did not expect {unwanted!r} in:\n{text}")
        if "last" in step:
            last = shown.messages[-1] if shown.messages else None
            wanted = step["last"]
            if last is None or str(wanted.get("text", "")) not in last.text:
                raise TranscriptError(f"{where}: the last message is not {wanted!r}:\n{text}")
            if "choices" in wanted and list(last.choices) != list(wanted["choices"]):
                raise TranscriptError(f"{where}: the last message offers {list(last.choices)}")
        if step.get("silent") and shown.messages:
            raise TranscriptError(f"{where}: expected no replies, got:\n{text}")
        if "opens_dm" in step and shown.opened_dm != bool(step["opens_dm"]):
            raise TranscriptError(f"{where}: private chat opened={shown.opened_dm}")
        store, anna = self.driver.store, self.driver.anna
        if "step" in step:
            conversation = await store.get_conversation(
                anna.platform, anna.private_chat, anna.user_id
            )
            current = conversation.step if conversation and conversation.kind == "flow" else None
            if current != step["step"]:
                raise TranscriptError(f"{where}: flow step is {current!r}, not {step['step']!r}")
        if "person" in step:
            person = await store.get_person(anna.platform, anna.user_id)
            for field, value in step["person"].items():
                got = getattr(person, field, None) if person else None
                if got != value:
                    raise TranscriptError(f"{where}: person.{field} is {got!r}, not {value!r}")
        if "answers" in step:
            answers = await store.get_flow_answers(anna.platform, anna.user_id, "onboarding")
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
