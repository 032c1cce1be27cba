"""A full conversation of one person with every service installed, for the privacy tests."""

from __future__ import annotations

from core.kernel.messages import Reply
from tests.harness import Harness

NAME = "Zephyrine"
"""A display name (and, lower-cased, the user id) that appears nowhere else."""

SAID = ("Quokkafrage zum Vernetzen", "Wo fange ich am besten an?", "Gibt es Podcasts?")
"""Texts the person writes; the first is a marker that must not reach any log."""

ROOM = "Plauderecke"


async def full_conversation(harness: Harness) -> None:
    """Start, language, onboarding and subscribing where installed, questions, a room join."""
    commands = harness.app.assistant.registry.commands
    harness.clock.advance(60)
    await harness.say("/start", user=NAME)
    await harness.say("/language en", user=NAME)
    await harness.say("/sprache de", user=NAME)
    await harness.join(ROOM, NAME)
    await harness.tick(120)  # the welcome being collected goes out
    await harness.say(SAID[1], user=NAME, room=ROOM)
    await harness.say(SAID[0], user=NAME, room=ROOM, addressed=True)
    for text in SAID:
        harness.clock.advance(5)
        await harness.say(text, user=NAME)
    if "onboarding" in commands:
        actions = await harness.say("/onboarding", user=NAME)
        for _ in range(12):  # the first choice of each step, until the flow offers none
            offered = [a.choices for a in actions if isinstance(a, Reply) and a.choices]
            if not offered:
                break
            choices = offered[-1]
            done = [c.value for c in choices if c.value.endswith(".done")]
            ticked = any(c.label.startswith("✓") for c in choices)
            pick = (
                done[0] if done and ticked else choices[0].value
            )  # multiple choice: one, then done
            harness.clock.advance(2)  # a person reads before choosing
            actions = await harness.choose(pick, user=NAME)
    if "subscribe" in commands:
        await harness.say("/subscribe", user=NAME)
    await harness.say("/privacy", user=NAME)
