"""Content reloaded under a running dialogue: a flow that lost its step ends with a clear word."""

from __future__ import annotations

from dataclasses import replace

from tests.harness import Harness, joined


async def test_a_removed_flow_ends_the_dialogue_and_says_so(harness: Harness) -> None:
    await harness.say("/onboarding")
    await harness.say("1")
    holder = harness.app.content
    holder.replace(replace(holder.content, flows={}))
    assert "nicht mehr aktuell" in joined(await harness.choose("flow:setting:online"))
    assert await harness.app.store.get_conversation("console", "dm-anna", "anna") is None
    assert "gibt es gerade leider nicht" in joined(await harness.say("/einstieg"))


async def test_a_flow_whose_current_step_vanished_starts_clean(harness: Harness) -> None:
    await harness.say("/onboarding")
    await harness.say("1")
    holder = harness.app.content
    flow = holder.content.flows["onboarding"]
    shorter = flow.model_copy(update={"steps": [s for s in flow.steps if s.id != "setting"]})
    holder.replace(replace(holder.content, flows={"onboarding": shorter}))
    assert "nicht mehr aktuell" in joined(await harness.say("Online"))
    restarted = joined(await harness.say("/einstieg"))
    assert "Schön, dass du da bist!" in restarted
