"""Element's client stack in its strictest mode talks to the bot on a real Synapse.

The person trusts only devices cross-signed by their owner (Element's "exclude insecure
devices"): the bot's messages decrypt only if its device is signed by its identity, and the
person's room keys reach the bot only then.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.element.element import ElementPerson
from tests.matrix.people import Scene
from tests.matrix.test_dms import core_says, number_of
from tests.matrix.test_identity import kept_master
from tests.matrix.test_recovery import recovery_key
from tests.support.htmlcheck import BalancedHtml
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


@pytest.fixture
async def scene(synapse: Synapse, tmp_path: Path) -> AsyncIterator[Scene]:
    async with Scene(synapse, tmp_path) as scene:
        yield scene


async def element_person(
    scene: Scene, stack: Path, name: str, opened: list[ElementPerson]
) -> ElementPerson:
    account = scene.account(name)
    person = ElementPerson(stack, scene.server, account, scene.folder / f"{name}-element.log")
    opened.append(person)
    return await person.start()


def from_bot(bot_id: str, starts: str = "") -> Any:
    return lambda m: m["sender"] == bot_id and (m["body"] or "").startswith(starts)


def readable(message: dict[str, Any]) -> bool:
    """Decrypted, and Element shows no warning shield on it."""
    return bool(message["encrypted"]) and message["failure"] is None


async def talk(person: ElementPerson, room: str, bot_id: str, text: str, expected: str) -> Any:
    mark = len(person.messages)
    await person.call("send", room=room, text=text)
    answer = await person.wait_for(from_bot(bot_id, expected), after=mark)
    assert readable(answer), answer
    return answer


async def test_an_element_user_in_strict_mode_and_the_bot_understand_each_other(
    scene: Scene, element_stack: Path
) -> None:
    menu, answer = await core_says("/start", "Hallo! Wo fange ich an?")
    onboarding = number_of(answer, "menu:onboarding")
    opened: list[ElementPerson] = []
    try:
        bot = await scene.bot()
        anna = await element_person(scene, element_stack, "anna", opened)
        # the DM as Element creates it, its first message sent before the bot has joined
        dm = await anna.call("dm", bot=bot.user_id, text="Hallo! Wo fange ich an?")
        room = dm["room"]
        greeting = await anna.wait_for(from_bot(bot.user_id, menu.text))
        assert readable(greeting), greeting
        shield = await anna.call("shield", room=room, event_id=greeting["event_id"])
        assert shield["shield"] == {"colour": 0, "reason": None}  # no shield at all
        first = await anna.wait_for(from_bot(bot.user_id, answer.text))
        assert readable(first), first

        trust_before = await anna.call("trust", user=bot.user_id)
        assert bot.adapter is not None and bot.adapter.session is not None
        device = bot.adapter.session.device_id
        assert trust_before["devices"][device]["signed_by_owner"] is True
        assert trust_before["identity"]["needs_approval"] is False

        # onboarding to the starter plan, answered by number and by label
        await talk(anna, room, bot.user_id, onboarding, "")
        for label in ("Ich engagiere mich ehrenamtlich", "Online"):
            await talk(anna, room, bot.user_id, label, "")
        await talk(anna, room, bot.user_id, "Kurze Beiträge und Gruppen (X, Facebook)", "")
        await talk(anna, room, bot.user_id, "fertig", "")
        mark = len(anna.messages)
        await anna.call("send", room=room, text="Ein bis drei Stunden")
        await anna.wait_for(
            lambda m: (
                m["sender"] == bot.user_id
                and "Dein erster Schritt diese Woche" in (m["body"] or "")
            ),
            after=mark,
        )

        # a question in a thread is answered in that thread
        mark = len(anna.messages)
        asked = await anna.call("send", room=room, text="wo fange ich an?", thread=dm["event_id"])
        in_thread = await anna.wait_for(from_bot(bot.user_id, answer.text), after=mark)
        assert readable(in_thread)
        relation = in_thread["relates_to"]
        assert relation["rel_type"] == "m.thread" and relation["event_id"] == dm["event_id"]
        assert relation["m.in_reply_to"] == {"event_id": asked["event_id"]}

        # restarted with the same store: the same device, still signed by its owner
        await bot.restart()
        assert bot.adapter.session is not None and bot.adapter.session.device_id == device
        trust_after = await anna.call("trust", user=bot.user_id)
        assert trust_after == {**trust_before, "id": trust_after["id"]}
        again = await talk(anna, room, bot.user_id, "wo fange ich an?", answer.text)
        assert readable(again)
        print(f"bot before restart: {trust_before}\nbot after restart: {trust_after}")
    finally:
        for person in opened:
            await person.close()


async def test_a_welcome_for_hostile_names_in_an_encrypted_room_reads_right(
    scene: Scene, element_stack: Path
) -> None:
    opened: list[ElementPerson] = []
    try:
        anna_account = scene.account("anna")
        bot = await scene.bot(moderators=f"matrix:{anna_account.user_id}")
        anna = ElementPerson(element_stack, scene.server, anna_account, scene.folder / "a.log")
        opened.append(anna)
        await anna.start()
        made = await anna.call("room", name="Kaffee & Kuchen", invite=[bot.user_id])
        room = made["room"]
        await anna.wait_for(from_bot(bot.user_id))  # the bot introduces itself
        amp = await scene.person("amp")
        await amp.client.set_displayname("amp")
        mark = len(anna.messages)
        await amp.join(room)
        welcome = await anna.wait_for(
            lambda m: m["sender"] == bot.user_id and "amp" in (m["body"] or ""), after=mark
        )
        assert readable(welcome), welcome
        parser = BalancedHtml()
        parser.feed(welcome["formatted_body"])
        parser.close()
        assert not parser.broken and not parser.open
        assert "".join(parser.text) == welcome["body"].replace("\n", "")
        assert "Kaffee &amp; Kuchen" in welcome["formatted_body"]
        assert f'<a href="https://matrix.to/#/{amp.user_id}">amp</a>' in welcome["formatted_body"]
    finally:
        for person in opened:
            await person.close()


async def test_element_opens_the_bots_identity_with_the_recovery_key_the_bot_printed(
    scene: Scene, element_stack: Path
) -> None:
    opened: list[ElementPerson] = []
    try:
        bot = await scene.bot()
        await bot.stop()
        _, key = await recovery_key(bot)
        store = bot.folder / "matrix-store"
        master = kept_master(store)
        # the operator signs in to the bot's account in Element and verifies with the key
        log = scene.folder / "operator-element.log"
        operator = ElementPerson(element_stack, scene.server, bot.account, log)
        opened.append(operator)
        await operator.start(recovery_key=key)
        assert operator.login["master"] == master
        assert operator.login["secret_storage_ready"] is True
        seen = await operator.call("trust", user=bot.user_id)
        assert seen["identity"]["cross_signing_verified"] is True
        # its new device signed with the identity (the SDK sees it once the server confirms)
        device = operator.login["device_id"]
        for _ in range(600):
            if seen["devices"][device]["cross_signing_verified"]:
                break
            await asyncio.sleep(0.1)
            seen = await operator.call("trust", user=bot.user_id)
        assert seen["devices"][device]["signed_by_owner"] is True, seen
        # and the bot keeps the same identity
        await bot.start()
        assert bot.adapter is not None and bot.adapter.verified
        assert kept_master(store) == master
    finally:
        for person in opened:
            await person.close()
