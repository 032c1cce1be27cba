"""Carrying out the core's actions on Matrix: notices, redactions, pins, DMs, invites.

What answers an inbound event is sent with transaction ids derived from that event's id
(`answering`): handled again after a crash, its replies carry the same ids, and the
homeserver keeps the first of each instead of posting it twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import replace
from typing import Any, assert_never

from nio import (
    AsyncClient,
    JoinResponse,
    LocalProtocolError,
    MatrixRoom,
    RoomCreateResponse,
    RoomPreset,
    RoomPutStateResponse,
    RoomSendResponse,
    SendRetryError,
)

from adapters.channels.matrix.calls import Calls
from adapters.channels.matrix.render import choice_values, render_reply
from adapters.channels.matrix.translate import THREAD, Memory
from core.kernel.assistant import Assistant
from core.kernel.deeplinks import RULES_PREFIX
from core.kernel.logs import pseudonym, where
from core.kernel.messages import (
    Action,
    AnswerJoinRequest,
    ChatRef,
    CommandReceived,
    DeleteMessage,
    OpenDirectChat,
    Pin,
    Platform,
    Reply,
    UserRef,
    platform_of,
)

log = logging.getLogger("lagerfeuer.matrix")

ENCRYPTION = {"algorithm": "m.megolm.v1.aes-sha2"}


class _Answering:
    """The transaction ids of what answers one inbound event: its hash and a counter."""

    def __init__(self, event_id: str) -> None:
        self.base = hashlib.sha256(event_id.encode()).hexdigest()[:32]
        self.sent = 0

    def next_txn(self) -> str:
        self.sent += 1
        return f"lf.{self.base}.{self.sent}"


_ANSWERING: ContextVar[_Answering | None] = ContextVar("answering", default=None)


@contextlib.contextmanager
def answering(event_id: str) -> Iterator[None]:
    """Within the block, sends and redactions answer `event_id`: their transaction ids are
    the same each time the event is handled."""
    token = _ANSWERING.set(_Answering(event_id))
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def transaction_id() -> str:
    """The next transaction id: derived from the event being answered, else random."""
    scope = _ANSWERING.get()
    return scope.next_txn() if scope is not None else uuid.uuid4().hex


class Outbound:
    """Sends for the adapter; remembers which rooms are DMs."""

    def __init__(self, assistant: Assistant, client: AsyncClient, calls: Calls, memory: Memory):
        self.assistant = assistant
        self.client = client
        self.calls = calls
        self.memory = memory
        self.direct_rooms: dict[str, Any] = {}
        self.pending_dms: dict[str, tuple[UserRef, str]] = {}
        self.on_dm_requested: Callable[[], None] = lambda: None

    @property
    def bot(self) -> UserRef:
        return UserRef(Platform.MATRIX, self.client.user_id, is_bot=True)

    # ------------------------------------------------------------------ DMs

    async def load_direct_rooms(self) -> None:
        """Read the bot's `m.direct` account data."""
        self.direct_rooms = await self.calls.get_account_data("m.direct")

    def _direct_ids(self) -> set[str]:
        return {
            room_id
            for rooms in self.direct_rooms.values()
            if isinstance(rooms, list)
            for room_id in rooms
            if isinstance(room_id, str)
        }

    def is_private(self, room: MatrixRoom) -> bool:
        """A DM: listed in `m.direct`, or two members in a room without name or alias."""
        if room.room_id in self._direct_ids():
            return True
        return len(room.users) <= 2 and not room.name and not room.canonical_alias

    async def mark_direct(self, user_id: str, room_id: str) -> None:
        """Record the room as a DM with `user_id` in the bot's `m.direct`."""
        current = await self.calls.get_account_data("m.direct")
        rooms = current.get(user_id)
        rooms = list(rooms) if isinstance(rooms, list) else []
        if room_id not in rooms:
            rooms.append(room_id)
        current[user_id] = rooms
        if await self.calls.put_account_data("m.direct", current):
            self.direct_rooms = current

    def _existing_dm(self, user_id: str) -> str | None:
        rooms = self.direct_rooms.get(user_id)
        for room_id in rooms if isinstance(rooms, list) else []:
            room = self.client.rooms.get(room_id)
            if room is not None and user_id in room.users:
                return str(room_id)
        return None

    def _dm_with(self, user_id: str) -> str | None:
        """The DM with `user_id`: listed in `m.direct`, else a private room of the two."""
        listed = self._existing_dm(user_id)
        if listed is not None:
            return listed
        for room_id, room in self.client.rooms.items():
            if user_id in room.users and self.is_private(room):
                return str(room_id)
        return None

    async def open_dm(self, action: OpenDirectChat) -> None:
        """Continue in the DM with this person, opening one (encrypted, `is_direct`) if needed."""
        user = action.user
        existing = self._existing_dm(user.id)
        if existing is not None:
            chat = self.assistant_chat(existing)
            start = CommandReceived(
                f"mx:dm:{uuid.uuid4().hex}", chat, user, "start", action.payload
            )
            await self.perform(await self.assistant.handle(start))
            return
        answer = await self.calls.patient(
            lambda: self.client.room_create(
                is_direct=True,
                invite=[user.id],
                preset=RoomPreset.trusted_private_chat,
                initial_state=[
                    {"type": "m.room.encryption", "state_key": "", "content": ENCRYPTION}
                ],
            ),
            "create DM",
        )
        if not isinstance(answer, RoomCreateResponse):
            log.warning("matrix: could not open a DM (%s)", getattr(answer, "status_code", "?"))
            return
        self.pending_dms[answer.room_id] = (user, action.payload)
        await self.mark_direct(user.id, answer.room_id)
        self.on_dm_requested()

    def assistant_chat(self, room_id: str) -> ChatRef:
        """The core's view of one of the bot's DMs."""
        room = self.client.rooms.get(room_id)
        title = room.display_name if room is not None else ""
        return ChatRef(Platform.MATRIX, room_id, is_private=True, title=title)

    # ------------------------------------------------------------------ invites

    async def answer_invite(self, room_id: str, inviter: str, direct: bool, allowed: bool) -> None:
        """Join (remembering who invited, and a DM in `m.direct`) or decline."""
        if not allowed:
            await self.calls.patient(lambda: self.client.room_leave(room_id), "decline invite")
            log.info("matrix: declined an invite from outside LAGERFEUER_MATRIX_AUTOJOIN")
            return
        self.memory.inviters[room_id] = inviter
        if direct:
            await self.mark_direct(inviter, room_id)
        answer = await self.calls.patient(lambda: self.client.join(room_id), "join")
        if not isinstance(answer, JoinResponse):
            log.warning(
                "matrix: joining room %s failed (%s)",
                pseudonym(room_id),
                getattr(answer, "status_code", "?"),
            )
            self.memory.inviters.pop(room_id, None)
            await self.calls.patient(lambda: self.client.room_leave(room_id), "decline invite")

    # ------------------------------------------------------------------ actions

    async def perform(self, actions: Sequence[Action]) -> None:
        """Each action in order; one that fails is logged and the rest still go out. What the
        core says about a reply that could not be delivered goes out after them."""
        afterwards: list[Action] = []
        for action in actions:
            if platform_of(action) is not Platform.MATRIX:
                continue
            match action:
                case Reply():
                    if await self.send_reply(action) is None:
                        afterwards.extend(await self.assistant.message_undelivered(action))
                case DeleteMessage():
                    await self.redact(action.chat.id, action.message_id)
                case Pin():
                    await self.pin(action.chat.id, action.message_id)
                case OpenDirectChat():
                    await self.open_dm(action)
                case AnswerJoinRequest():
                    await self.answer_knock(action)
                case _:
                    assert_never(action)
        if afterwards:
            await self.perform(afterwards)

    async def answer_knock(self, action: AnswerJoinRequest) -> None:
        """Let a knocking person in (an invite) or turn the knock down (a kick, with the
        reason); the homeserver refuses either when the knock was answered meanwhile."""
        room_id, user_id, reason = action.chat.id, action.user.id, action.reason or None
        answer = await self.calls.patient(
            (lambda: self.client.room_invite(room_id, user_id))
            if action.approve
            else (lambda: self.client.room_kick(room_id, user_id, reason)),
            "answer a knock",
        )
        status = getattr(answer, "status_code", None)
        if status is not None:
            log.info("matrix: answering a knock in %s refused (%s)", where(action.chat), status)

    async def invite_line(self, reply: Reply) -> str | None:
        """The localized way from a room into a DM with the bot."""
        invite = reply.invite
        if invite is None:
            return None
        lang = await self.assistant.language_for(reply.chat, self.bot)
        texts = self.assistant.deps.content.texts
        key = "matrix.invite_rules" if invite.payload.startswith(RULES_PREFIX) else "matrix.invite"
        line = texts.get(key, lang, label=invite.label, bot=self.client.user_id)
        return f"{invite.hint} {line}" if invite.hint else line

    async def send_reply(self, reply: Reply) -> str | None:
        """Post a reply as `m.notice`; report tagged ones back to the core. A private chat
        named by a person's id (`@…`, no room id) is the bot's DM with them; without one,
        nothing is sent."""
        if reply.chat.is_private and reply.chat.id.startswith("@"):
            room_id = self._dm_with(reply.chat.id)
            if room_id is None:
                log.info("matrix: no DM with that person to write to")
                return None
            reply = replace(reply, chat=self.assistant_chat(room_id))
        commands = self.assistant.deps.content.commands
        content = render_reply(reply, commands, await self.invite_line(reply))
        root = reply.chat.thread_id
        if root:
            # in the thread, with the reply fallback for clients without threads (spec 11.10.2)
            latest = self.memory.threads.get(root, root)
            content["m.relates_to"] = {
                "rel_type": THREAD,
                "event_id": root,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": latest},
            }
        event_id = await self.send(reply.chat.id, content)
        if event_id is None:
            return None
        labels = tuple(choice.label for choice in reply.choices)
        self.memory.remember_sent(event_id, choice_values(reply), reply.chat.id, labels)
        await self.assistant.message_sent(reply, event_id)
        return event_id

    async def send(
        self, room_id: str, content: dict[str, Any], txn_id: str | None = None
    ) -> str | None:
        """Send a message (encrypted where the room is); the same txn id on every retry."""
        txn = txn_id or transaction_id()
        try:
            answer = await self.calls.patient(
                lambda: self.client.room_send(
                    room_id, "m.room.message", content, tx_id=txn, ignore_unverified_devices=True
                ),
                "send",
            )
        except (LocalProtocolError, SendRetryError) as exc:
            log.warning("matrix: cannot send to %s (%s)", pseudonym(room_id), type(exc).__name__)
            return None
        if isinstance(answer, RoomSendResponse):
            return str(answer.event_id)
        log.warning(
            "matrix: send to %s refused (%s)",
            pseudonym(room_id),
            getattr(answer, "status_code", "?"),
        )
        return None

    async def redact(self, room_id: str, event_id: str) -> None:
        """Remove one of the bot's messages."""
        txn = transaction_id()
        await self.calls.patient(
            lambda: self.client.room_redact(room_id, event_id, tx_id=txn), "redact"
        )

    async def pin(self, room_id: str, event_id: str) -> bool:
        """Add the event to the room's `m.room.pinned_events`."""
        current = await self.calls.state_event(room_id, "m.room.pinned_events")
        pinned = list((current or {}).get("content", {}).get("pinned") or [])
        if event_id in pinned:
            return True
        pinned.append(event_id)
        answer = await self.calls.patient(
            lambda: self.client.room_put_state(room_id, "m.room.pinned_events", {"pinned": pinned}),
            "pin",
        )
        if isinstance(answer, RoomPutStateResponse):
            return True
        log.warning(
            "matrix: pinning in %s refused (%s)",
            pseudonym(room_id),
            getattr(answer, "status_code", "?"),
        )
        return False
