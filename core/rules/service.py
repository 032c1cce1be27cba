"""`/rules` (German `/regeln`) and how the rules reach newcomers: the wiring of core/rules.

A room's moderators replace its rules with `/settings rules …` (core/rooms/settings.py);
without a text of its own a room shows the community's rules from content (`rules.default`).
Confirming them is core/rules/confirm.py, join requests core/rules/joins.py.
"""

from __future__ import annotations

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
    registry.command("rules", rules_command)
    registry.choice(Prefix.RULES, confirmations.choice)
    registry.start_payloads[RULES_PREFIX] = confirmations.start
    registry.joins.append(confirmations.joined)
    registry.join_requests.append(requests.requested)
    registry.tickers.append(confirmations.remind)
    registry.tickers.append(requests.decline_due)


async def rules_command(turn: Turn, args: str) -> Actions:
    """Show the rules where they were asked for."""
    return [Reply(turn.chat, rules_for(turn.deps.content.texts, turn.room, turn.lang))]
