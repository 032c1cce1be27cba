"""Anonymous group administrators: Telegram shows their messages as sent by the group itself,
so nobody can tell who wrote a moderator command. The bot holds such a command and asks for a
button press from the administrator's own account, then runs it as that person."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable, Sequence

from adapters.bootstrap import App
from adapters.telegram.moderators import TelegramModerators
from core.commands import resolve
from core.messages import Action, Choice, ChoiceMade, CommandReceived, Reply

CONFIRM_PREFIX = "tgc:"
"""Choice values of the confirm button (handled here, never by the core)."""

CONFIRM_SECONDS = 600.0

Router = Callable[[Sequence[Action]], Awaitable[None]]


class AnonymousAdmins:
    """Commands waiting for their anonymous sender to confirm (kept in memory for 10 minutes)."""

    def __init__(
        self, app: App, moderators: TelegramModerators, route: Router, perform: Router
    ) -> None:
        self.app = app
        self.moderators = moderators
        self.route = route
        self.perform = perform
        self._pending: dict[str, tuple[float, CommandReceived]] = {}

    async def hold(self, command: CommandReceived) -> None:
        """A command sent as the group: moderator commands wait for a confirmation."""
        spec = resolve(command.name)
        if spec is None or not (spec.moderator or spec.name == "language"):
            await self.route(await self.app.assistant.handle(command))
            return
        if not await self.app.store.claim_event(command.event_id):
            return
        self._expire()
        token = secrets.token_hex(8)
        self._pending[token] = (time.monotonic() + CONFIRM_SECONDS, command)
        lang = await self.app.assistant.language_for(command.chat, command.user)
        texts = self.app.content.texts
        button = Choice(texts.get("telegram.anonymous_button", lang), CONFIRM_PREFIX + token)
        text = texts.get("telegram.anonymous_confirm", lang, command=spec.name)
        await self.perform([Reply(command.chat, text, choices=(button,))])

    async def confirm(self, choice: ChoiceMade) -> str | None:
        """The confirm button: an administrator's press runs the held command; anyone else
        gets a text for an alert only they see."""
        self._expire()
        token = choice.value.removeprefix(CONFIRM_PREFIX)
        pending = self._pending.get(token)
        allowed = (
            pending is not None
            and pending[1].chat.id == choice.chat.id
            and choice.user.id in await self.moderators.admins(choice.chat.id)
        )
        if pending is None or not allowed:
            lang = await self.app.assistant.language_for(choice.chat, choice.user)
            return self.app.content.texts.get("telegram.anonymous_refused", lang)
        del self._pending[token]
        held = pending[1]
        command = CommandReceived(choice.event_id, held.chat, choice.user, held.name, held.args)
        await self.route(await self.app.assistant.handle(command))
        return None

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, (until, _) in self._pending.items() if until < now]:
            del self._pending[token]
