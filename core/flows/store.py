"""What the onboarding service stores beyond the shared ports: finished answers, idle flows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class FlowStore(Protocol):
    """Storage of flow results (the SQLite store implements it)."""

    async def save_flow_answers(
        self, platform: str, user_id: str, flow: str, answers: dict[str, Any], at: datetime
    ) -> None:
        """Keep the answers of a finished flow (replacing earlier ones of the same flow)."""
        ...

    async def get_flow_answers(
        self, platform: str, user_id: str, flow: str
    ) -> dict[str, Any] | None:
        """The answers kept for this person and flow, or None."""
        ...

    async def end_idle_conversations(self, kind: str, before: datetime) -> int:
        """Delete open dialogues of `kind` not touched since `before`; returns how many."""
        ...
