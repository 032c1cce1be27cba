"""A moderator announces on Telegram: the real adapter and PTB against the Bot API server."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.announcements.delivery import OutboxWorker
from core.kernel.ports import RoomSettings
from tests.support.botapi import BotApiServer, FloodLimits
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration


async def test_moderator_announces_to_all_groups_and_gets_a_report(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    botapi.flood = FloodLimits()
    mia, tom = botapi.user(900, "Mia"), botapi.user(901, "Tom")
    groups = [botapi.group(-100100 - i, f"Gruppe {i}", admins=[mia]) for i in range(3)]
    rig = await Rig.start(botapi, tmp_path / "bot.db", moderators="telegram:900")
    try:
        for group in groups:
            room = RoomSettings("telegram", str(group["id"]), title=group["title"], community=True)
            await rig.app.store.save_room(room)
        refused = await rig.do(botapi.message(groups[0], tom, "/announce Hallo"))
        assert "Moderator" in refused[0].text, "a member who is no admin is refused"

        text = "/ankuendigen Treffen **Freitag** <b>kein Tag</b> /start"
        preview = with_buttons(await rig.do(botapi.message(groups[0], mia, text)))
        assert "<b>Freitag</b>" in preview.html and "&lt;b&gt;kein Tag" in preview.html
        confirm = with_buttons(await rig.press(preview, mia, "Alle Räume (alle Plattformen)"))
        assert "Chats: 3" in confirm.text
        stranger = await rig.press(confirm, tom, "Jetzt bestätigen")
        assert all("#1" not in s.text for s in stranger), "another person's press does nothing"
        queued = await rig.press(confirm, mia, "Jetzt bestätigen")
        assert "#1" in queued[0].text

        worker = OutboxWorker(rig.app.store, [rig.adapter.sender], rig.clock)
        assert await worker.run_once() == 3
        for group in groups:
            [*_, posted] = botapi.messages_to(group["id"])
            assert posted.text == "Treffen Freitag <b>kein Tag</b> /start"
            assert "<b>Freitag</b>" in posted.html, "the moderator's bold survives"
            assert "&lt;b&gt;kein Tag&lt;/b&gt;" in posted.html, "typed tags stay literal"
        await rig.tick(1)
        report = botapi.messages_to(groups[0]["id"])[-1]
        assert "3 von 3" in report.text
        assert botapi.rejected_floods == 0
    finally:
        await rig.stop()


async def test_blocked_subscriber_is_unsubscribed_and_reported(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    mia, ben, eva = botapi.user(910, "Mia"), botapi.user(911, "Ben"), botapi.user(912, "Eva")
    rig = await Rig.start(botapi, tmp_path / "bot.db", moderators="telegram:910")
    try:
        for person in (ben, eva):
            await rig.do(botapi.message(botapi.chats[person["id"]], person, "/abonnieren"))
        botapi.blocked.add(912)
        preview = with_buttons(await rig.do(botapi.message(botapi.chats[910], mia, "/announce Hi")))
        confirm = with_buttons(await rig.press(preview, mia, "Abonnent:innen (privat)"))
        await rig.press(confirm, mia, "Jetzt bestätigen")
        await OutboxWorker(rig.app.store, [rig.adapter.sender], rig.clock).run_once()
        assert botapi.messages_to(911)[-1].text == "Hi"
        eva_now = await rig.app.store.get_person("telegram", "912")
        assert eva_now is not None and not eva_now.subscribed
        await rig.tick(1)
        report = botapi.messages_to(910)[-1].text
        assert "1 von 2" in report and "blockiert" in report
    finally:
        await rig.stop()
