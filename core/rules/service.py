"""`/rules` (German `/regeln`) and how the rules reach newcomers: the wiring of core/rules.

A room's moderators replace its rules with `/settings rules …` (core/rooms/settings.py);
without a text of its own a room shows the community's rules from content (`rules.default`).
Confirming them is core/rules/confirm.py, join requests core/rules/joins.py.
"""

from __future__ import annotations

import functools

from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix
from core.kernel.deeplinks import RULES_PREFIX
from core.kernel.messages import Reply
from core.rules.confirm import Confirmations
from core.rules.joins import JoinRequests
from core.rules.store import RulesStore
from core.rules.text import rules_for


def install(registry: Registry, deps: Deps, store: RulesStore) -> None:
    """Register `/rules`, the confirmation, join requests and their timers."""
    confirmations = Confirmations(deps, store)
    requests = JoinRequests(deps, store)
    registry.command("rules", functools.partial(rules_command, confirmations=confirmations))
    registry.choice(Prefix.RULES, confirmations.choice)
    registry.start_payloads[RULES_PREFIX] = confirmations.start
    registry.joins.append(confirmations.joined)
    registry.leaves.append(confirmations.left)
    registry.join_requests.append(requests.requested)
    registry.tickers.append(confirmations.remind)
    registry.tickers.append(requests.decline_due)


async def rules_command(turn: Turn, args: str, *, confirmations: Confirmations) -> Actions:
    """Show the rules where they were asked for; in private chat, the rules of the rooms that
    wait for the person's confirmation, or else the community's."""
    if turn.chat.is_private:
        waiting = await confirmations.waiting(turn)
        if waiting:
            return waiting
    return [Reply(turn.chat, rules_for(turn.deps.content.texts, turn.room, turn.lang))]
