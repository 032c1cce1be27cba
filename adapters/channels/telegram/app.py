"""The Telegram adapter: python-telegram-bot's Application inside our event loop.

Receives updates (long polling through our own journalling loop, polling.py, or our own
webhook server, webhook.py; both journal an update before Telegram drops it), translates them,
hands them to the core one chat at a time, and carries out the core's actions through the paced
sender. An update's events are marked handled, and the update leaves the inbox, only once its
replies were sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, assert_never
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from adapters.channels.contract import ChannelContext, Health, Router
from adapters.channels.telegram.anonymous import CONFIRM_PREFIX, AnonymousAdmins
from adapters.channels.telegram.chats import ChatQueues, failure
from adapters.channels.telegram.doors import TelegramDoors
from adapters.channels.telegram.moderators import TelegramModerators
from adapters.channels.telegram.pacing import Pacer
from adapters.channels.telegram.polling import Poller
from adapters.channels.telegram.render import LONG_VALUE_PREFIX, render_reply
from adapters.channels.telegram.sender import TelegramSender, Undeliverable
from adapters.channels.telegram.startup import calling, initialize, listen_failure
from adapters.channels.telegram.store import TelegramStore
from adapters.channels.telegram.translate import BotIdentity, Translation, translate
from core.content.model import LANGUAGES
from core.errors import LagerfeuerError
from core.kernel.commands import COMMANDS, Where
from core.kernel.deeplinks import room_for_payload, room_payload
from core.kernel.logs import pseudonym, where
from core.kernel.messages import (
    Action,
    AnswerJoinRequest,
    ChatRef,
    ChoiceMade,
    DeleteMessage,
    InboundEvent,
    MemberJoined,
    MemberLeft,
    OnboardingInvite,
    OpenDirectChat,
    Pin,
    Platform,
    Reply,
)

if TYPE_CHECKING:
    from adapters.channels.telegram.webhook import WebhookServer

log = logging.getLogger("lagerfeuer.telegram")

ALLOWED_UPDATES = [
    "message",
    "callback_query",
    "chat_member",
    "my_chat_member",
    "chat_join_request",
]
"""`chat_member` is only sent when asked for (and only to administrators); `chat_join_request`
only to administrators that may invite users."""

JOIN_BUCKET_SECONDS = 60
LONG_VALUE_KEPT = timedelta(days=2)
"""How long a button standing in for a long choice value keeps working."""
FIRST_START_KEY = "first_start"
ANSWER_ATTEMPTS = 3
"""How often the bot tries to answer a join request through flood waits and network errors."""


@dataclass(frozen=True)
class TelegramConfig:
    """How to reach Telegram (from the settings)."""

    token: str
    base_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    poll_timeout: int = 10


def webhook_secret(token: str) -> str:
    """The webhook's secret token: derived from the bot token, never the token itself."""
    return hashlib.sha256(b"lagerfeuer-webhook\0" + token.encode()).hexdigest()[:48]


class TelegramAdapter:
    """The ChannelAdapter for Telegram."""

    platform = Platform.TELEGRAM

    def __init__(
        self, ctx: ChannelContext[TelegramStore], config: TelegramConfig, pacer: Pacer | None = None
    ) -> None:
        self.ctx = ctx
        self.config = config
        self.pacer = pacer or Pacer()
        self.route: Router = ctx.router
        """Actions go to the channel of their platform (a flow may open a Matrix DM)."""
        self.identity = BotIdentity(0, "")
        self.queues = ChatQueues()
        self._application = self._build()
        bot = self._application.bot
        self.sender = TelegramSender(bot, ctx.store, self.pacer)
        self.moderators = TelegramModerators(bot)
        ctx.register_moderators(Platform.TELEGRAM, self.moderators)
        self.doors = TelegramDoors(bot, ctx.store, ctx.clock, self._invite_link_name)
        ctx.register_doors(Platform.TELEGRAM, self.doors)
        self.menu: asyncio.Task[None] | None = None
        """Setting the command menu runs beside start-up; it is not needed to answer."""
        self.updates_handled = 0
        """Updates fully handled since start (a health figure; tests wait on it)."""
        self.anonymous = AnonymousAdmins(ctx, self.moderators, self._route, self.perform)
        self.poller = Poller(
            bot,
            ctx.store,
            self._receive,
            ctx.clock,
            timeout=config.poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
        )
        self.polling: asyncio.Task[None] | None = None
        """The getUpdates loop; when it ends with an error, `ctx.fail` hears of it."""
        self.webhook: WebhookServer | None = None
        if config.webhook_url:
            path = urlsplit(config.webhook_url).path
            from adapters.channels.telegram.webhook import WebhookServer  # tornado: only here

            self.webhook = WebhookServer(path, webhook_secret(config.token), self._hooked)

    def _invite_link_name(self) -> str:
        """The name of the invite links the bot creates, in the community's language."""
        return self.ctx.content.texts.get("telegram.invite_link_name", self.ctx.default_language)

    def health(self) -> Health:
        """Polling: whether the last getUpdates worked; webhook: whether it listens."""
        if self.webhook is not None:
            return Health(self.webhook.listening, self.poller.last_update)
        return Health(self.poller.connected, self.poller.last_update)

    @property
    def announcement_sender(self) -> TelegramSender:
        """Announcements go through the same paced sender as replies."""
        return self.sender

    # ------------------------------------------------------------------ lifecycle

    def _build(self) -> Application[Any, Any, Any, Any, Any, Any]:
        builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder()
        builder = builder.token(self.config.token)
        if self.config.base_url:
            base = self.config.base_url
            builder = builder.base_url(base).base_file_url(base.replace("/bot", "/file/bot", 1))
        application = builder.updater(None).build()
        application.add_error_handler(self._on_error)
        return application

    async def start(self) -> None:
        """Connect: getMe, the menu, then webhook or polling; a failure ends start-up with one
        line (adapters/channels/telegram/startup.py) and leaves nothing running."""
        try:
            await self._start()
        except BaseException:
            with contextlib.suppress(Exception):
                await self.stop()
            raise

    async def _start(self) -> None:
        application = self._application
        await initialize(application)
        bot = application.bot
        self.identity = BotIdentity(bot.id, bot.username)
        store = self.ctx.store
        self.menu = asyncio.create_task(self._set_commands())
        first = await store.telegram_state(FIRST_START_KEY) is None
        await store.prune_pending(self.ctx.clock.now())
        await application.start()
        if first:
            # before Telegram may post: a crash right after the first setWebhook must not
            # drop, at the next start, what was posted since as "history"
            await store.set_telegram_state(FIRST_START_KEY, str(int(time.time())))
        if self.webhook is not None:
            await self.poller.replay()
            await self._start_webhook(self.webhook, first)
        else:
            async with calling("deleteWebhook"):
                await bot.delete_webhook(drop_pending_updates=first)
            await self.poller.replay()
            self.polling = asyncio.create_task(self._poll())
        log.info("telegram ready (%s)", "webhook" if self.config.webhook_url else "polling")

    async def _start_webhook(self, webhook: WebhookServer, first: bool) -> None:
        """Listen first, then tell Telegram where to post: nothing is posted to nobody."""
        assert self.config.webhook_url
        host, port = self.config.webhook_listen, self.config.webhook_port
        try:
            webhook.listen(host, port)
        except OSError as exc:
            raise listen_failure(host, port, exc) from None
        async with calling("setWebhook"):
            await self.sender.bot.set_webhook(
                url=self.config.webhook_url,
                secret_token=webhook_secret(self.config.token),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=first,
            )

    async def _hooked(self, update: dict[str, Any]) -> None:
        """One update posted to the webhook: journalled, then into its chat's queue."""
        await self.poller.take([update], 0)

    async def _poll(self) -> None:
        try:
            await self.poller.run()
        except LagerfeuerError as exc:
            self.ctx.fail(exc)
        except Exception as exc:
            log.error("polling stopped: %s", failure(exc))
            self.ctx.fail(LagerfeuerError(f"Telegram polling stopped ({type(exc).__name__})"))

    async def stop(self) -> None:
        application = self._application
        if self.polling is not None and not self.polling.done():
            self.polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.polling
        if self.menu is not None and not self.menu.done():
            self.menu.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.menu
        if self.webhook is not None:
            await self.webhook.stop()
        await self.queues.drain(10.0)
        if application.running:
            await application.stop()
        await application.shutdown()

    async def _set_commands(self) -> None:
        """The command menu per language: private chats, group members, group administrators.

        The menu lists the commands by their names (the same in every language, so a button
        means the same everywhere), described in the menu's language; the aliases of content
        (`command.<name>.alias`) work when typed."""
        texts = self.ctx.content.texts
        bot = self.sender.bot
        specs = [s for s in COMMANDS if s.in_menu and f"command.{s.name}" in texts]
        menus: list[tuple[BotCommandScope, list[str]]] = [
            (BotCommandScopeAllPrivateChats(), [s.name for s in specs if s.where != Where.ROOM]),
            (
                BotCommandScopeAllGroupChats(),
                [s.name for s in specs if s.where != Where.PRIVATE and not s.moderator],
            ),
            (
                BotCommandScopeAllChatAdministrators(),
                [s.name for s in specs if s.where != Where.PRIVATE],
            ),
        ]
        for scope, names in menus:
            for lang in (*LANGUAGES, None):
                language = lang or self.ctx.default_language
                commands = [BotCommand(n, texts.get(f"command.{n}", language)) for n in names]
                try:
                    await bot.set_my_commands(commands, scope=scope, language_code=lang)
                except TelegramError as exc:
                    log.warning("setMyCommands (%s) failed: %s", scope.type, type(exc).__name__)

    # ------------------------------------------------------------------ inbound

    async def _receive(self, update_id: int, data: dict[str, Any]) -> None:
        """An update from polling, journalled in the inbox: into its chat's queue."""
        try:
            update = Update.de_json(data, self._application.bot)
            translation = translate(update, self.identity, self.ctx.content.commands)
        except Exception as exc:
            # the update's content stays out of the log: only its id and what went wrong
            log.warning("update %d could not be read (%s); skipped", update_id, failure(exc))
            await self.ctx.store.settle_update(update_id, [])
            return
        await self._take(update, translation, update_id)

    async def _take(self, update: Update, translation: Translation, update_id: int | None) -> None:
        """Flood protection decides as the update arrives, before it waits for any paced
        send (core/basics/flood.py): admitted, it joins its chat's queue; over the limit for
        the first time, the sender's waiting updates make room for one notice; after that
        it is let go at once. An update carries at most one event that counts."""
        key = self._chat_key(update)
        person = str(update.effective_user.id) if update.effective_user is not None else ""
        stopped = None
        for event in translation.events:
            stopped = await self.ctx.assistant.admit(event)
            if stopped is not None:
                break

        async def let_go() -> None:
            await self._settle(translation, update_id, None)

        if stopped is None:

            async def run() -> None:
                await self._handle(update, translation, update_id)

            await self.queues.submit(key, run, person=person, drop=let_go)
        elif stopped:
            actions = stopped

            async def notify() -> None:
                try:
                    await self.route(actions)
                finally:
                    await let_go()

            dropped = await self.queues.replace_pending(key, person, notify, drop=let_go)
            log.info("flood: %d waiting updates dropped (chat %s)", dropped, pseudonym(key))
        else:
            await let_go()

    @staticmethod
    def _chat_key(update: Update) -> str:
        chat = update.effective_chat
        return str(chat.id) if chat is not None else "-"

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("telegram update failed: %s", type(error).__name__ if error else "unknown")

    async def _handle(
        self, update: Update, translation: Translation, update_id: int | None
    ) -> None:
        """Everything one update leads to; runs in its chat's queue. Its events are marked
        handled (and it leaves the inbox) only after its replies went out: after a crash it
        is handled again, and at most the message in flight at the crash arrives twice: one update
        at a time is between its first send and its settle (doubt.py)."""
        store = self.ctx.store
        alert: str | None = None
        self.sender.doubt.handling()
        claims = [event.event_id for event in translation.events]
        if translation.anonymous_command is not None:
            claims.append(translation.anonymous_command.event_id)
        try:
            if translation.admins_changed is not None:
                self.moderators.invalidate(translation.admins_changed)
            if translation.migrated is not None:
                old, new = translation.migrated
                await store.move_room(Platform.TELEGRAM.value, old, new)
            if translation.bot_removed is not None:
                chat = translation.bot_removed
                await self.sender.mark_inactive(chat, chat.id)
            if translation.anonymous_command is not None:
                await self.anonymous.hold(translation.anonymous_command)
            for event in translation.events:
                alert = await self._dispatch(event, translation, claims) or alert
        finally:
            await self._settle(translation, update_id, alert, claims)

    async def _settle(
        self,
        translation: Translation,
        update_id: int | None,
        alert: str | None,
        claims: list[str] | None = None,
    ) -> None:
        """The update is done with: its button press answered, its events marked handled
        (`claims`, by default its own), and it leaves the inbox."""
        if claims is None:
            claims = [event.event_id for event in translation.events]
            if translation.anonymous_command is not None:
                claims.append(translation.anonymous_command.event_id)
        try:
            if translation.callback_query_id is not None:
                await self._answer(translation.callback_query_id, alert)
            await self.ctx.store.settle_update(update_id, claims)
        finally:
            self.sender.doubt.settled()
        self.updates_handled += 1

    async def _dispatch(
        self, event: InboundEvent, translation: Translation, claims: list[str]
    ) -> str | None:
        """Hand one event to the core; returns a text for the button presser alone, if any.
        Ids to mark handled once the update is answered are added to `claims`."""
        if isinstance(event, MemberJoined | MemberLeft) and not await self._first_sighting(
            event, translation, claims
        ):
            return None
        if isinstance(event, ChoiceMade):
            if event.value.startswith(CONFIRM_PREFIX):
                return await self.anonymous.confirm(event)
            if event.value.startswith(LONG_VALUE_PREFIX):
                now = self.ctx.clock.now()
                original = await self.ctx.store.pending(event.chat.id, event.value, now)
                if original is not None:
                    event = ChoiceMade(event.event_id, event.chat, event.user, original)
        actions = await self.ctx.assistant.handle(event, settle=False, admitted=True)
        await self.route(actions)
        return None

    async def _first_sighting(
        self, event: MemberJoined | MemberLeft, tr: Translation, claims: list[str]
    ) -> bool:
        """A join (or leave) is reported twice when the bot is an administrator: once as a
        service message, once as a chat_member update. Both claim the same minute and the
        one before; only the first to arrive passes. The claim names the person by this
        process's pseudonym, so no handled event keeps their id after /forget."""
        kind = "join" if isinstance(event, MemberJoined) else "leave"
        bucket = int(tr.when.timestamp()) // JOIN_BUCKET_SECONDS
        base = f"tg:{kind}:{event.chat.id}:{pseudonym(event.user.id)}"
        store = self.ctx.store
        keys = [f"{base}:{bucket}", f"{base}:{bucket - 1}"]
        if any([await store.event_claimed(key) for key in keys]):
            return False
        claims.extend(keys)  # both updates of one join are in the chat's queue: one at a time
        return True

    async def _route(self, actions: Sequence[Action]) -> None:
        await self.route(actions)

    async def _answer(self, query_id: str, text: str | None = None) -> None:
        try:
            await self.sender.bot.answer_callback_query(query_id, text=text, show_alert=bool(text))
        except TelegramError as exc:
            log.info("answerCallbackQuery failed: %s", type(exc).__name__)

    # ------------------------------------------------------------------ outbound

    async def perform(self, actions: Sequence[Action]) -> None:
        """Carry out the core's actions for Telegram, in order; what the core says about a
        reply Telegram refused goes out after them."""
        afterwards: list[Action] = []
        for action in await self._with_invites(actions):
            try:
                match action:
                    case Reply():
                        await self._reply(action)
                    case DeleteMessage():
                        await self.sender.delete(action.chat.id, action.message_id)
                    case Pin():
                        await self.sender.pin(action.chat.id, action.message_id)
                    case OpenDirectChat():
                        await self._open_direct_chat(action)
                    case AnswerJoinRequest():
                        await self._answer_request(action)
                    case _:
                        assert_never(action)
            except Undeliverable as exc:
                log.warning("not delivered: %s", exc.reason)
                if isinstance(action, Reply):
                    afterwards.extend(await self.ctx.assistant.message_undelivered(action))
            except Exception as exc:
                log.error("carrying out %s failed: %s", type(action).__name__, failure(exc))
        if afterwards:
            await self.perform(afterwards)

    async def _with_invites(self, actions: Sequence[Action]) -> list[Action]:
        """A request to open a private chat, next to a reply in that very room, becomes the
        reply's deep-link button: one message, in the topic where the person asked."""
        merged = list(actions)
        for request in [a for a in actions if isinstance(a, OpenDirectChat)]:
            for index, action in enumerate(merged):
                if (
                    isinstance(action, Reply)
                    and not action.chat.is_private
                    and action.invite is None
                    and room_payload(Platform.TELEGRAM.value, action.chat.id) == request.payload
                ):
                    texts = self.ctx.content.texts
                    label = texts.get("telegram.open_private_chat_button", request.lang)
                    invite = OnboardingInvite(label, request.payload)
                    merged[index] = replace(action, invite=invite)
                    merged.remove(request)
                    break
        return merged

    async def _reply(self, reply: Reply) -> None:
        first: str | None = None
        for outgoing in render_reply(reply, self.identity.username):
            if outgoing.long_values:
                await self._keep_long_values(str(outgoing.params["chat_id"]), outgoing.long_values)
            message = await self.sender.send(reply.chat, outgoing.params)
            first = first or str(message.message_id)
        if first is not None:
            await self.ctx.assistant.message_sent(reply, first)

    async def _answer_request(self, action: AnswerJoinRequest) -> None:
        """Approve or decline a join request, waiting out a flood wait or a network error up
        to ANSWER_ATTEMPTS times; a request answered meanwhile (by a moderator, or the person
        is in already) is refused by Telegram and left as it is."""
        bot, chat_id, user_id = self.sender.bot, int(action.chat.id), int(action.user.id)
        kind = "approval" if action.approve else "decline"
        for attempt in range(1, ANSWER_ATTEMPTS + 1):
            try:
                if action.approve:
                    await bot.approve_chat_join_request(chat_id, user_id)
                else:
                    await bot.decline_chat_join_request(chat_id, user_id)
                return
            except RetryAfter as exc:
                wait = exc.retry_after
                await asyncio.sleep(wait.total_seconds() if isinstance(wait, timedelta) else wait)
            except (BadRequest, Forbidden) as exc:
                log.info("%s in %s refused: %s", kind, where(action.chat), failure(exc))
                return
            except NetworkError:
                await asyncio.sleep(attempt)
        log.warning("%s in %s not answered after %d attempts", kind, where(action.chat), attempt)

    async def _keep_long_values(self, chat_id: str, values: dict[str, str]) -> None:
        """What the stand-ins in a keyboard mean, kept in SQLite: presses after a restart work."""
        now = self.ctx.clock.now()
        await self.ctx.store.keep_pending(chat_id, values, now + LONG_VALUE_KEPT, now)

    async def _open_direct_chat(self, action: OpenDirectChat) -> None:
        """Telegram bots cannot write first: ask in the room, with the deep-link button."""
        room = await room_for_payload(self.ctx.store, action.payload)
        if room is None or room.platform != Platform.TELEGRAM.value:
            log.info("no Telegram room for a private-chat request of %s", action.user.platform)
            return
        chat = ChatRef(Platform.TELEGRAM, room.chat_id, False, room.title, room.welcome_topic)
        lang, texts = action.lang, self.ctx.content.texts
        invite = OnboardingInvite(
            texts.get("telegram.open_private_chat_button", lang), action.payload
        )
        text = texts.get("telegram.open_private_chat", lang, name=action.user.display_name)
        log.debug("asked to open a private chat in %s", where(chat))
        await self._reply(Reply(chat, text, invite=invite, mentions=(action.user,)))
