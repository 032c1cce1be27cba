"""Which events of a room the bot has just joined are handled, and in which order.

A room the bot joins comes with its earlier timeline: history, never answered. The exception
is a room the bot was invited to while running: what was said after the invite (Element sends
a DM's first message right after inviting) is handled, right after the bot's own join.
"""

from __future__ import annotations

from collections.abc import Sequence

from nio import Event, RoomMemberEvent, RoomMessageText

from core.kernel.commands import CommandWords, parse_command


def own_join(event: Event, bot_id: str) -> bool:
    """The bot's own membership turning into `join`."""
    return (
        isinstance(event, RoomMemberEvent)
        and event.state_key == bot_id
        and event.membership == "join"
        and event.prev_membership != "join"
    )


def own_invite(event: Event, bot_id: str) -> bool:
    return (
        isinstance(event, RoomMemberEvent)
        and event.state_key == bot_id
        and event.membership == "invite"
    )


def is_start(event: Event, commands: CommandWords) -> bool:
    """A `!start` (`/start`, `!hilfe`) command, which the join's greeting answers already."""
    if not isinstance(event, RoomMessageText):
        return False
    parsed = parse_command(event.body)
    if parsed is None:
        return False
    spec = commands.resolve(parsed[0])
    return spec is not None and spec.name == "start" and not parsed[1]


def to_handle(
    events: Sequence[Event],
    bot_id: str,
    commands: CommandWords,
    *,
    invited_live: bool,
    private: bool,
) -> list[Event]:
    """The events of one sync batch of one room that the bot handles, in order."""
    joins = [i for i, event in enumerate(events) if own_join(event, bot_id)]
    if not joins:
        return list(events)
    join = joins[-1]
    rest = list(events[join + 1 :])
    invites = [i for i in range(join) if own_invite(events[i], bot_id)]
    if not invited_live or not invites:
        return [events[join], *rest]
    early = [
        event for event in events[invites[-1] + 1 : join] if not isinstance(event, RoomMemberEvent)
    ]
    if private:
        early = [event for event in early if not is_start(event, commands)]
    return [events[join], *early, *rest]
