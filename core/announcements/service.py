"""Announcements (docs/capabilities.md, C5): a moderator's preview and confirmation,
cancelling, subscribing.

Who may do what (README, "Who may do what"): a room moderator announces to their own room and
lists and cancels only what they wrote; community moderators announce to all rooms of the
community, a tag and subscribers, and list and cancel any announcement. Every step checks again.

Confirming writes the announcement and every target to the outbox in one transaction; a
scheduled one to all rooms or a tag gets its targets when its time comes, in the transaction
that starts it. Subscribers (there may be hundreds of thousands) are counted in one query and
written as targets a chunk at a time, as the delivery worker needs them. The delivery worker
beside the adapters sends, and `core.announcements.report` reports back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from html import escape

from core.announcements import report
from core.announcements.markup import format_text
from core.announcements.outbox import (
    Announcement,
    AnnouncementState,
    Audience,
    NewTarget,
    SubscriberReach,
    fixed_audience,
)
from core.announcements.schedule import ScheduleError, split_schedule
from core.announcements.sender import PlatformFacts
from core.announcements.store import OutboxStore
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix, Who
from core.kernel.messages import ChatRef, Choice, Platform, Reply
from core.kernel.names import clean_text
from core.kernel.ports import Conversation, Person, RoomStore
from core.kernel.typed import is_number, normalise, typed_words

KIND = "announce"
"""The Conversation kind of an announcement being prepared."""

Platforms = Mapping[Platform, PlatformFacts]
"""What each known channel declares (`adapters/channels/*/facts.py`), handed in by the wiring."""

MAX_TAG_CHOICES = 6
_SLOT = "\x00announcement\x00"
"""Stands in for the announcement while the preview's frame is escaped."""


def install(registry: Registry, deps: Deps, store: OutboxStore, platforms: Platforms) -> None:
    """Register the commands, the preview's choices, the report timer, and the gate that
    remembers private chats for subscriptions."""
    service = _Announcements(store, platforms)

    async def start_due() -> Actions:
        now = deps.clock.now()
        await start_due_announcements(store, deps.store, now, platforms)
        await settle_audiences(store, platforms, now)
        return []

    registry.command("announce", service.announce)
    registry.command("announcements", service.listing)
    registry.command("subscribe", service.subscribe)
    registry.command("unsubscribe", service.unsubscribe)
    registry.choice(Prefix.ANNOUNCE, service.choice)
    registry.tickers.append(start_due)
    registry.tickers.append(report.Reporter(store, deps).tick)
    registry.gates.append(service.remember_chat)


def _allowed(platform: str, origin: ChatRef | None) -> bool:
    """Console chats are local tests: they count only when announced from the console."""
    return platform != Platform.CONSOLE.value or (
        origin is not None and origin.platform is Platform.CONSOLE
    )


def max_length(platforms: Platforms) -> int:
    """The longest announcement text: what the most limited platform holds in one message."""
    return min(facts.max_length for facts in platforms.values())


def _private_chat_is_user(platforms: Platforms, platform: Platform) -> bool:
    facts = platforms.get(platform)
    return facts is not None and facts.private_chat_is_user


def subscriber_reach(origin: ChatRef | None, platforms: Platforms) -> SubscriberReach:
    """The subscribers an announcement written in `origin` reaches, and how."""
    return SubscriberReach(
        tuple(p.value for p in Platform if _allowed(p.value, origin)),
        tuple(p.value for p, facts in platforms.items() if facts.private_chat_is_user),
    )


async def resolve_audience(
    store: OutboxStore,
    rooms: list[ChatRef],
    audience: str,
    origin: ChatRef | None,
    platforms: Platforms,
) -> list[NewTarget]:
    """The chats written with an announcement when it starts: `rooms` are the known active
    rooms (with their tags). Subscribers follow chunk by chunk (`settle_audiences`)."""
    if audience == Audience.ROOM:
        return [NewTarget(origin)] if origin is not None and not origin.is_private else []
    if audience == Audience.SUBSCRIBERS:
        return []
    return [NewTarget(chat) for chat in rooms if _allowed(chat.platform.value, origin)]


async def count_audience(
    store: OutboxStore,
    rooms: list[ChatRef],
    audience: str,
    origin: ChatRef | None,
    platforms: Platforms,
) -> dict[str, int]:
    """How many chats an audience reaches, per platform; subscribers are counted in one query."""
    if audience == Audience.SUBSCRIBERS:
        return await store.count_subscriber_chats(subscriber_reach(origin, platforms))
    targets = await resolve_audience(store, rooms, audience, origin, platforms)
    return dict(Counter(t.chat.platform.value for t in targets))


async def settle_audiences(store: OutboxStore, platforms: Platforms, now: datetime) -> None:
    """Write the next chunk of subscribers of each running announcement that needs more to
    send: a chunk at a time, so no transaction holds up everyone else's replies."""
    for announcement in await store.settling_announcements():
        reach = subscriber_reach(announcement.origin, platforms)
        await store.settle_subscribers(announcement.id, reach, now)


async def rooms_for(store: RoomStore, audience: str) -> list[ChatRef]:
    """Active rooms of the community an "all rooms" or "tag:x" audience reaches."""
    tag = audience.partition(":")[2] if audience.startswith(f"{Audience.TAG}:") else None
    if tag is None and audience != Audience.ALL:
        return []
    return [
        ChatRef(Platform(platform), chat_id, False, title=title)
        for platform, chat_id, title in await store.community_chats(tag)
    ]


async def start_due_announcements(
    store: OutboxStore, rooms: RoomStore, now: datetime, platforms: Platforms
) -> None:
    """Start the scheduled announcements whose time has come; an audience not fixed at
    confirmation is resolved now, and its chats are written with the start in one transaction
    (subscribers after it, chunk by chunk)."""
    for announcement in await store.due_announcements(now):
        targets = None
        audience = announcement.audience
        if not fixed_audience(audience):
            found = await rooms_for(rooms, audience)
            targets = await resolve_audience(store, found, audience, announcement.origin, platforms)
        settle = audience == Audience.SUBSCRIBERS
        await store.start_announcement(announcement.id, targets, now, settle=settle)


async def queue(
    store: OutboxStore,
    *,
    text: str,
    audience: str,
    targets: list[NewTarget],
    now: datetime,
    send_at: datetime | None,
    pin: bool = False,
    origin: ChatRef | None = None,
    lang: str = "de",
    author: tuple[str, str] | None = None,
) -> int:
    """Put an announcement into the outbox; returns its id. Its targets are written with it,
    unless it is scheduled to an audience settled when it starts (`fixed_audience`); one to
    subscribers gets them chunk by chunk (`settle_audiences`)."""
    if send_at is not None and not fixed_audience(audience):
        targets = []
    formatted = format_text(text)
    announcement = Announcement(
        id=0,
        text=formatted.plain,
        html=formatted.html,
        pin=pin,
        audience=audience,
        origin=origin,
        lang=lang,
        created_at=now,
        send_at=send_at or now,
        state=AnnouncementState.SCHEDULED if send_at else AnnouncementState.SENDING,
        author=author,
        settling=send_at is None and audience == Audience.SUBSCRIBERS,
    )
    return await store.create_announcement(announcement, targets)


def _author(turn: Turn) -> tuple[str, str]:
    return (turn.user.platform.value, turn.user.id)


def _who(audience: str) -> Who:
    """Who may announce to an audience: this room's moderators to it; the rest, the community's."""
    return Who.MODERATOR if audience == Audience.ROOM else Who.COMMUNITY


class _Announcements:
    """The moderator's side: prepare, confirm, list, cancel; everyone's: subscribe."""

    def __init__(self, store: OutboxStore, platforms: Platforms) -> None:
        self.outbox = store
        self.platforms = platforms

    # ------------------------------------------------------------------ /announce

    async def announce(self, turn: Turn, args: str) -> Actions:
        first, _, rest = args.strip().partition(" ")
        texts = turn.deps.content.texts
        if normalise(first) in typed_words(texts, "announce.words.cancel"):
            return await self.cancel(turn, rest.strip().lstrip("#"))
        try:
            scheduled = split_schedule(
                args, turn.deps.timezone, typed_words(texts, "announce.words.at")
            )
        except ScheduleError as exc:
            if exc.skipped:
                return [turn.reply("announce.skipped_time", given=exc.given)]
            return [turn.reply("announce.bad_time", given=exc.given)]
        if not clean_text(scheduled.text):  # nothing, or only invisible characters
            return [turn.reply("announce.usage")]
        limit = max_length(self.platforms)
        if len(scheduled.text) > limit:
            return [turn.reply("announce.too_long", limit=limit)]
        now = turn.deps.clock.now()
        if scheduled.send_at is not None and scheduled.send_at <= now:
            return [turn.reply("announce.past", when=report.local_time(turn, scheduled.send_at))]
        community = await turn.is_community_moderator()
        tags = await turn.deps.store.community_tags(MAX_TAG_CHOICES) if community else []
        data: dict[str, object] = {
            "text": scheduled.text,
            "send_at": scheduled.send_at.isoformat() if scheduled.send_at else None,
            "pin": False,
            "tags": tags,
            "audience": None,
            "community": community,
        }
        key = (turn.chat.platform.value, turn.chat.id, turn.user.id)
        conversation = Conversation(*key, kind=KIND, data=data, updated_at=now)
        await turn.deps.store.save_conversation(conversation)
        return [self._preview(turn, data)]

    def _when(self, turn: Turn, data: dict[str, object]) -> str:
        send_at = data.get("send_at")
        if not isinstance(send_at, str):
            return turn.t("announce.now")
        return report.local_time(turn, datetime.fromisoformat(send_at))

    def _preview(self, turn: Turn, data: dict[str, object]) -> Reply:
        formatted = format_text(str(data["text"]))
        text = formatted.plain
        pinned = turn.t("announce.yes" if data.get("pin") else "announce.no")
        choices: list[Choice] = []
        if not turn.chat.is_private:
            choices.append(Choice(turn.t("announce.to_room"), "ann:room"))
        if data.get("community"):  # only community moderators reach further than this room
            choices.append(Choice(turn.t("announce.to_all"), "ann:all"))
            tags = data.get("tags")
            for index, tag in enumerate(tags if isinstance(tags, list) else []):
                choices.append(Choice(turn.t("announce.to_tag", tag=tag), f"ann:tag:{index}"))
            choices.append(Choice(turn.t("announce.to_subscribers"), "ann:subs"))
        choices.append(Choice(turn.t("announce.toggle_pin", pin=pinned), "ann:pin"))
        choices.append(Choice(turn.t("announce.drop"), "ann:cancel"))
        when = self._when(turn, data)
        body = turn.t("announce.preview", text=text, when=when, pin=pinned)
        html = None
        if formatted.html is not None:  # show the formatting as it will look
            frame = escape(turn.t("announce.preview", text=_SLOT, when=when, pin=pinned))
            html = frame.replace(_SLOT, formatted.html)
        return Reply(turn.chat, body, choices=tuple(choices), html=html)

    async def choice(self, turn: Turn, value: str) -> Actions:
        store = turn.deps.store
        key = (turn.chat.platform.value, turn.chat.id, turn.user.id)
        conversation = await store.get_conversation(*key)
        if conversation is None or conversation.kind != KIND:
            return [turn.reply("common.choice_expired")]
        if not await turn.is_moderator():
            return [turn.refusal(Who.MODERATOR)]
        action = value.split(":", 1)[1] if ":" in value else ""
        data = conversation.data
        if action == "cancel":
            await store.delete_conversation(*key)
            return [turn.reply("announce.dropped")]
        if action == "pin":
            data["pin"] = not data.get("pin")
        elif action == "send":
            return await self._confirm(turn, conversation)
        elif action != "back":
            audience = self._audience(action, data)
            if audience is None:
                return [turn.reply("common.choice_expired")]
            if not await turn.may(_who(audience)):
                return [turn.refusal(_who(audience))]
            data["audience"] = audience
            conversation.updated_at = turn.deps.clock.now()
            await store.save_conversation(conversation)
            return [await self._ask_confirmation(turn, data, audience)]
        conversation.updated_at = turn.deps.clock.now()
        await store.save_conversation(conversation)
        return [self._preview(turn, data)]

    def _audience(self, action: str, data: dict[str, object]) -> str | None:
        if action in ("room", "all"):
            return action
        if action == "subs":
            return Audience.SUBSCRIBERS.value
        tags = data.get("tags")
        index = action.removeprefix("tag:")
        known = isinstance(tags, list) and is_number(index) and int(index) < len(tags)
        if action.startswith("tag:") and known and isinstance(tags, list):
            return f"{Audience.TAG}:{tags[int(index)]}"
        return None

    async def _rooms(self, turn: Turn, audience: str) -> list[ChatRef]:
        """The rooms an audience reaches; subscribers need none (thousands of rooms stay
        unread)."""
        if audience == Audience.SUBSCRIBERS:
            return []
        return await rooms_for(turn.deps.store, audience)

    async def _targets(self, turn: Turn, audience: str) -> tuple[list[NewTarget], int]:
        """The chats written at confirmation, and how many the audience reaches in all."""
        rooms = await self._rooms(turn, audience)
        args = (self.outbox, rooms, audience, turn.chat, self.platforms)
        return await resolve_audience(*args), sum((await count_audience(*args)).values())

    async def _ask_confirmation(self, turn: Turn, data: dict[str, object], audience: str) -> Reply:
        rooms = await self._rooms(turn, audience)
        counts = await count_audience(self.outbox, rooms, audience, turn.chat, self.platforms)
        if not sum(counts.values()):
            back = (Choice(turn.t("announce.back"), "ann:back"),)
            return Reply(turn.chat, turn.t("announce.no_targets"), choices=back)
        platforms = sorted(platform for platform, count in counts.items() if count)
        later = isinstance(data.get("send_at"), str) and not fixed_audience(audience)
        body = turn.t(
            "announce.confirm_later" if later else "announce.confirm",
            audience=report.audience_label(turn, audience),
            count=sum(counts.values()),
            platforms=", ".join(platforms),
            when=self._when(turn, data),
            pin=turn.t("announce.yes" if data.get("pin") else "announce.no"),
        )
        choices = (
            Choice(turn.t("announce.send"), "ann:send"),
            Choice(turn.t("announce.back"), "ann:back"),
            Choice(turn.t("announce.drop"), "ann:cancel"),
        )
        return Reply(turn.chat, body, choices=choices)

    async def _confirm(self, turn: Turn, conversation: Conversation) -> Actions:
        data, store = conversation.data, turn.deps.store
        audience = data.get("audience")
        if not isinstance(audience, str):
            return [self._preview(turn, data)]
        if not await turn.may(_who(audience)):
            return [turn.refusal(_who(audience))]
        now = turn.deps.clock.now()
        send_at_raw = data.get("send_at")
        send_at = datetime.fromisoformat(send_at_raw) if isinstance(send_at_raw, str) else None
        if send_at is not None and send_at <= now:
            return [turn.reply("announce.past", when=report.local_time(turn, send_at))]
        targets, count = await self._targets(turn, audience)
        if not count:
            return [turn.reply("announce.no_targets")]
        ident = await queue(
            self.outbox,
            text=str(data["text"]),
            audience=audience,
            targets=targets,
            now=now,
            send_at=send_at,
            pin=bool(data.get("pin")),
            origin=turn.chat,
            lang=turn.lang,
            author=_author(turn),
        )
        await store.delete_conversation(
            conversation.platform, conversation.chat_id, conversation.user_id
        )
        await settle_audiences(self.outbox, self.platforms, now)  # the first chunk goes now
        key = "announce.scheduled" if send_at else "announce.queued"
        if send_at and not fixed_audience(audience):
            key = "announce.scheduled_later"
        return [turn.reply(key, id=ident, count=count, when=self._when(turn, data))]

    # ------------------------------------------------------------------ list and cancel

    async def listing(self, turn: Turn, args: str) -> Actions:
        """Community moderators see every announcement; a room moderator those they wrote."""
        mine = None if await turn.is_community_moderator() else _author(turn)
        return [await report.listing(turn, self.outbox, mine)]

    async def cancel(self, turn: Turn, arg: str) -> Actions:
        if not is_number(arg):
            return [turn.reply("announce.cancel_usage")]
        ident = int(arg)
        found = await self.outbox.get_announcement(ident)
        if found is None:
            return [turn.reply("announce.unknown", id=ident)]
        if found.author != _author(turn) and not await turn.is_community_moderator():
            return [turn.reply("announce.not_yours", id=ident)]
        if not await self.outbox.cancel_announcement(ident, turn.deps.clock.now()):
            return [turn.reply("announce.already_over", id=ident)]
        summary = await self.outbox.announcement_summary(ident)
        return [turn.reply("announce.cancelled", id=ident, sent=report.delivered(summary))]

    # ------------------------------------------------------------------ subscriptions

    async def subscribe(self, turn: Turn, args: str) -> Actions:
        return await self._set_subscription(turn, True)

    async def unsubscribe(self, turn: Turn, args: str) -> Actions:
        return await self._set_subscription(turn, False)

    async def _set_subscription(self, turn: Turn, on: bool) -> Actions:
        person = turn.person or Person(turn.user.platform.value, turn.user.id)
        person.subscribed = on
        person.last_seen = turn.deps.clock.now()
        await turn.deps.store.save_person(person)
        if on:
            await self._remember(turn)
        return [turn.reply("subscribe.on" if on else "subscribe.off")]

    async def remember_chat(self, turn: Turn) -> Actions | None:
        """A gate: keep the private chat of people the bot stores anything about, where that
        chat is not their user id (a Matrix DM), so announcements reach them if they subscribe
        (also from the onboarding plan). Never stops an event."""
        if turn.chat.is_private and turn.person is not None:
            await self._remember(turn)
        return None

    async def _remember(self, turn: Turn) -> None:
        platform, user_id, chat_id = turn.user.platform, turn.user.id, turn.chat.id
        if chat_id == user_id or _private_chat_is_user(self.platforms, platform):
            return
        if await self.outbox.private_chat(platform.value, user_id) != chat_id:
            await self.outbox.remember_private_chat(platform.value, user_id, chat_id)
