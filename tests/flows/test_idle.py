"""A flow idle for a day is over even before the timer's sweep has run (a restart after a day)."""

from __future__ import annotations

from tests.harness import Harness, joined


async def test_after_a_day_without_a_sweep_the_flow_starts_fresh(harness: Harness) -> None:
    await harness.say("/onboarding")
    await harness.say("1")
    harness.clock.advance(24 * 3600 + 1)  # no tick: the sweep has not run
    text = joined(await harness.say("/einstieg"))
    assert "Schön, dass du da bist!" in text
    assert "Hier waren wir stehen geblieben" not in text


async def test_an_old_answer_after_a_day_is_not_taken(harness: Harness) -> None:
    await harness.say("/onboarding")
    await harness.say("1")
    harness.clock.advance(24 * 3600 + 1)
    text = joined(await harness.say("Online"))
    assert "Was spricht dich an?" not in text
    assert await harness.app.store.get_conversation("console", "dm-anna", "anna") is None
