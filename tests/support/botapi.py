"""A Bot API server for tests that behaves like Telegram's, on 127.0.0.1.

Routes `/bot<token>/<method>` with form-encoded or JSON bodies (PTB sends every form value as
a string, objects as JSON strings). Keeps chats, members, administrators and every message
the bot sent; builds realistic updates for tests to push; answers errors the way the real API
does (429 with retry_after, 400 with migrate_to_chat_id, 403 blocked); and can enforce the
flood limits (30/s overall, 20/min per group, 1/s per private chat), recording the time of
every send so tests and benchmarks can check the bot's pacing.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.support.tghtml import ParseError, parse_html, units

JSONDict = dict[str, Any]
JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "link_preview_options",
    "scope",
    "entities",
    "reply_parameters",
}
DEFAULT_UPDATES = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_join_request",
)
"""What getUpdates delivers without allowed_updates (chat_member only when asked for)."""
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
URL_BUTTON = re.compile(r"^(https?|tg)://\S+$")
MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}")
REQUEST_WINDOW = 300.0
"""Seconds after a join request in which the bot may write to the applicant first."""
INVITE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


class ApiError(Exception):
    """An error answer: {"ok": false, "error_code", "description", "parameters"}."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Injected:
    """An error to answer instead of success, `times` times, for one method (and chat)."""

    method: str
    error: ApiError
    chat_id: int | None = None
    times: int = 1


@dataclass
class Sent:
    """A message the bot sent, as the recipient sees it."""

    chat_id: int
    message_id: int
    text: str
    html: str
    at: float
    thread_id: int | None = None
    keyboard: list[list[JSONDict]] = field(default_factory=list)
    deleted: bool = False
    pinned: bool = False
    raw: JSONDict = field(default_factory=dict)

    def buttons(self) -> list[JSONDict]:
        """Every inline button, row by row."""
        return [button for row in self.keyboard for button in row]


@dataclass
class FloodLimits:
    """Telegram's limits; `grace` forgives timing jitter of the local network; `jitter` makes
    some: each message takes a random 0 to `jitter` seconds more to arrive, as over the
    internet, before the limits judge it."""

    overall: tuple[int, float] = (30, 1.0)
    group: tuple[int, float] = (20, 60.0)
    private: tuple[int, float] = (1, 1.0)
    grace: float = 0.05
    jitter: float = 0.0


class Params:
    """A request's parameters, typed on access (form values arrive as strings)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        if name in JSON_FIELDS and isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
        return value

    def number(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def need_int(self, name: str) -> int:
        value = self.number(name)
        if value is None:
            raise ApiError(400, f"Bad Request: {name} is empty")
        return value

    def text(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return default if value is None else str(value)

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value in (True, "true", "True", "1", 1)


class BotApiServer:
    """The fake Telegram. Start with `await server.start()`; `base_url` goes to PTB."""

    def __init__(
        self, token: str = "123456:TEST-token_abc", username: str = "lagerfeuer_test_bot"
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Lagerfeuer",
            "username": username,
        }
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, JSONDict] = {}
        self.topics: dict[int, set[int]] = {}
        self.admins: dict[int, list[int]] = {}
        self.owner: dict[int, int] = {}
        self.bot_admin_in: set[int] = set()
        self.bot_may_invite: dict[int, bool] = {}
        """Per group where the bot is an administrator: whether it has `can_invite_users`."""
        self.invite_links: list[JSONDict] = []
        """Every invite link created (createChatInviteLink), with `chat_id` added."""
        self.blocked: set[int] = set()
        self.kicked: set[int] = set()
        self.migrated: dict[int, int] = {}
        self.members: dict[int, set[int]] = {}
        """Who is in each group (by the joins and member updates this server produced)."""
        self.join_requests: dict[int, dict[int, JSONDict]] = {}
        """Requests to join waiting for an answer, by group and applicant."""
        self.unstarted: set[int] = set()
        """People who never wrote to the bot: it may not write to them first."""
        self.request_windows: dict[int, float] = {}
        """Until when (monotonic) the bot may write to an applicant who never wrote to it,
        while their request waits."""
        self.answered_requests: list[tuple[str, int, int]] = []
        """("approved" or "declined", group id, user id) of every request answered."""
        self.updates: list[JSONDict] = []
        self.confirmed = 0
        self.offsets: list[int] = []
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, JSONDict]] = []
        self.commands: dict[str, list[JSONDict]] = {}
        self.callback_answers: list[JSONDict] = []
        self.webhook: JSONDict = {}
        self.webhook_target: str | None = None
        """Where the HTTPS proxy in front of the bot forwards the webhook's address to (a
        test's `http://127.0.0.1:port/path`); while it is set and a webhook is, the server posts
        each update there in order, as Telegram does, and again until it is answered 2xx."""
        self.webhook_posts: list[tuple[int, int]] = []
        """(update id, HTTP status or 0 when nobody answered) of every webhook post."""
        self._pushing: asyncio.Task[None] | None = None
        self.injected: list[Injected] = []
        self.flood: FloodLimits | None = None
        self.privacy_mode = True
        """Groups where the bot is no administrator only deliver what addresses it."""
        self.allowed_updates: set[str] = set(DEFAULT_UPDATES)
        self.rejected_floods = 0
        self.errors: list[tuple[str, int, float]] = []
        """(method, error code, time) of every error answered."""
        self.garbled: dict[str, Any] = {}
        """Per method, a body answered instead of the method's own (a reply that does not
        follow the Bot API's schema)."""
        self.on_call: Callable[[str, Params], None] | None = None
        """Called with each request's method before it is answered (a test may kill the bot
        there: a crash at a known point)."""
        self._queries: set[str] = set()
        self._random = random.Random(20261126)
        self._next_update = itertools.count(1000)
        self._next_message: dict[int, itertools.count[int]] = {}
        self._next_query = itertools.count(1)
        self._date = int(time.time())
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._route)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()  # long polls answer now
        if self._pushing is not None:
            self._pushing.cancel()
            await asyncio.gather(self._pushing, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The base url in python-telegram-bot's form (token appended after it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ------------------------------------------------------------------ world building

    def user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "de",
        is_bot: bool = False,
        started: bool = True,
    ) -> JSONDict:
        """A person (their private chat with the bot has the same id). `started=False`: they
        never wrote to the bot, which may then write to them only within five minutes of
        their request to join a group (and once they write to it)."""
        user: JSONDict = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        self.chats[user_id] = chat
        if not started:
            self.unstarted.add(user_id)
        return user

    def group(
        self,
        chat_id: int,
        title: str,
        *,
        owner: JSONDict | None = None,
        admins: list[JSONDict] = (),  # type: ignore[assignment]
        forum: bool = False,
        bot_admin: bool = True,
        bot_may_invite: bool = True,
        username: str | None = None,
    ) -> JSONDict:
        """A supergroup (ids below -100...); `forum` enables topics; `username` makes it public
        (t.me/username); `bot_may_invite` is the bot's `can_invite_users` as an administrator."""
        chat: JSONDict = {"id": chat_id, "type": "supergroup", "title": title}
        if username:
            chat["username"] = username
        self.bot_may_invite[chat_id] = bot_may_invite
        if forum:
            chat["is_forum"] = True
            self.topics[chat_id] = set()
        self.chats[chat_id] = chat
        self.admins[chat_id] = [a["id"] for a in admins]
        if owner is not None:
            self.owner[chat_id] = owner["id"]
        if bot_admin:
            self.bot_admin_in.add(chat_id)
        return chat

    def topic(self, chat: JSONDict, thread_id: int) -> int:
        """A forum topic in `chat`."""
        self.topics.setdefault(chat["id"], set()).add(thread_id)
        return thread_id

    # ------------------------------------------------------------------ updates

    def _now(self) -> int:
        self._date = max(self._date, int(time.time()))
        return self._date

    async def push(self, payload: JSONDict, update_id: int | None = None) -> JSONDict:
        """Queue an update (`update_id` reused: a redelivery after a crash)."""
        update = {"update_id": update_id or next(self._next_update), **payload}
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        return update

    def _message_base(self, chat: JSONDict, sender: JSONDict | None) -> JSONDict:
        message: JSONDict = {
            "message_id": next(self._counter(chat["id"])),
            "date": self._now(),
            "chat": chat,
        }
        if sender is not None:
            message["from"] = sender
        return message

    async def message(
        self,
        chat: JSONDict,
        sender: JSONDict,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: Sent | None = None,
        anonymous: bool = False,
    ) -> JSONDict:
        """A text message, with the entities Telegram would attach (commands, mentions)."""
        if chat["type"] == "private":
            self.unstarted.discard(chat["id"])  # writing to the bot opens the chat for good
        message = self._message_base(chat, sender)
        if anonymous:
            message["from"] = {
                "id": 1087968824,
                "is_bot": True,
                "first_name": "Group",
                "username": "GroupAnonymousBot",
            }
            message["sender_chat"] = chat
        message["text"] = text
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to.raw
        return await self.push({"message": message})

    async def join(self, chat: JSONDict, *people: JSONDict) -> JSONDict:
        """The `new_chat_members` service message of people joining."""
        message = self._message_base(chat, people[0])
        message["new_chat_members"] = list(people)
        message["new_chat_member"] = people[0]
        message["new_chat_participant"] = people[0]
        self.members.setdefault(chat["id"], set()).update(p["id"] for p in people)
        return await self.push({"message": message})

    async def join_request(
        self, chat: JSONDict, person: JSONDict, window: float = REQUEST_WINDOW
    ) -> JSONDict:
        """A `chat_join_request`: `person` asks to join `chat`, which requires approval (sent
        to administrator bots that may invite users). The bot may write to them for `window`
        seconds (Telegram: five minutes; less stands for a bot that was down meanwhile)."""
        self.request_windows[person["id"]] = time.monotonic() + window
        request = {
            "chat": chat,
            "from": person,
            "user_chat_id": person["id"],
            "date": self._now(),
        }
        self.join_requests.setdefault(chat["id"], {})[person["id"]] = request
        return await self.push({"chat_join_request": request})

    async def member_update(
        self, chat: JSONDict, person: JSONDict, old: str, new: str, by: JSONDict | None = None
    ) -> JSONDict:
        """A `chat_member` update (sent to administrator bots that asked for it)."""
        inside = self.members.setdefault(chat["id"], set())
        if new in ("member", "administrator", "creator", "restricted"):
            inside.add(person["id"])
        else:
            inside.discard(person["id"])
        return await self.push({"chat_member": self._member_change(chat, person, old, new, by)})

    async def bot_status(self, chat: JSONDict, by: JSONDict, old: str, new: str) -> JSONDict:
        """A `my_chat_member` update: the bot was added, promoted, removed or blocked."""
        return await self.push(
            {"my_chat_member": self._member_change(chat, self.bot, old, new, by)}
        )

    def _member_change(
        self, chat: JSONDict, person: JSONDict, old: str, new: str, by: JSONDict | None
    ) -> JSONDict:
        return {
            "chat": chat,
            "from": by or person,
            "date": self._now(),
            "old_chat_member": self._member(chat["id"], person, old),
            "new_chat_member": self._member(chat["id"], person, new),
        }

    def bot_message(self, chat: JSONDict, text: str, keyboard: list[list[JSONDict]]) -> Sent:
        """A message as if the bot had sent it (for pressing its buttons in unit tests)."""
        message = self._message_base(chat, self.bot)
        message.update(text=text, reply_markup={"inline_keyboard": keyboard})
        sent = Sent(
            chat["id"],
            message["message_id"],
            text,
            text,
            time.monotonic(),
            keyboard=keyboard,
            raw=message,
        )
        self.sent.append(sent)
        return sent

    async def press(self, sent: Sent, person: JSONDict, data: str) -> JSONDict:
        """A callback query: `person` pressed the button carrying `data` under `sent`."""
        query_id = str(next(self._next_query) * 7919 + 10**12)
        self._queries.add(query_id)
        query = {
            "id": query_id,
            "from": person,
            "message": sent.raw,
            "chat_instance": str(-(abs(sent.chat_id) * 31 + 17)),
            "data": data,
        }
        return await self.push({"callback_query": query})

    # ------------------------------------------------------------------ inspection

    def messages_to(self, chat_id: int, thread_id: int | None = None) -> list[Sent]:
        """Messages the bot sent to a chat (and topic), oldest first."""
        return [
            s
            for s in self.sent
            if s.chat_id == chat_id and (thread_id is None or s.thread_id == thread_id)
        ]

    async def wait_for(self, check: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `check()` holds (state changes wake the waiter); fails after `within` s."""
        async with asyncio.timeout(within):
            async with self._changed:
                await self._changed.wait_for(check)

    async def wait_sent(self, chat_id: int, count: int = 1, within: float = 10.0) -> list[Sent]:
        """Wait until at least `count` messages went to `chat_id`; returns them."""
        await self.wait_for(lambda: len(self.messages_to(chat_id)) >= count, within)
        return self.messages_to(chat_id)

    async def wait_confirmed(self, update: JSONDict, within: float = 10.0) -> None:
        """Wait until the bot confirmed `update` (asked for a later offset)."""
        await self.wait_for(lambda: self.confirmed > update["update_id"], within)

    def fail(
        self,
        method: str,
        code: int,
        description: str,
        parameters: JSONDict | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`) with this error."""
        error = ApiError(code, description, parameters)
        self.injected.append(Injected(method.lower(), error, chat_id, times))

    # ------------------------------------------------------------------ HTTP

    async def _route(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        method = request.match_info["method"].lower()
        params = Params(await _read(request))
        self.calls.append((method, dict(params.values)))
        if self.on_call is not None:
            self.on_call(method, params)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(ApiError(404, "Not Found"))
        if method in self.garbled:
            return web.json_response(self.garbled[method])
        try:
            self._injected(method, params)
            result = await handler(params)
        except ApiError as exc:
            self.errors.append((method, exc.code, time.monotonic()))
            return _error(exc)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _injected(self, method: str, params: Params) -> None:
        chat_id = params.number("chat_id")
        for item in self.injected:
            if item.method == method and item.chat_id in (None, chat_id) and item.times > 0:
                item.times -= 1
                raise item.error

    # ------------------------------------------------------------------ methods

    async def _m_getme(self, params: Params) -> JSONDict:
        return {
            **self.bot,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_setmycommands(self, params: Params) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not COMMAND_NAME.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = (params.get("scope") or {}).get("type", "default")
        self.commands[f"{scope}:{params.text('language_code')}"] = list(commands)
        return True

    async def _m_deletewebhook(self, params: Params) -> bool:
        self.webhook = {}
        if params.flag("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_setwebhook(self, params: Params) -> bool:
        url = params.text("url")
        if not url.startswith("https://"):
            reason = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            raise ApiError(400, reason)
        self.webhook = {"url": url, "secret_token": params.text("secret_token")}
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self.allowed_updates = set(allowed) or set(DEFAULT_UPDATES)
        if params.flag("drop_pending_updates"):
            self.updates.clear()
        if self.webhook_target is not None and self._pushing is None:
            self._pushing = asyncio.create_task(self._push_to_webhook())
        return True

    async def _push_to_webhook(self) -> None:
        """Telegram's side of webhook mode: the oldest waiting update is posted until the bot
        answers 2xx (then it is gone for good), with a pause after each failed attempt."""

        def ready() -> bool:
            self.updates = [u for u in self.updates if self._deliverable(u)]
            return bool(self.updates and self.webhook) or self._closing

        async with aiohttp.ClientSession() as http:
            while not self._closing:
                async with self._changed:
                    await self._changed.wait_for(ready)
                if self._closing:
                    return
                update = self.updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook["secret_token"]}
                assert self.webhook_target is not None
                try:
                    async with http.post(
                        self.webhook_target,
                        json=update,
                        headers=headers,
                        timeout=aiohttp.ClientTimeout(total=10),
                    ) as answer:
                        status = answer.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                self.webhook_posts.append((update["update_id"], status))
                if 200 <= status < 300:
                    self.updates = [u for u in self.updates if u is not update]
                    self.confirmed = max(self.confirmed, update["update_id"] + 1)
                    async with self._changed:
                        self._changed.notify_all()
                    if self.on_call is not None:
                        self.on_call("webhook", Params({"update_id": update["update_id"]}))
                else:
                    await asyncio.sleep(0.2)

    async def _m_getwebhookinfo(self, params: Params) -> JSONDict:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _m_getupdates(self, params: Params) -> list[JSONDict]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = params.number("offset", 0) or 0
        limit = max(1, min(100, params.number("limit", 100) or 100))
        timeout = max(0, params.number("timeout", 0) or 0)
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self.allowed_updates = set(allowed) or set(DEFAULT_UPDATES)
        self.offsets.append(offset)
        if offset > 0:
            self.confirmed = max(self.confirmed, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

        def ready() -> bool:
            self.updates = [u for u in self.updates if self._deliverable(u)]
            return bool(self.updates) or self._closing

        async with self._changed:
            self._changed.notify_all()
            if not ready() and timeout:
                try:
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(ready)
                except TimeoutError:
                    pass
        return self.updates[:limit]

    def _deliverable(self, update: JSONDict) -> bool:
        """Whether Telegram would send this update to this bot at all (it drops the rest)."""
        kind = next(key for key in update if key != "update_id")
        if kind not in self.allowed_updates:
            return False
        if kind in ("chat_member", "chat_join_request"):
            return int(update[kind]["chat"]["id"]) in self.bot_admin_in
        if kind != "message" or not self.privacy_mode:
            return True
        message = update["message"]
        chat = message["chat"]
        text = message.get("text")
        if chat["type"] == "private" or chat["id"] in self.bot_admin_in or text is None:
            return True  # private chats, administrator bots and service messages: everything
        replied = message.get("reply_to_message", {}).get("from", {}).get("id") == self.bot_id
        mentioned = f"@{self.bot['username']}".lower() in text.lower()
        return text.startswith("/") or replied or mentioned

    async def _m_sendmessage(self, params: Params) -> JSONDict:
        chat_id = params.need_int("chat_id")
        chat = self._writable(chat_id)
        thread = params.number("message_thread_id")
        if thread is not None and thread not in self.topics.get(chat_id, set()):
            raise ApiError(400, "Bad Request: message thread not found")
        html = params.text("text")
        text, entities = self._parse(html, params.text("parse_mode"))
        keyboard = self._keyboard(params.get("reply_markup"))
        if self.flood is not None and self.flood.jitter > 0:
            await asyncio.sleep(self._random.uniform(0.0, self.flood.jitter))
        self._check_flood(chat)
        message = self._message_base(chat, self.bot)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
        if keyboard:
            message["reply_markup"] = {"inline_keyboard": keyboard}
        sent = Sent(
            chat_id,
            message["message_id"],
            text,
            html,
            time.monotonic(),
            thread,
            keyboard,
            raw=message,
        )
        self.sent.append(sent)
        return message

    async def _m_editmessagetext(self, params: Params) -> JSONDict:
        sent = self._find(params, "Bad Request: message to edit not found")
        sent.html = params.text("text")
        sent.text, entities = self._parse(sent.html, params.text("parse_mode"))
        sent.keyboard = self._keyboard(params.get("reply_markup"))
        sent.raw = {**sent.raw, "text": sent.text, "entities": entities, "edit_date": self._now()}
        return sent.raw

    async def _m_deletemessage(self, params: Params) -> bool:
        sent = self._find(params, "Bad Request: message to delete not found")
        sent.deleted = True
        return True

    async def _m_pinchatmessage(self, params: Params) -> bool:
        if params.need_int("chat_id") not in self.bot_admin_in:
            raise ApiError(
                400, "Bad Request: not enough rights to manage pinned messages in the chat"
            )
        sent = self._find(params, "Bad Request: message to pin not found")
        sent.pinned = True
        return True

    async def _m_answercallbackquery(self, params: Params) -> bool:
        query_id = params.text("callback_query_id")
        if query_id not in self._queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._queries.discard(query_id)
        self.callback_answers.append(dict(params.values))
        return True

    async def _m_getchatadministrators(self, params: Params) -> list[JSONDict]:
        chat_id = params.need_int("chat_id")
        self._known(chat_id)
        members = []
        if chat_id in self.owner:
            members.append(self._member(chat_id, self.users[self.owner[chat_id]], "creator"))
        for admin in self.admins.get(chat_id, []):
            members.append(self._member(chat_id, self.users[admin], "administrator"))
        if chat_id in self.bot_admin_in:
            bot = self._member(chat_id, self.bot, "administrator")
            bot["can_invite_users"] = self.bot_may_invite.get(chat_id, True)
            members.append(bot)
        return members

    async def _m_getchatmember(self, params: Params) -> JSONDict:
        chat_id, user_id = params.need_int("chat_id"), params.need_int("user_id")
        self._known(chat_id)
        if user_id == self.bot_id:
            admin = chat_id in self.bot_admin_in
            member = self._member(chat_id, self.bot, "administrator" if admin else "member")
            if admin:
                member["can_invite_users"] = self.bot_may_invite.get(chat_id, True)
            return member
        if user_id not in self.users:
            raise ApiError(400, "Bad Request: user not found")
        status = (
            "creator"
            if self.owner.get(chat_id) == user_id
            else "administrator"
            if user_id in self.admins.get(chat_id, [])
            else "member"
        )
        return self._member(chat_id, self.users[user_id], status)

    async def _m_getchat(self, params: Params) -> JSONDict:
        chat = self._known(params.need_int("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _m_approvechatjoinrequest(self, params: Params) -> bool:
        chat, user = self._join_request(params)
        if user["id"] in self.members.get(chat["id"], set()):
            raise ApiError(400, "Bad Request: USER_ALREADY_PARTICIPANT")
        self._take_request(chat, user, "approved")
        # Telegram reports the new member as a service message and to administrator bots
        # as a chat_member update
        await self.join(chat, user)
        await self.member_update(chat, user, "left", "member", by=self.bot)
        return True

    async def _m_declinechatjoinrequest(self, params: Params) -> bool:
        chat, user = self._join_request(params)
        self._take_request(chat, user, "declined")
        return True

    def _join_request(self, params: Params) -> tuple[JSONDict, JSONDict]:
        """The group and applicant of a request to answer, checked as Telegram checks."""
        chat_id, user_id = params.need_int("chat_id"), params.need_int("user_id")
        chat = self._writable(chat_id)
        if chat["type"] == "private":
            raise ApiError(
                400, "Bad Request: method is available only for supergroups and channels"
            )
        if chat_id not in self.bot_admin_in:
            raise ApiError(400, "Bad Request: CHAT_ADMIN_REQUIRED")
        user = self.users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: USER_ID_INVALID")
        return chat, user

    def _take_request(self, chat: JSONDict, user: JSONDict, outcome: str) -> None:
        waiting = self.join_requests.get(chat["id"], {})
        if user["id"] not in waiting:
            raise ApiError(400, "Bad Request: HIDE_REQUESTER_MISSING")
        del waiting[user["id"]]
        self.answered_requests.append((outcome, chat["id"], user["id"]))

    async def _m_createchatinvitelink(self, params: Params) -> JSONDict:
        chat_id = params.need_int("chat_id")
        chat = self._writable(chat_id)
        if chat["type"] == "private":
            raise ApiError(400, "Bad Request: method is available only for supergroups and channel")
        if chat_id not in self.bot_admin_in or not self.bot_may_invite.get(chat_id, True):
            raise ApiError(400, "Bad Request: not enough rights to manage chat invite links")
        name = params.text("name")
        if len(name) > 32:
            raise ApiError(400, "Bad Request: invite link name is too long")
        code = "".join(self._random.choice(INVITE_CHARS) for _ in range(16))
        link: JSONDict = {
            "invite_link": f"https://t.me/+{code}",
            "creator": self.bot,
            "creates_join_request": params.flag("creates_join_request"),
            "is_primary": False,
            "is_revoked": False,
        }
        if name:
            link["name"] = name
        self.invite_links.append({**link, "chat_id": chat_id})
        return link

    async def _m_revokechatinvitelink(self, params: Params) -> JSONDict:
        chat_id = params.need_int("chat_id")
        self._writable(chat_id)
        if chat_id not in self.bot_admin_in or not self.bot_may_invite.get(chat_id, True):
            raise ApiError(400, "Bad Request: not enough rights to manage chat invite links")
        wanted = params.text("invite_link")
        for link in self.invite_links:
            if link["chat_id"] == chat_id and link["invite_link"] == wanted:
                link["is_revoked"] = True
                return {k: v for k, v in link.items() if k != "chat_id"}
        raise ApiError(400, "Bad Request: invite link not found")

    async def _m_close(self, params: Params) -> bool:
        return True

    # ------------------------------------------------------------------ rules

    def _known(self, chat_id: int) -> JSONDict:
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _writable(self, chat_id: int) -> JSONDict:
        chat = self._known(chat_id)
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.unstarted and not self.may_write_first(chat_id):
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if chat_id in self.kicked:
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        return chat

    def may_write_first(self, user_id: int) -> bool:
        """Telegram lets the bot write to an applicant who never wrote to it for five
        minutes after their request, and only while the request waits."""
        waiting = any(user_id in requests for requests in self.join_requests.values())
        return waiting and self.request_windows.get(user_id, 0.0) >= time.monotonic()

    def _find(self, params: Params, missing: str) -> Sent:
        chat_id, message_id = params.need_int("chat_id"), params.need_int("message_id")
        self._known(chat_id)
        for sent in self.sent:
            if sent.chat_id == chat_id and sent.message_id == message_id and not sent.deleted:
                return sent
        raise ApiError(400, missing)

    def _parse(self, source: str, mode: str) -> tuple[str, list[JSONDict]]:
        if mode.upper() == "HTML":
            try:
                text, entities = parse_html(source)
            except ParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif mode:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        else:
            text, entities = source, []
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if units(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text, entities

    def _keyboard(self, markup: Any) -> list[list[JSONDict]]:
        if not markup:
            return []
        rows = markup.get("inline_keyboard")
        if not isinstance(rows, list):
            raise ApiError(400, "Bad Request: can't parse inline keyboard button")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
                data, url = button.get("callback_data"), button.get("url")
                if (data is None) == (url is None):
                    raise ApiError(400, 'Bad Request: can\'t find field "callback_data"')
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if url is not None and not URL_BUTTON.match(str(url)):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return rows

    def _check_flood(self, chat: JSONDict) -> None:
        limits = self.flood
        if limits is None:
            return
        now = time.monotonic()
        scoped = limits.private if chat["type"] == "private" else limits.group
        checks = [
            (limits.overall, [s.at for s in self.sent]),
            (scoped, [s.at for s in self.sent if s.chat_id == chat["id"]]),
        ]
        for (count, seconds), times in checks:
            recent = [t for t in times[-count:] if t > now - seconds + limits.grace]
            if len(recent) >= count:
                self.rejected_floods += 1
                wait = max(1, math.ceil(recent[-count] + seconds - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _member(self, chat_id: int, person: JSONDict, status: str) -> JSONDict:
        member: JSONDict = {"user": person, "status": status}
        if status == "creator":
            member["is_anonymous"] = False
        if status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
                can_pin_messages=True,
            )
        if status == "kicked":
            member["until_date"] = 0
        return member

    def _counter(self, chat_id: int) -> itertools.count[int]:
        return self._next_message.setdefault(chat_id, itertools.count(1))


def _entities(text: str) -> list[JSONDict]:
    entities: list[JSONDict] = []
    if text.startswith("/"):
        head = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": units(head)})
    for match in MENTION.finditer(text):
        offset = units(text[: match.start()])
        entities.append({"type": "mention", "offset": offset, "length": units(match.group())})
    return entities


async def _read(request: web.Request) -> Mapping[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return body if isinstance(body, dict) else {}
    if request.method == "GET":
        return dict(request.query)
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _error(error: ApiError) -> web.Response:
    body: JSONDict = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.code)
