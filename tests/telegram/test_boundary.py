"""The community's boundary on Telegram, through the real adapter and the Bot API server.

Olga owns a group of her own and adds the bot to it. As its administrator she moderates that
group and nothing else: no announcement to the community's groups or subscribers, no
unanswered questions, no list or cancel of another moderator's announcement. The cases of the
core's table (tests/community/test_who_may.py) that depend on Telegram's own answer (who
administers which group, private chats) are checked here too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from core.announcements.delivery import OutboxWorker
from core.announcements.outbox import AnnouncementState
from core.kernel.choices import owned
from core.kernel.messages import Platform, UserRef
from tests.community.test_who_may import TEXTS
from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration

COMMUNITY_ONLY = TEXTS.get("common.community_only", "de")
MODERATORS_ONLY = TEXTS.get("common.moderators_only", "de")
PRIVATE_REFUSAL = TEXTS.get("common.moderators_only_private", "de")


@dataclass
class World:
    """Cora and Boss moderate the community; Rami administers its group Kieler Runde
    (`netzwerk`); Nachbarn is its second group; Olga owns Olgas Gruppe; Sina subscribed; Mats
    is a member."""

    rig: Rig
    api: BotApiServer
    cora: JSONDict
    boss: JSONDict
    rami: JSONDict
    olga: JSONDict
    sina: JSONDict
    mats: JSONDict
    netzwerk: JSONDict
    nachbarn: JSONDict
    olgas: JSONDict

    def private(self, person: JSONDict) -> JSONDict:
        return self.api.chats[person["id"]]

    async def say(self, chat: JSONDict, person: JSONDict, text: str) -> list[Sent]:
        return await self.rig.do(self.api.message(chat, person, text))

    async def deliver(self) -> None:
        await OutboxWorker(self.rig.app.store, [self.rig.adapter.sender], self.rig.clock).run_once()
        await self.rig.tick(1)

    def texts_to(self, *chats: JSONDict) -> list[str]:
        return [s.text for chat in chats for s in self.api.messages_to(chat["id"])]


@pytest_asyncio.fixture(loop_scope="function")
async def world(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[World]:
    api = botapi
    cora, boss = api.user(700, "Cora"), api.user(701, "Boss")
    rami, olga = api.user(702, "Rami"), api.user(709, "Olga")
    sina, mats = api.user(703, "Sina"), api.user(704, "Mats")
    netzwerk = api.group(-1003001, "Kieler Runde", owner=cora, admins=[rami])
    nachbarn = api.group(-1003002, "Nachbarn", owner=boss)
    olgas = api.group(-1003009, "Olgas Gruppe", owner=olga)
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:700,telegram:701")
    w = World(rig, api, cora, boss, rami, olga, sina, mats, netzwerk, nachbarn, olgas)
    try:
        for group, by in ((netzwerk, cora), (nachbarn, boss)):
            arrival = await rig.do(api.bot_status(group, by, "left", "administrator"))
            assert TEXTS.get("community.added_by_moderator", "de", room=group["title"]) in (
                arrival[0].text
            )
        await w.say(w.private(sina), sina, "/abonnieren")
        await w.say(w.private(mats), mats, "Ich bin Mats, Musterweg 1: wer leiht mir einen Beamer?")
        await w.say(w.private(boss), boss, "/announce at 2026-12-24 10:00 Weihnachtsfeier")
        preview = with_buttons(rig.server.messages_to(boss["id"]))
        confirm = with_buttons(await rig.press(preview, boss, "Alle Räume (alle Plattformen)"))
        scheduled = await rig.press(confirm, boss, "Jetzt bestätigen")
        assert "#1" in scheduled[0].text
        yield w
    finally:
        await rig.stop()


async def test_an_outsider_who_adds_the_bot_to_her_group_moderates_only_that_group(
    world: World,
) -> None:
    w, api, olga = world, world.api, world.olga
    [intro] = await w.rig.do(api.bot_status(w.olgas, olga, "left", "administrator"))
    assert TEXTS.get("community.waiting", "de") in intro.text
    refused = await w.rig.press(intro, olga, TEXTS.get("community.approve_button", "de"))
    assert [s.text for s in refused] == [COMMUNITY_ONLY]

    # announcing: her group only; the other choices are neither offered nor accepted
    preview = with_buttons(await w.say(w.olgas, olga, "/announce Werbung für Olga"))
    labels = [b["text"] for b in preview.buttons()]
    assert "Nur dieser Raum" in labels and "Alle Räume (alle Plattformen)" not in labels
    expired = TEXTS.get("common.choice_expired", "de")
    for crafted, refusal in (
        ("ann:all", COMMUNITY_ONLY),
        ("ann:subs", COMMUNITY_ONLY),
        ("ann:tag:0", expired),  # no tag was even looked up for her
    ):
        mine = owned(crafted, UserRef(Platform.TELEGRAM, str(olga["id"])))
        answer = await w.rig.do(api.press(preview, olga, mine))
        assert [s.text for s in answer] == [refusal], crafted
    assert [s.text for s in await w.say(w.private(olga), olga, "/announce Werbung")] == [
        PRIVATE_REFUSAL
    ]
    # reading the unanswered questions and the list of announcements; cancelling Boss's
    for command in ("/offenefragen", "/announcements", "/announce cancel 1"):
        answer = await w.say(w.private(olga), olga, command)
        assert answer and answer[0].text in (COMMUNITY_ONLY, PRIVATE_REFUSAL), command
    listing = await w.say(w.olgas, olga, "/announcements")
    assert listing[0].text == TEXTS.get("announce.list_empty", "de"), "none of hers, none else"
    cancel = await w.say(w.olgas, olga, "/announce cancel 1")
    assert cancel[0].text == TEXTS.get("announce.not_yours", "de", id=1)

    await w.deliver()
    found = await w.rig.app.store.get_announcement(1)
    assert found is not None and found.state is AnnouncementState.SCHEDULED, "nothing cancelled"
    elsewhere = w.texts_to(w.netzwerk, w.nachbarn, w.private(w.sina))
    assert not [t for t in elsewhere if "Werbung" in t], "nothing announced"
    to_olga = " ".join(w.texts_to(w.olgas, w.private(olga)))
    for secret in ("Beamer", "Musterweg", "Weihnachtsfeier", "Kieler Runde", "Nachbarn"):
        assert secret not in to_olga, f"nothing read: {secret}"

    # in her own group she is a moderator: its settings, and announcing to it
    overview = await w.say(w.olgas, olga, "/settings")
    assert TEXTS.get("settings.title", "de", room="Olgas Gruppe") in overview[0].text
    sent = with_buttons(await w.say(w.olgas, olga, "/announce Nur für uns"))
    confirm = with_buttons(await w.rig.press(sent, olga, "Nur dieser Raum"))
    await w.rig.press(confirm, olga, "Jetzt bestätigen")
    await w.deliver()
    assert "Nur für uns" in w.texts_to(w.olgas)
    assert "Nur für uns" not in w.texts_to(w.netzwerk, w.nachbarn, w.private(w.sina))


async def test_who_may_what_on_telegram(world: World) -> None:
    w, cora, rami, mats = world, world.cora, world.rami, world.mats
    title = TEXTS.get("settings.title", "de", room="Kieler Runde")
    assert title in (await w.say(w.netzwerk, rami, "/settings"))[0].text, "his own group"
    assert (await w.say(w.nachbarn, rami, "/settings"))[0].text == MODERATORS_ONLY
    assert (await w.say(w.netzwerk, mats, "/settings"))[0].text == MODERATORS_ONLY
    for person in (rami, mats):
        answer = await w.say(w.private(person), person, "/announce Hallo")
        assert answer[0].text == PRIVATE_REFUSAL, "administering a group counts not in private"
        assert (await w.say(w.private(person), person, "/offenefragen"))[0].text == COMMUNITY_ONLY
    refusal = (await w.say(w.netzwerk, rami, "/gemeinschaft beitreten"))[0].text
    assert refusal == COMMUNITY_ONLY and "Kieler" not in refusal

    questions = (await w.say(w.private(cora), cora, "/offenefragen"))[0].text
    assert "Ich bin Mats, [Adresse]: wer leiht mir einen Beamer?" in questions, "masked"
    listing = (await w.say(w.private(cora), cora, "/announcements"))[0].text
    assert "#1" in listing and "Weihnachtsfeier" in listing
    preview = with_buttons(await w.say(w.netzwerk, cora, "/announce Sommerfest"))
    confirm = with_buttons(await w.rig.press(preview, cora, "Alle Räume (alle Plattformen)"))
    assert "Chats: 2." in confirm.text, "the community's two groups"
    await w.rig.press(confirm, cora, "Jetzt bestätigen")
    await w.deliver()
    assert "Sommerfest" in w.texts_to(w.netzwerk) and "Sommerfest" in w.texts_to(w.nachbarn)

    # a community moderator takes Olga's group in: from then on it is one of the community's
    await w.rig.do(w.api.bot_status(w.olgas, w.olga, "left", "administrator"))
    joined = (await w.say(w.olgas, cora, "/gemeinschaft beitreten"))[0].text
    assert joined == TEXTS.get("community.joined", "de", room="Olgas Gruppe")
    preview = with_buttons(await w.say(w.private(cora), cora, "/announce Herbstfest"))
    confirm = with_buttons(await w.rig.press(preview, cora, "Alle Räume (alle Plattformen)"))
    assert "Chats: 3." in confirm.text
