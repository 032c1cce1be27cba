"""Join requests through the real adapter and the Bot API server: `chat_join_request` in,
the rules to the applicant's private chat, `approveChatJoinRequest` on confirmation and the
welcome after it, `declineChatJoinRequest` after the wait (across a restart), and the attacks:
a forwarded button, a group outside the community, a switch thrown by a plain member."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from telegram import Bot
from telegram.error import BadRequest

from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

BUTTON = "Gelesen und einverstanden"
DAY = 24 * 3600


@dataclass
class World:
    """Cora moderates the community and owns Kieler Runde, which answers join requests;
    Olga owns Olgas Gruppe, outside the community; Mats is a member of Kieler Runde."""

    rig: Rig
    api: BotApiServer
    cora: JSONDict
    olga: JSONDict
    mats: JSONDict
    group: JSONDict
    outside: JSONDict

    async def ask(self, person: JSONDict, group: JSONDict | None = None) -> list[Sent]:
        """`person` asks to join; what the bot sent meanwhile."""
        return await self.rig.do(self.api.join_request(group or self.group, person))

    def answered(self) -> list[tuple[str, int, int]]:
        return list(self.api.answered_requests)


@pytest_asyncio.fixture(loop_scope="function")
async def world(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[World]:
    api = botapi
    cora, olga, mats = api.user(800, "Cora"), api.user(801, "Olga"), api.user(802, "Mats")
    group = api.group(-1004001, "Kieler Runde", owner=cora)
    outside = api.group(-1004002, "Olgas Gruppe", owner=olga)
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:800")
    try:
        await rig.do(api.bot_status(group, cora, "left", "administrator"))
        await rig.do(api.bot_status(outside, olga, "left", "administrator"))
        await rig.do(api.join(group, mats))
        [saved] = await rig.do(api.message(group, cora, "/einstellungen anfragen an"))
        assert "Beitrittsanfragen beantworte ich (Regeln, dann Aufnahme): an" in saved.text
        yield World(rig, api, cora, olga, mats, group, outside)
    finally:
        await rig.stop()


async def test_a_confirmed_request_is_approved_and_welcomed(world: World) -> None:
    w, api = world, world.api
    assert "chat_join_request" in api.allowed_updates, "asked for explicitly"
    anna = api.user(811, "Anna", started=False)  # she never wrote to the bot
    [asked] = await w.ask(anna)
    assert asked.chat_id == anna["id"], "written to the applicant's user_chat_id at once"
    assert "Die Regeln von „Kieler Runde“:" in asked.text and "nach 24 Stunden ab" in asked.text
    handled = w.rig.adapter.updates_handled
    pressed = await w.rig.press(asked, anna, BUTTON)  # the welcome may come meanwhile
    [thanks] = [s for s in pressed if s.chat_id == anna["id"]]
    assert "Deine Anfrage für „Kieler Runde“ ist angenommen" in thanks.text
    assert w.answered() == [("approved", w.group["id"], anna["id"])]
    # Telegram reports the new member twice (service message, chat_member): one welcome
    await w.rig.until(lambda: w.rig.adapter.updates_handled >= handled + 3)
    await w.rig.tick(120)
    welcomes = [s.text for s in api.messages_to(w.group["id"]) if "Anna" in s.text]
    assert len(welcomes) == 1 and "Herzlich willkommen in Kieler Runde" in welcomes[0]
    await w.rig.tick(2 * DAY)
    assert w.answered() == [("approved", w.group["id"], anna["id"])], "never declined after"


async def test_an_unconfirmed_request_is_declined_after_the_wait_across_a_restart(
    world: World,
) -> None:
    w, api = world, world.api
    ben = api.user(812, "Ben")
    await w.rig.do(api.message(api.chats[ben["id"]], ben, "/start"))  # he wrote to the bot
    [asked] = await w.ask(ben)
    await w.rig.tick(23 * 3600)
    assert w.answered() == []
    await w.rig.restart(core=True)
    await w.rig.tick(3601)
    assert w.answered() == [("declined", w.group["id"], ben["id"])]
    told = api.messages_to(ben["id"])[-1]
    assert "nicht innerhalb von 24 Stunden bestätigt" in told.text
    [late] = await w.rig.press(asked, ben, BUTTON)
    assert "nichts zu bestätigen" in late.text
    assert w.answered() == [("declined", w.group["id"], ben["id"])], "no approval after it"


async def test_who_never_wrote_is_declined_though_telegram_refuses_the_message(
    world: World,
) -> None:
    w, api = world, world.api
    cleo = api.user(819, "Cleo", started=False)
    before = len(api.errors)
    [asked] = await w.rig.do(api.join_request(w.group, cleo, window=0.5))
    assert "Ohne Bestätigung lehne ich die Anfrage nach 24 Stunden ab" in asked.text, "told now"
    await w.rig.until(lambda: not api.may_write_first(cleo["id"]))  # Telegram's window closed
    await w.rig.tick(DAY + 1)
    assert w.answered() == [("declined", w.group["id"], cleo["id"])], "declined all the same"
    assert [m for m, code, _ in api.errors[before:] if code == 403] == ["sendmessage"]
    assert api.messages_to(cleo["id"]) == [asked]


async def test_a_forwarded_button_pressed_by_someone_else_approves_nothing(world: World) -> None:
    w, api = world, world.api
    anna, eve = api.user(813, "Anna", started=False), api.user(814, "Eve")
    [asked] = await w.ask(anna)
    forwarded = api.bot_message(api.chats[eve["id"]], asked.text, asked.keyboard)
    [refused] = await w.rig.press(forwarded, eve, BUTTON)
    assert refused.chat_id == eve["id"] and "für jemand anderen" in refused.text
    assert w.answered() == [] and anna["id"] in api.join_requests[w.group["id"]]


async def test_a_group_outside_the_community_is_left_to_its_admins(world: World) -> None:
    w, api = world, world.api
    [saved] = await w.rig.do(api.message(w.outside, w.olga, "/einstellungen anfragen an"))
    assert ": an" in saved.text, "its owner may set it"
    dora = api.user(815, "Dora")
    assert await w.ask(dora, w.outside) == []
    await w.rig.tick(2 * DAY)
    assert w.answered() == [] and dora["id"] in api.join_requests[w.outside["id"]]


async def test_a_member_cannot_throw_the_switch(world: World) -> None:
    w, api = world, world.api
    await w.rig.do(api.message(w.group, w.cora, "/einstellungen anfragen aus"))
    [refused] = await w.rig.do(api.message(w.group, w.mats, "/einstellungen anfragen an"))
    assert "nur die Moderator:innen" in refused.text
    assert await w.ask(api.user(816, "Emil")) == []
    assert w.answered() == []


async def test_a_request_answered_meanwhile_is_refused_by_telegram_and_nothing_breaks(
    world: World,
) -> None:
    w, api = world, world.api
    fritz = api.user(817, "Fritz")
    [asked] = await w.ask(fritz)
    del api.join_requests[w.group["id"]][fritz["id"]]  # an admin declined it in Telegram
    await w.rig.press(asked, fritz, BUTTON)
    assert ("approvechatjoinrequest", 400) in [(m, code) for m, code, _ in api.errors]
    assert w.answered() == []
    greta = api.user(818, "Greta")
    [asked] = await w.ask(greta)
    await w.rig.press(asked, greta, BUTTON)
    assert w.answered() == [("approved", w.group["id"], greta["id"])], "the bot goes on"


async def test_the_server_answers_join_requests_as_telegram_does(botapi: BotApiServer) -> None:
    api = botapi
    owner, anna = api.user(820, "Olaf"), api.user(821, "Anna")
    group = api.group(-1004003, "Runde", owner=owner)
    plain = api.group(-1004004, "Ohne Bot-Rechte", owner=owner, bot_admin=False)
    bot = Bot(api.token, base_url=api.base_url)
    async with bot:
        refusals: list[tuple[Awaitable[bool], str]] = [
            (bot.approve_chat_join_request(group["id"], anna["id"]), "requester_missing"),
            (bot.decline_chat_join_request(group["id"], anna["id"]), "requester_missing"),
            (bot.approve_chat_join_request(group["id"], 999), "user_id_invalid"),
            (bot.approve_chat_join_request(plain["id"], anna["id"]), "admin_required"),
        ]
        for call, expected in refusals:  # PTB shows Telegram's description capitalised
            with pytest.raises(BadRequest, match=rf"(?i){expected}"):
                await call
        await api.join(group, anna)
        await api.join_request(group, anna)
        with pytest.raises(BadRequest, match=r"(?i)user_already_participant"):
            await bot.approve_chat_join_request(group["id"], anna["id"])
        assert await bot.decline_chat_join_request(group["id"], anna["id"]) is True
        await api.join_request(plain, anna)
        updates = await bot.get_updates(allowed_updates=["chat_join_request"])
        delivered = [u.chat_join_request.chat.id for u in updates if u.chat_join_request]
        assert delivered == [group["id"]], "only to a bot that administers the group"
