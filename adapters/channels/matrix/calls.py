"""Calls to the homeserver that wait out rate limits and outages instead of losing a message."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
from nio import AsyncClient, ErrorResponse, Response

from adapters.channels.matrix.limits import is_rate_limited, retry_after_seconds

log = logging.getLogger("lagerfeuer.matrix")

R = TypeVar("R", bound=Response)

CONNECTION_ERRORS = (aiohttp.ClientError, TimeoutError, ConnectionError, OSError)
"""What a homeserver being away looks like from here."""


def rate_limit_wait(response: Response) -> float | None:
    """Seconds to wait when `response` says "too many requests"; None otherwise."""
    transport = getattr(response, "transport_response", None)
    status = getattr(transport, "status", None)
    errcode = response.status_code if isinstance(response, ErrorResponse) else None
    if not is_rate_limited(errcode, status):
        return None
    headers = getattr(transport, "headers", None)
    return retry_after_seconds(headers, getattr(response, "retry_after_ms", None))


class Calls:
    """Runs homeserver calls with patience: back-off on outages, the server's wait on 429."""

    def __init__(
        self,
        client: AsyncClient,
        *,
        backoff_start: float = 1.0,
        backoff_max: float = 60.0,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.backoff_start = backoff_start
        self.backoff_max = backoff_max
        self.on_wait = on_wait or (lambda: None)

    async def patient(self, call: Callable[[], Awaitable[R]], what: str) -> R:
        """Repeat `call` until the server answers with something other than "slow down".

        Connection problems are retried with back-off (1 s doubling to 60 s); a cancelled
        task (shutdown) stops waiting. Other errors are returned to the caller.
        """
        delay = self.backoff_start
        while True:
            try:
                response = await call()
            except CONNECTION_ERRORS as exc:
                wait = delay
                delay = min(delay * 2, self.backoff_max)
                log.warning(
                    "%s: homeserver unreachable (%s), retry in %.0f s",
                    what,
                    type(exc).__name__,
                    wait,
                )
            else:
                limited = rate_limit_wait(response)
                if limited is None:
                    return response
                wait = limited
                log.info("%s: rate limited, retry in %.1f s", what, wait)
            self.on_wait()
            await asyncio.sleep(wait)

    async def raw(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """A client-API call nio has no method for (account data, state with `format=event`)."""
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        response = await self.client.send(method, path, data, headers)
        try:
            status = response.status
            try:
                payload = await response.json(content_type=None)
            except (ValueError, aiohttp.ContentTypeError):
                payload = {}
        finally:
            response.release()
        return status, payload if isinstance(payload, dict) else {}

    async def patient_raw(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """`raw` with the same patience as `patient` (429 honoured, outages retried)."""
        delay = self.backoff_start
        while True:
            try:
                status, payload = await self.raw(method, path, body)
            except CONNECTION_ERRORS as exc:
                wait = delay
                delay = min(delay * 2, self.backoff_max)
                log.warning(
                    "homeserver unreachable (%s), retry in %.0f s", type(exc).__name__, wait
                )
            else:
                if status != 429 and payload.get("errcode") != "M_LIMIT_EXCEEDED":
                    return status, payload
                wait = retry_after_seconds(None, payload.get("retry_after_ms"))
            self.on_wait()
            await asyncio.sleep(wait)

    # ------------------------------------------------------------------ account data

    def _account_data_path(self, kind: str) -> str:
        user = quote(self.client.user_id, safe="")
        return f"/_matrix/client/v3/user/{user}/account_data/{quote(kind, safe='')}"

    async def get_account_data(self, kind: str) -> dict[str, Any]:
        """The bot's global account data of this type ({} when there is none or it could not
        be read; see `account_data` where the difference matters)."""
        status, payload = await self.account_data(kind)
        return payload if status == 200 else {}

    async def account_data(self, kind: str) -> tuple[int, dict[str, Any]]:
        """The homeserver's status and the bot's global account data of this type: 404 when
        there is none, another status when it was refused."""
        return await self.patient_raw("GET", self._account_data_path(kind))

    async def put_account_data(self, kind: str, content: dict[str, Any]) -> bool:
        """Replace the bot's global account data of this type."""
        status, _ = await self.patient_raw("PUT", self._account_data_path(kind), content)
        return status == 200

    async def state_event(
        self, room_id: str, kind: str, state_key: str = ""
    ) -> dict[str, Any] | None:
        """The whole current state event (with `sender`), or None when the room has none."""
        path = (
            f"/_matrix/client/v3/rooms/{quote(room_id, safe='')}/state/"
            f"{quote(kind, safe='')}/{quote(state_key, safe='')}?format=event"
        )
        status, payload = await self.patient_raw("GET", path)
        return payload if status == 200 else None
