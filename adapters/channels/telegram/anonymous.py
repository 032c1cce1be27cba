"""Anonymous group administrators: Telegram shows their messages as sent by the group itself,
so nobody can tell who wrote a moderator command. The bot holds such a command and asks for a
button press from the administrator's own account, then runs it as that person. The held
command is kept in SQLite, so the button still works after a restart."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from adapters.channels.contract import ChannelContext, Router
from adapters.channels.telegram.moderators import TelegramModerators
from adapters.channels.telegram.store import TelegramStore
from core.kernel.messages import ChatRef, Choice, ChoiceMade, CommandReceived, Reply

CONFIRM_PREFIX = "tgc:"
"""Choice values of the confirm button (handled here, never by the core)."""

CONFIRM_SECONDS = 600.0


class AnonymousAdmins:
    """Commands waiting for their anonymous sender to confirm (for 10 minutes)."""

    def __init__(
        self,
        ctx: ChannelContext[TelegramStore],
        moderators: TelegramModerators,
        route: Router,
        perform: Router,
    ) -> None:
        self.ctx = ctx
        self.moderators = moderators
        self.route = route
        self.perform = perform

    async def hold(self, command: CommandReceived) -> None:
        """A command sent as the group: moderator commands wait for a confirmation."""
        spec = self.ctx.content.commands.resolve(command.name)
        if spec is None or not (spec.moderator or spec.name == "language"):
            await self.route(await self.ctx.assistant.handle(command, settle=False))
            return
        if await self.ctx.store.event_claimed(command.event_id):
            return  # marked handled by the adapter once the question was sent
        value = CONFIRM_PREFIX + secrets.token_hex(8)
        held = {"name": command.name, "args": command.args, "thread": command.chat.thread_id}
        now = self.ctx.clock.now()
        until = now + timedelta(seconds=CONFIRM_SECONDS)
        await self.ctx.store.keep_pending(command.chat.id, {value: json.dumps(held)}, until, now)
        lang = await self.ctx.assistant.language_for(command.chat, command.user)
        texts = self.ctx.content.texts
        button = Choice(texts.get("telegram.anonymous_button", lang), value)
        text = texts.get("telegram.anonymous_confirm", lang, command=spec.name)
        await self.perform([Reply(command.chat, text, choices=(button,))])

    async def confirm(self, choice: ChoiceMade) -> str | None:
        """The confirm button: an administrator's press runs the held command; anyone else
        gets a text for an alert only they see."""
        store = self.ctx.store
        chat = choice.chat
        held = await store.pending(chat.id, choice.value, self.ctx.clock.now())
        allowed = held is not None and choice.user.id in await self.moderators.admins(chat.id)
        if held is None or not allowed or not await store.drop_pending(chat.id, choice.value):
            lang = await self.ctx.assistant.language_for(chat, choice.user)
            return self.ctx.content.texts.get("telegram.anonymous_refused", lang)
        facts = json.loads(held)
        where = ChatRef(chat.platform, chat.id, chat.is_private, chat.title, facts["thread"])
        command = CommandReceived(choice.event_id, where, choice.user, facts["name"], facts["args"])
        await self.route(await self.ctx.assistant.handle(command, settle=False))
        return None
