"""The starter plan's end inside the community: the community's own rooms whose tags fit the
person's answers, each with its way in, and one first step in the first of them.

A room is offered only when it belongs to the community, is not the moderators' room, a room
moderator has not switched `/settings suggest` off, the bot is still in it, it is on the
person's platform, and the platform says someone outside may get in (by a link or by asking a
moderator). Rooms are read when the plan is shown, so `/plan` shows the rooms as they are now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.flows.engine import Answer, Flow, Prompt, RoomPlan, room_tag_weights
from core.kernel.messages import ChatRef, Link, Platform, UserRef
from core.kernel.names import clean_name
from core.kernel.ports import ASK_A_MODERATOR, Door, RoomDoors, RoomSettings, RoomStore, WayIn

TRIES = 10
"""At most this many rooms are asked for their way in per plan (closed ones are passed over)."""

Offer = tuple[RoomSettings, WayIn]


def may_offer(room: RoomSettings, person: UserRef) -> bool:
    """Whether the plan may offer `room` to `person` at all (before asking for its way in)."""
    return (
        room.active
        and room.community
        and room.suggested
        and not room.modroom
        and room.platform == person.platform.value
    )


def fitting(rooms: list[RoomSettings], weights: Mapping[str, int]) -> list[RoomSettings]:
    """The rooms whose tags meet the answers, best first; when none does, the rooms without
    tags (open to everyone). Ties go by name, then id, so a plan is the same each time."""
    scored = [(sum(weights.get(tag, 0) for tag in set(room.tags)), room) for room in rooms]
    chosen = [(score, room) for score, room in scored if score > 0]
    if not chosen:
        chosen = [(0, room) for room in rooms if not room.tags]
    chosen.sort(key=lambda pair: (-pair[0], clean_name(pair[1].title).casefold(), pair[1].chat_id))
    return [room for _, room in chosen]


async def community_rooms(
    store: RoomStore,
    doors: RoomDoors,
    flow: Flow,
    plan: RoomPlan,
    answers: Mapping[str, Answer],
    person: UserRef,
) -> list[Offer]:
    """At most `plan.max` rooms to offer, each with its way in (closed rooms left out)."""
    rooms = [room for room in await store.list_rooms(active_only=True) if may_offer(room, person)]
    offers: list[Offer] = []
    for room in fitting(rooms, room_tag_weights(flow, answers))[:TRIES]:
        chat = ChatRef(Platform(room.platform), room.chat_id, is_private=False, title=room.title)
        way = await doors.way_in(chat, approval=room.join_requests)
        if way.door is Door.CLOSED:
            continue
        offers.append((room, way if way.door is Door.ASK or way.link else ASK_A_MODERATOR))
        if len(offers) >= plan.max:
            break
    return offers


def rooms_prompt(say: Callable[..., str], plan: RoomPlan, offers: list[Offer]) -> Prompt | None:
    """The rooms as one message: the heading, a line per room (its link, or "ask a
    moderator"), then the first step in the first room; None without rooms."""
    if not offers:
        return None
    lines = [say(plan.text)]
    links: list[Link] = []
    for room, way in offers:
        name = shown_name(say, room)
        if way.door is Door.LINK and way.link:
            lines.append(say("flow.room_link", room=name, link=way.link))
            links.append(Link(name, way.link))
        else:
            lines.append(say("flow.room_ask", room=name))
    lines += ["", say(plan.first_step, room=shown_name(say, offers[0][0]))]
    return Prompt("\n".join(lines), links=tuple(links))


def shown_name(say: Callable[..., str], room: RoomSettings) -> str:
    """The room's name as it may be shown (literal: the channel escapes it)."""
    return clean_name(room.title) or say("flow.room_unnamed")
