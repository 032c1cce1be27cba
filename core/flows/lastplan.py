"""/plan: the person's last starter plan again, rebuilt from the answers kept when it was shown
(the entries it held, in their order, in today's words of the catalogue), ending with the
community's rooms as they are now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from core.flows.engine import Answer, Flow, FlowEnv, Prompt, Step, StepType, plan_prompts
from core.kernel.assistant import Actions, Turn
from core.kernel.messages import Choice, Reply

ONBOARDING_CHOICE = "menu:onboarding"
"""The main menu's choice that starts the onboarding."""


RoomsOf = Callable[[Step, Mapping[str, Answer]], Awaitable[Prompt | None]]
"""The message with the community's rooms that fit the answers (None: no room fits)."""


async def last_plan(
    turn: Turn, flow: Flow, kept: Mapping[str, Any] | None, env: FlowEnv, rooms: RoomsOf
) -> Actions:
    """The kept plan as messages, or (without one) the offer to start the onboarding."""
    found = _plan_of(flow, kept or {})
    if found is None:
        return [no_plan(turn)]
    step, answers, ids = found
    entries = [entry for entry in map(turn.content.resource, ids) if entry is not None]
    if not entries:
        return [no_plan(turn)]
    prompts = plan_prompts(step, answers, entries, env, heading=turn.t("plan.again"))
    own = await rooms(step, answers)
    if own is not None:
        prompts.append(own)
    replies = [Reply(turn.chat, p.text, p.choices, p.links) for p in prompts]
    replies.append(Reply(turn.chat, turn.t("plan.renew")))
    return list(replies)


def no_plan(turn: Turn) -> Reply:
    """No plan kept yet: say so and offer the onboarding."""
    return Reply(turn.chat, turn.t("plan.none"), (Choice(turn.t("plan.start"), ONBOARDING_CHOICE),))


def _plan_of(
    flow: Flow, kept: Mapping[str, Any]
) -> tuple[Step, dict[str, Answer], list[str]] | None:
    """The flow's plan step whose entries were kept, the kept answers, the entries' ids."""
    answers: dict[str, Answer] = {
        k: v
        for k, v in kept.items()
        if isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
    }
    for step in flow.steps:
        ids = answers.get(step.key)
        if step.type is StepType.PLAN and isinstance(ids, list) and ids:
            return step, answers, list(ids)
    return None
