"""/plan shows a person their own last plan only: another person, the same person on another
platform, or a plan whose entries left the catalogue get the offer to start instead."""

from __future__ import annotations

from core.kernel.messages import ChatRef, CommandReceived, Platform, Reply, UserRef
from tests.harness import Harness, joined


async def _onboard(harness: Harness, user: str = "Anna") -> str:
    for value in (
        "menu:onboarding",
        "flow:role:staff",
        "flow:setting:online",
        "flow:channels:listen",
        "flow:channels:.done",
    ):
        await harness.choose(value, user=user)
    return joined(await harness.choose("flow:time:some", user=user))


async def test_a_plan_is_its_owners_alone(harness: Harness) -> None:
    shown = await _onboard(harness)
    assert "Dein Startplan" in shown
    mine = joined(await harness.say("/plan"))
    assert "Dein letzter Startplan" in mine and "IdeeQuadrat" in mine
    theirs = await harness.say("/plan", user="Ben")
    assert "Du hast noch keinen Startplan" in joined(theirs)
    assert "IdeeQuadrat" not in joined(theirs)
    offer = theirs[0]
    assert isinstance(offer, Reply) and [c.value for c in offer.choices] == ["menu:onboarding"]
    elsewhere = UserRef(Platform.TELEGRAM, "anna", "Anna")
    dm = ChatRef(Platform.TELEGRAM, "anna", is_private=True)
    other = await harness.send(CommandReceived("tg-1", dm, elsewhere, "plan", ""))
    assert "noch keinen Startplan" in joined(other)


async def test_a_room_gets_no_plan(harness: Harness) -> None:
    await _onboard(harness)
    said = joined(await harness.say("/plan", room="Treffpunkt"))
    assert "nur im privaten Chat" in said and "IdeeQuadrat" not in said


async def test_a_kept_plan_of_entries_no_longer_in_the_catalogue_is_no_plan(
    harness: Harness,
) -> None:
    store = harness.app.store
    kept = {"role": "staff", "setting": "online", "time": "some", "plan": ["gone", "also-gone"]}
    await store.save_flow_answers("console", "anna", "onboarding", kept, harness.clock.now())
    assert "noch keinen Startplan" in joined(await harness.say("/plan"))
    kept["plan"] = ["gone", "sozifon"]
    await store.save_flow_answers("console", "anna", "onboarding", kept, harness.clock.now())
    shown = joined(await harness.say("/plan"))
    assert "1. Sozifon" in shown and "Such in deiner Podcast-App nach „Sozifon“" in shown
