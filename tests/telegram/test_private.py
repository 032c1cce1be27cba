"""Private chats through the real adapter and PTB against the Bot API server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.kernel.deeplinks import room_payload
from core.kernel.messages import OpenDirectChat, Platform, UserRef
from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration


async def test_start_shows_menu_with_buttons(rig: Rig, botapi: BotApiServer) -> None:
    anna = botapi.user(501, "Anna")
    [menu] = await rig.do(botapi.message(botapi.chats[501], anna, "/start"))
    assert menu.chat_id == 501
    assert "Lagerfeuer" in menu.text
    labels = [b["text"] for b in menu.buttons()]
    assert "Warum vernetzen?" in labels
    data = [b["callback_data"] for b in menu.buttons() if "callback_data" in b]
    assert data and all(len(d.encode()) <= 64 for d in data)


async def test_button_presses_are_answered_and_walk_onboarding_to_a_plan(
    rig: Rig, botapi: BotApiServer
) -> None:
    anna = botapi.user(502, "Anna")
    [menu] = await rig.do(botapi.message(botapi.chats[502], anna, "/start"))
    step = with_buttons(await rig.press(menu, anna, "Wo fange ich an? (geführter Einstieg)"))
    step = with_buttons(await rig.press(step, anna, "Ich arbeite hauptamtlich"))
    first_option = step.buttons()[0]["text"]
    step = with_buttons(await rig.press(step, anna, first_option))
    channels = with_buttons(await rig.press(step, anna, step.buttons()[0]["text"]))
    assert any(b["text"].startswith("✓") for b in channels.buttons()), "multi-select marks"
    step = with_buttons(await rig.press(channels, anna, "Fertig"))
    sent = await rig.press(step, anna, step.buttons()[0]["text"])
    plan = "\n".join(s.text for s in sent)
    assert "Startplan" in plan
    assert "erster Schritt" in plan
    links = [b["url"] for s in sent for b in s.buttons() if "url" in b]
    assert links and all(url.startswith("https://") for url in links)
    assert len(botapi.callback_answers) == 6, "every button press is answered"


async def test_deep_link_from_group_welcome_starts_onboarding_knowing_the_room(
    rig: Rig, botapi: BotApiServer
) -> None:
    owner = botapi.user(600, "Olga")
    group = botapi.group(-1001600, "Netzwerk Soziale Arbeit", owner=owner)
    ben = botapi.user(601, "Ben")
    await rig.do(botapi.join(group, ben))
    await rig.tick(120)
    [welcome] = botapi.messages_to(group["id"])
    [link] = [b["url"] for b in welcome.buttons() if "url" in b]
    parts = urlsplit(link)
    assert parts.netloc == "t.me" and parts.path == "/lagerfeuer_test_bot"
    payload = parse_qs(parts.query)["start"][0]
    assert payload == room_payload("telegram", str(group["id"]))
    sent = await rig.do(botapi.message(botapi.chats[601], ben, f"/start {payload}"))
    assert sent and all(s.chat_id == 601 for s in sent)
    assert "Netzwerk Soziale Arbeit" in "\n".join(s.text for s in sent)
    person = await rig.app.store.get_person("telegram", "601")
    assert person is not None and person.came_from == f"telegram:{group['id']}"


async def test_onboarding_asked_in_a_group_topic_points_to_the_private_chat(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = botapi.group(-1001700, "Netzwerk", owner=botapi.user(700, "Olga"), forum=True)
    topic = botapi.topic(group, 12)
    carla = botapi.user(701, "Carla")
    sent = await rig.do(
        botapi.message(group, carla, "/onboarding@lagerfeuer_test_bot", thread_id=topic)
    )
    [message] = sent
    assert message.chat_id == group["id"] and message.thread_id == topic
    payload = room_payload("telegram", str(group["id"]))
    [link] = [b["url"] for b in message.buttons() if "url" in b]
    assert link == f"https://t.me/lagerfeuer_test_bot?start={payload}"


async def test_private_chat_request_alone_asks_in_the_room_by_name(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = botapi.group(-1001701, "Netzwerk", owner=botapi.user(702, "Olga"))
    await rig.do(botapi.message(group, botapi.users[702], "/privacy@lagerfeuer_test_bot"))
    dora = UserRef(Platform.TELEGRAM, "703", "Dora <3")
    payload = room_payload("telegram", str(group["id"]))
    await rig.adapter.perform([OpenDirectChat(dora, payload, "de")])
    message = botapi.messages_to(group["id"])[-1]
    assert "Dora <3" in message.text
    assert '<a href="tg://user?id=703">Dora &lt;3</a>' in message.html, "Dora is mentioned"
    assert [b["url"] for b in message.buttons()] == [
        f"https://t.me/lagerfeuer_test_bot?start={payload}"
    ]


async def test_commands_for_another_bot_are_ignored(rig: Rig, botapi: BotApiServer) -> None:
    group = botapi.group(-1001800, "Netzwerk", owner=botapi.user(800, "Olga"))
    dora = botapi.user(801, "Dora")
    assert await rig.do(botapi.message(group, dora, "/start@some_other_bot")) == []
    assert await rig.do(botapi.message(group, dora, "/start@lagerfeuer_test_bot"))


async def test_command_menu_is_set_per_language_and_audience(
    rig: Rig, botapi: BotApiServer
) -> None:
    assert rig.adapter.menu is not None
    await rig.adapter.menu
    scopes = ("all_private_chats", "all_group_chats", "all_chat_administrators")
    assert set(botapi.commands) == {f"{s}:{lang}" for s in scopes for lang in ("de", "en", "")}

    def menu(key: str) -> dict[str, str]:
        return {c["command"]: c["description"] for c in botapi.commands[key]}

    german, english = menu("all_private_chats:de"), menu("all_private_chats:en")
    assert german["start"] != english["start"] and set(german) == set(english)
    assert "forget" in german and "settings" not in german and "help" not in german
    members, admins = menu("all_group_chats:de"), menu("all_chat_administrators:de")
    assert "forget" not in members and "settings" not in members and "start" in members
    assert "settings" in admins and set(members) < set(admins)
