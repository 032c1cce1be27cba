"""Groups and forum topics through the real adapter: welcomes, answers, moderators."""

from __future__ import annotations

import pytest

from tests.support.botapi import BotApiServer, JSONDict
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration

BOT = "lagerfeuer_test_bot"


def community(botapi: BotApiServer, chat_id: int, forum: bool = False) -> JSONDict:
    owner = botapi.user(abs(chat_id) % 10_000, "Olga")
    return botapi.group(chat_id, "Netzwerk", owner=owner, forum=forum)


async def test_joins_give_one_combined_welcome_with_deep_link_and_delete_the_previous(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = community(botapi, -1002001)
    ben, carla, dora = botapi.user(11, "Ben"), botapi.user(12, "Carla"), botapi.user(13, "Dora")
    # An administrator bot hears of one join twice: service message and chat_member update.
    await rig.do(botapi.join(group, ben))
    await rig.do(botapi.member_update(group, ben, "left", "member"))
    [first] = botapi.messages_to(group["id"])
    assert "Ben" in first.text, "the first join in a quiet room is welcomed at once"
    await rig.do(botapi.join(group, carla, dora))
    await rig.do(botapi.member_update(group, carla, "left", "member"))
    await rig.tick(120)
    sent = botapi.messages_to(group["id"])
    assert len(sent) == 2, [s.text for s in sent]
    second = sent[1]
    assert "Carla" in second.text and "Dora" in second.text and "Ben" not in second.text
    [link] = [b["url"] for b in second.buttons() if "url" in b]
    assert link.startswith(f"https://t.me/{BOT}?start=r_")
    assert first.deleted and not second.deleted, "the previous welcome is deleted"


async def test_display_name_with_markup_arrives_literally(rig: Rig, botapi: BotApiServer) -> None:
    group = community(botapi, -1002002)
    tricky = botapi.user(21, '<b>&"x</a>')
    await rig.do(botapi.join(group, tricky))
    await rig.tick(120)
    [welcome] = botapi.messages_to(group["id"])
    assert '<b>&"x</a>' in welcome.text, "the server parsed the HTML; the name is literal"


async def test_forum_topic_messages_are_answered_in_that_topic(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = community(botapi, -1002003, forum=True)
    topic = botapi.topic(group, 77)
    eva = botapi.user(31, "Eva")
    sent = await rig.do(botapi.message(group, eva, f"/privacy@{BOT}", thread_id=topic))
    assert sent, "a command in a topic is answered"
    assert all(s.chat_id == group["id"] and s.thread_id == topic for s in sent)
    [menu] = await rig.do(botapi.message(group, eva, f"/start@{BOT}", thread_id=topic))
    chosen = await rig.press(menu, eva, "Warum vernetzen?")
    assert chosen and all(s.thread_id == topic for s in chosen), "button answers too"


async def test_question_in_a_forum_topic_is_answered_in_that_topic(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = community(botapi, -1002013, forum=True)
    topic = botapi.topic(group, 78)
    eva = botapi.user(32, "Eva")
    sent = await rig.do(
        botapi.message(group, eva, f"@{BOT} wo fange ich am besten an?", thread_id=topic)
    )
    assert sent, "an addressed question is answered"
    assert all(s.chat_id == group["id"] and s.thread_id == topic for s in sent)


async def test_reply_to_the_bot_counts_as_addressed(rig: Rig, botapi: BotApiServer) -> None:
    group = community(botapi, -1002004)
    eva = botapi.user(41, "Eva")
    [menu] = await rig.do(botapi.message(group, eva, f"/start@{BOT}"))
    sent = await rig.do(botapi.message(group, eva, "Was ist ein Barcamp?", reply_to=menu))
    assert sent and "Barcamp" in "\n".join(s.text for s in sent)


async def test_settings_by_a_non_admin_is_refused_and_by_an_admin_shown(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = community(botapi, -1002005)
    owner = botapi.users[2005]
    frank = botapi.user(51, "Frank")
    [refusal] = await rig.do(botapi.message(group, frank, f"/settings@{BOT}"))
    assert "nur die Moderator:innen" in refusal.text
    sent = await rig.do(botapi.message(group, owner, f"/settings@{BOT}"))
    assert with_buttons(sent).buttons(), "the settings menu has choices"


async def test_new_admin_is_seen_after_a_chat_member_update(rig: Rig, botapi: BotApiServer) -> None:
    group = community(botapi, -1002006)
    gina = botapi.user(61, "Gina")
    [refusal] = await rig.do(botapi.message(group, gina, f"/settings@{BOT}"))
    assert "nur die Moderator:innen" in refusal.text
    botapi.admins[group["id"]].append(61)
    await rig.do(botapi.member_update(group, gina, "member", "administrator"))
    sent = await rig.do(botapi.message(group, gina, f"/settings@{BOT}"))
    assert with_buttons(sent).buttons(), "the cached administrator list was dropped"


async def test_anonymous_admin_confirms_from_own_account(rig: Rig, botapi: BotApiServer) -> None:
    group = community(botapi, -1002007)
    owner = botapi.users[2007]
    helga = botapi.user(71, "Helga")
    [ask] = await rig.do(botapi.message(group, owner, f"/settings@{BOT}", anonymous=True))
    assert "anonym" in ask.text
    assert await rig.press(ask, helga, ask.buttons()[0]["text"]) == [], "nothing posted"
    refusal = botapi.callback_answers[-1]
    assert "verwaltet" in refusal["text"] and refusal["show_alert"] in (True, "true")
    sent = await rig.press(ask, owner, ask.buttons()[0]["text"])
    assert with_buttons(sent).buttons(), "the owner confirmed and sees the settings"
    assert len(botapi.callback_answers) == 2 and "text" not in botapi.callback_answers[-1]


async def test_bot_added_to_a_group_introduces_itself(rig: Rig, botapi: BotApiServer) -> None:
    group = community(botapi, -1002008)
    owner = botapi.users[2008]
    sent = await rig.do(botapi.bot_status(group, owner, "left", "member"))
    assert sent and sent[0].chat_id == group["id"]
    room = await rig.app.store.get_room("telegram", str(group["id"]))
    assert room is not None and room.active
    await rig.do(botapi.bot_status(group, owner, "member", "kicked"))
    room = await rig.app.store.get_room("telegram", str(group["id"]))
    assert room is not None and not room.active


async def test_without_admin_rights_privacy_mode_hides_chatter_but_joins_still_welcome(
    rig: Rig, botapi: BotApiServer
) -> None:
    owner = botapi.user(2009, "Olga")
    group = botapi.group(-1002009, "Netzwerk", owner=owner, bot_admin=False)
    ivo = botapi.user(91, "Ivo")
    await rig.do(botapi.join(group, ivo))
    await botapi.member_update(group, ivo, "left", "member")  # not sent to a non-admin bot
    await botapi.message(group, ivo, "Wo fange ich am besten an?")  # privacy mode: not sent
    sent = await rig.do(botapi.message(group, ivo, f"@{BOT} wo fange ich am besten an?"))
    assert sent, "an addressed question arrives and is answered"
    assert rig.adapter.updates_handled == 2, "chat_member and plain chatter never arrived"
    welcomes = [s for s in botapi.messages_to(group["id"]) if "Ivo" in s.text]
    assert len(welcomes) == 1


async def test_in_private_the_admins_of_the_bots_groups_are_no_moderators(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = community(botapi, -1002010)
    owner, kai = botapi.users[2010], botapi.user(101, "Kai")
    await rig.do(botapi.message(group, kai, f"/privacy@{BOT}"))  # the bot now knows the group
    for person in (kai, owner):  # administering a group counts for nothing in private chat
        [refusal] = await rig.do(botapi.message(botapi.chats[person["id"]], person, "/unanswered"))
        assert "nur die Moderator:innen der Gemeinschaft" in refusal.text
