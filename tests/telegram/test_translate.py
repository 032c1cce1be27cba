"""Translating Update JSON (as the Bot API server builds it) into core events: pure."""

from __future__ import annotations

from telegram import Update

from adapters.channels.telegram.translate import BotIdentity, Translation, translate
from core.kernel.messages import (
    BotAddedToRoom,
    ChoiceMade,
    CommandReceived,
    JoinRequested,
    MemberJoined,
    MemberLeft,
    TextReceived,
)
from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.support.words import COMMAND_WORDS

BOT = BotIdentity(123456, "lagerfeuer_test_bot")


def tr(update: JSONDict) -> Translation:
    return translate(Update.de_json(update, None), BOT, COMMAND_WORDS)


async def test_private_start_with_payload() -> None:
    api = BotApiServer()
    anna = api.user(501, "Anna", "Muster", language_code="en-GB")
    result = tr(await api.message(api.chats[501], anna, "/start r_0123456789abcdef"))
    [event] = result.events
    assert isinstance(event, CommandReceived)
    assert (event.name, event.args) == ("start", "r_0123456789abcdef")
    assert event.chat.is_private and event.chat.id == "501"
    assert event.user.display_name == "Anna Muster" and event.user.language_hint == "en"
    assert event.event_id.startswith("tg:")


async def test_group_commands_for_us_and_for_others() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    ben = api.user(502, "Ben")
    [ours] = tr(await api.message(group, ben, "/Suche@Lagerfeuer_Test_Bot barcamp")).events
    assert isinstance(ours, CommandReceived) and (ours.name, ours.args) == ("suche", "barcamp")
    assert tr(await api.message(group, ben, "/start@other_bot")).events == []
    assert tr(await api.message(group, ben, "/ban Mallory")).events == [], "another bot's"
    [unknown] = tr(await api.message(group, ben, f"/ban@{BOT.username}")).events
    assert isinstance(unknown, CommandReceived), "addressed to us: we say we don't know it"
    [private] = tr(await api.message(api.chats[502], ben, "/ban")).events
    assert isinstance(private, CommandReceived)
    [exclaimed] = tr(await api.message(group, ben, "!wichtig: Treffen morgen")).events
    assert isinstance(exclaimed, TextReceived), "on Telegram only / starts a command"


async def test_mention_and_reply_address_the_bot_and_the_mention_is_removed() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    ben = api.user(502, "Ben")
    [mention] = tr(
        await api.message(group, ben, "Hallo @lagerfeuer_test_bot, was ist ein Barcamp?")
    ).events
    assert isinstance(mention, TextReceived) and mention.addressed
    assert mention.text == "Hallo , was ist ein Barcamp?"
    [plain] = tr(await api.message(group, ben, "Hallo @someone_else")).events
    assert isinstance(plain, TextReceived) and not plain.addressed


async def test_a_mention_after_a_lone_surrogate_is_still_found_and_removed() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    ben = api.user(502, "Ben")
    [mention] = tr(await api.message(group, ben, "\ud800 @lagerfeuer_test_bot Hallo")).events
    assert isinstance(mention, TextReceived) and mention.addressed
    assert mention.text == "\ud800 Hallo"


async def test_forum_topic_message_carries_the_thread() -> None:
    api = BotApiServer()
    forum = api.group(-1002, "Forum", forum=True)
    api.topic(forum, 5)
    ben = api.user(502, "Ben")
    [event] = tr(await api.message(forum, ben, "/start", thread_id=5)).events
    assert event.chat.thread_id == "5" and not event.chat.is_private


async def test_joins_from_service_message_and_chat_member() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    ben, cleo = api.user(502, "Ben"), api.user(503, "Cleo")
    bot = api.bot
    joined = tr(await api.join(group, ben, cleo, bot)).events
    assert [type(e) for e in joined] == [MemberJoined, MemberJoined], "the bot itself is left out"
    assert len({e.event_id for e in joined}) == 2
    [member] = tr(await api.member_update(group, ben, "left", "member")).events
    assert isinstance(member, MemberJoined) and member.user.id == "502"
    [gone] = tr(await api.member_update(group, ben, "member", "kicked")).events
    assert isinstance(gone, MemberLeft)
    promoted = tr(await api.member_update(group, ben, "member", "administrator"))
    assert promoted.events == [] and promoted.admins_changed == "-1001"


async def test_bot_added_and_removed() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    olga = api.user(504, "Olga")
    [added] = tr(await api.bot_status(group, olga, "left", "member")).events
    assert isinstance(added, BotAddedToRoom) and added.user.id == "504"
    removed = tr(await api.bot_status(group, olga, "member", "left"))
    assert removed.events == [] and removed.bot_removed is not None
    blocked = tr(await api.bot_status(api.chats[504], olga, "member", "kicked"))
    assert blocked.bot_removed is not None and blocked.bot_removed.is_private


async def test_callback_query_becomes_a_choice_to_answer() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    ben = api.user(502, "Ben")
    menu = api.bot_message(group, "Menü", [[{"text": "Warum?", "callback_data": "menu:why"}]])
    query = tr(await api.press(menu, ben, "menu:why"))
    [choice] = query.events
    assert isinstance(choice, ChoiceMade) and choice.value == "menu:why"
    assert choice.chat.id == "-1001" and choice.user.id == "502"
    assert query.callback_query_id


async def test_anonymous_admin_command_is_held_for_confirmation() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    result = tr(await api.message(group, api.user(505, "Olga"), "/settings", anonymous=True))
    assert result.events == [] and result.anonymous_command is not None
    assert result.anonymous_command.name == "settings"


async def test_migration_service_message() -> None:
    api = BotApiServer()
    old = api.group(-55, "Alt")
    update = await api.message(old, api.user(506, "Olga"), "x")
    message = dict(update["message"])
    message.pop("text")
    message.pop("entities", None)
    message["migrate_to_chat_id"] = -1000000000055
    result = tr({"update_id": 1, "message": message})
    assert result.migrated == ("-55", "-1000000000055")


async def test_a_reply_names_the_message_it_replies_to_but_a_topic_is_no_reply() -> None:
    api = BotApiServer()
    forum = api.group(-1002, "Forum", forum=True)
    api.topic(forum, 5)
    ben = api.user(502, "Ben")
    post = api.bot_message(forum, "Nachricht über /kontakt", [])
    [replied] = tr(await api.message(forum, ben, "Antwort", reply_to=post)).events
    assert isinstance(replied, TextReceived) and replied.reply_to == str(post.message_id)
    opening = Sent(forum["id"], 5, "Thema", "Thema", 0.0, raw={**post.raw, "message_id": 5})
    [in_topic] = tr(await api.message(forum, ben, "Hallo", thread_id=5, reply_to=opening)).events
    assert isinstance(in_topic, TextReceived) and in_topic.reply_to is None
    [private] = tr(await api.message(api.chats[502], ben, "Hallo")).events
    assert isinstance(private, TextReceived) and private.reply_to is None


async def test_join_request_names_the_group_the_applicant_and_their_private_chat() -> None:
    api = BotApiServer()
    group = api.group(-1001, "Netzwerk")
    anna = api.user(501, "Anna", language_code="en")
    [event] = tr(await api.join_request(group, anna)).events
    assert isinstance(event, JoinRequested)
    assert event.chat.id == "-1001" and not event.chat.is_private
    assert event.user.id == "501" and event.user.language_hint == "en"
    assert event.private is not None and event.private.id == "501" and event.private.is_private
    robot = api.user(502, "Robo", is_bot=True)
    assert tr(await api.join_request(group, robot)).events == [], "bots are not answered"
