"""Webhook mode under our own control: Telegram hears "received" only once an update is journalled.

python-telegram-bot's webhook server answers Telegram as soon as an update is queued in
memory, so a crash loses every update not yet answered. Here the update is first written to the
same inbox as polling's (polling.py, `Poller.take`); only then does Telegram get its 200. An update
that could not be journalled gets a 500, and Telegram sends it again. Whatever a crash leaves
in the inbox is handled at the next start, before the server listens.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

log = logging.getLogger("lagerfeuer.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LARGEST_UPDATE = 1024 * 1024
"""Bytes; an update of Telegram's is a few kilobytes at most."""

CLOSING = 2.0
"""Seconds a stop waits for open webhook connections."""

Take = Callable[[dict[str, Any]], Awaitable[None]]
"""Journals one update durably, then hands it to handling."""


class _Hook(RequestHandler):
    """The one address Telegram posts updates to."""

    def initialize(self, secret: str, take: Take) -> None:
        self.secret = secret
        self.take = take

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            return
        try:
            update = json.loads(self.request.body)
        except ValueError:
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            log.warning("a webhook request without a readable update was refused")
            self.set_status(400)
            return
        await self.take(update)

    def log_exception(self, *args: Any) -> None:
        """A failed journal answers 500 (Telegram retries); the log names no content."""
        log.warning("a webhook update could not be kept; Telegram will send it again")


class WebhookServer:
    """Listens where the HTTPS proxy forwards Telegram's webhook requests."""

    def __init__(self, path: str, secret: str, take: Take) -> None:
        hook = {"secret": secret, "take": take}
        app = Application(
            [(f"/{path.lstrip('/')}", _Hook, hook)],
            log_function=lambda handler: None,
        )
        self._server = HTTPServer(app, max_body_size=LARGEST_UPDATE, xheaders=True)
        self.listening = False

    def listen(self, host: str, port: int) -> None:
        """Start listening; raises OSError when the address cannot be had."""
        self._server.listen(port, address=host)
        self.listening = True

    async def stop(self) -> None:
        """Stop listening and close the open connections (a request still being journalled
        gets at most `CLOSING` seconds; unanswered, Telegram posts it again)."""
        if self.listening:
            self.listening = False
            self._server.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.close_all_connections(), CLOSING)
