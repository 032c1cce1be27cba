"""C7 on Telegram: after /forget no row holds the person's Telegram id, not even a handled join."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.operations.test_privacy import rows_mentioning
from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration

PERSON_ID = 48151623


async def test_forget_after_a_welcome_leaves_no_row_with_the_telegram_id(tmp_path: Path) -> None:
    server = BotApiServer()
    await server.start()
    rig = await Rig.start(server, tmp_path / "lagerfeuer.db")
    try:
        owner = server.user(7001, "Olga")
        group = server.group(-1009001, "Netzwerk", owner=owner)
        person = server.user(PERSON_ID, "Tamsin")
        # an administrator bot hears of a join twice: service message and chat_member update
        await rig.do(server.join(group, person))
        await rig.do(server.member_update(group, person, "left", "member"))
        assert any("Tamsin" in s.text for s in server.messages_to(group["id"]))
        private = server.chats[PERSON_ID]
        asked = await rig.do(server.message(private, person, "/vergessen"))
        await rig.press(with_buttons(asked), person, "Ja, alles löschen")
        assert rows_mentioning(tmp_path / "lagerfeuer.db", str(PERSON_ID)) == []
    finally:
        await rig.stop()
        await server.stop()
