"""The starter plan's rooms through the real adapter: an invite link the bot creates where it
administers a group with the right to invite (once, kept across plans and restarts), a public
group's t.me address, "ask a moderator" where Telegram gives no way in, and never a group
outside the community. Group names are shown literally."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

ASK = "Frag eine:n Moderator:in, wie du hineinkommst."


async def _say(rig: Rig, chat: JSONDict, person: JSONDict, text: str) -> list[Sent]:
    return await rig.do(rig.server.message(chat, person, text))


async def _plan(rig: Rig, person: JSONDict) -> Sent:
    """`person` goes through the onboarding in their own words; the plan's rooms message."""
    chat = rig.server.chats[person["id"]]
    sent: list[Sent] = []
    for text in ("/einstieg", "ehrenamtlich", "vor Ort", "Treffen", "fertig", "ein paar Stunden"):
        sent = await _say(rig, chat, person, text)
    [rooms] = [s for s in sent if s.text.startswith("Und hier in unserer Community")]
    return rooms


async def _again(rig: Rig, person: JSONDict) -> Sent:
    """`/plan`: the rooms message of the plan shown again."""
    sent = await _say(rig, rig.server.chats[person["id"]], person, "/plan")
    [rooms] = [s for s in sent if s.text.startswith("Und hier in unserer Community")]
    return rooms


async def _create_link(api: BotApiServer, chat_id: int) -> JSONDict:
    url = f"{api.base_url}{api.token}/createChatInviteLink"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"chat_id": chat_id}) as response,
    ):
        answer: JSONDict = await response.json()
        return answer


async def test_plan_rooms_with_invite_links_public_addresses_and_none(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    api = botapi
    cora, olga = api.user(700, "Cora"), api.user(709, "Olga")
    anna, ben = api.user(801, "Anna"), api.user(802, "Ben")
    koeln = api.group(-1004001, "Ehrenamt Köln", owner=cora)
    bonn = api.group(
        -1004002, "<b>Ehrenamt</b> Bonn & Co", owner=cora, bot_admin=False, username="ea_bonn"
    )
    kiel = api.group(-1004003, "Ehrenamt Kiel", owner=cora, bot_may_invite=False)
    fremd = api.group(-1004009, "Fremde Runde", owner=olga)
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:700")
    try:
        for group, by, status in (
            (koeln, cora, "administrator"),
            (bonn, cora, "member"),
            (kiel, cora, "administrator"),
            (fremd, olga, "administrator"),
        ):
            await rig.do(api.bot_status(group, by, "left", status))
            said = await _say(rig, group, by, "/einstellungen tags ehrenamt, vor-ort")
            assert any("Gespeichert" in s.text for s in said)

        rooms = await _plan(rig, anna)
        [link] = [i["invite_link"] for i in api.invite_links]
        assert [i["chat_id"] for i in api.invite_links] == [koeln["id"]]
        assert api.invite_links[0]["name"] == "Lagerfeuer: Startplan"
        assert rooms.text.splitlines()[1:4] == [
            "• <b>Ehrenamt</b> Bonn & Co: https://t.me/ea_bonn",
            f"• Ehrenamt Kiel: {ASK}",
            f"• Ehrenamt Köln: {link}",
        ]
        assert "&lt;b&gt;Ehrenamt&lt;/b&gt; Bonn &amp; Co" in rooms.html, "shown literally"
        assert "Stell dich im Raum „<b>Ehrenamt</b> Bonn & Co“ kurz vor" in rooms.text
        buttons = {b["text"]: b["url"] for b in rooms.buttons()}
        assert buttons == {
            "<b>Ehrenamt</b> Bonn & Co": "https://t.me/ea_bonn",
            "Ehrenamt Köln": link,
        }
        assert "Fremde Runde" not in rooms.text, "a group outside the community"

        again = await _plan(rig, ben)
        assert f"• Ehrenamt Köln: {link}" in again.text
        await rig.restart(core=True)
        shown = await _again(rig, anna)
        assert f"• Ehrenamt Köln: {link}" in shown.text
        assert len(api.invite_links) == 1, "one link for the group, kept across plans"

        api.bot_may_invite[koeln["id"]] = False  # an administrator took the right away
        assert f"• Ehrenamt Köln: {ASK}" in (await _again(rig, anna)).text
        assert await rig.app.store.invite_link(str(koeln["id"])) is None, "the old link is gone"
        api.bot_may_invite[koeln["id"]] = True
        assert (await _again(rig, anna)).text.count("https://t.me/+") == 1
        assert len(api.invite_links) == 2, "given back the right, the bot makes one new link"

        refused = await _create_link(api, kiel["id"])
        assert refused["ok"] is False and "not enough rights" in refused["description"]
        await _say(rig, koeln, cora, "/einstellungen vorschlagen aus")
        later = await _again(rig, ben)
        assert "Köln" not in later.text and "Stell dich im Raum „<b>Ehrenamt</b> Bonn" in later.text
    finally:
        await rig.stop()


async def test_a_group_that_approves_newcomers_gets_a_link_that_asks_to_join(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    """Once a moderator has the bot handle join requests, the plan's link asks to join (so the
    rules are confirmed first) and the link that let people straight in is revoked: a plan
    forwarded to anyone opens no side door. Switched off again, the other way round."""
    api = botapi
    cora, anna, ben, dora = (
        api.user(n, name) for n, name in ((700, "Cora"), (801, "Anna"), (802, "Ben"), (803, "Dora"))
    )
    koeln = api.group(-1004001, "Ehrenamt Köln", owner=cora)
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:700")
    try:
        await rig.do(api.bot_status(koeln, cora, "left", "administrator"))
        await _say(rig, koeln, cora, "/einstellungen tags ehrenamt, vor-ort")
        await _plan(rig, anna)
        [direct] = api.invite_links
        assert direct["creates_join_request"] is False

        said = await _say(rig, koeln, cora, "/einstellungen anfragen an")
        assert any("Gespeichert" in s.text for s in said)
        rooms = await _plan(rig, ben)
        asking = api.invite_links[-1]
        assert asking["creates_join_request"] is True
        assert f"• Ehrenamt Köln: {asking['invite_link']}" in rooms.text
        assert direct["is_revoked"] is True, "the link that let in at once no longer works"
        again = await _again(rig, anna)
        assert direct["invite_link"] not in again.text
        assert asking["invite_link"] in again.text

        await _say(rig, koeln, cora, "/einstellungen anfragen aus")
        await _plan(rig, dora)
        assert api.invite_links[-1]["creates_join_request"] is False
        assert asking["is_revoked"] is True
        assert len(api.invite_links) == 3
    finally:
        await rig.stop()
