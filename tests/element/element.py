"""A person on Element's client stack: the Node driver in a subprocess, spoken to in JSON lines."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.synapse import Account, Synapse

WAIT = 60.0
"""Seconds a test waits for a message before it fails."""


class ElementPerson:
    """One account logged in with matrix-js-sdk (Rust crypto, only cross-signed devices trusted)."""

    def __init__(self, stack: Path, server: Synapse, account: Account, log: Path) -> None:
        self.stack = stack
        self.log = log
        """Where the driver's (and the SDK's) own lines go."""
        self.server = server
        self.account = account
        self.messages: list[dict[str, Any]] = []
        self._process: asyncio.subprocess.Process | None = None
        self._answers: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._reader: asyncio.Task[None] | None = None
        self.login: dict[str, Any] = {}
        """What the login answered: `device_id`, `master` (the identity's key as the SDK
        sees it) and `secret_storage_ready`."""

    @property
    def user_id(self) -> str:
        return self.account.user_id

    async def start(self, recovery_key: str | None = None) -> ElementPerson:
        """Log in; with `recovery_key`, take the account's identity from its secret storage
        (as Element's "verify with recovery key") instead of making a new one."""
        self._process = await asyncio.create_subprocess_exec(
            "node",
            str(self.stack / "driver.mjs"),
            cwd=self.stack,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=open(self.log, "ab"),  # noqa: SIM115, ASYNC230
            limit=2**24,
        )
        self._reader = asyncio.create_task(self._read())
        self.login = await self.call(
            "login",
            base_url=self.server.url,
            user_id=self.account.user_id,
            password=self.account.password,
            recovery_key=recovery_key,
        )
        return self

    async def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        while line := await self._process.stdout.readline():
            data = json.loads(line)
            if data.get("event") == "message":
                self.messages.append(data)
                continue
            future = self._answers.pop(data.get("id"), None)
            if future is not None and not future.done():
                future.set_result(data)
        for future in self._answers.values():
            if not future.done():
                future.set_exception(RuntimeError("the Element driver exited"))

    async def call(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Run one driver command; raises with the driver's error when it fails."""
        assert self._process is not None and self._process.stdin is not None
        request_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[request_id] = future
        self._process.stdin.write(json.dumps({"id": request_id, "cmd": cmd, **args}).encode())
        self._process.stdin.write(b"\n")
        await self._process.stdin.drain()
        answer = await asyncio.wait_for(future, WAIT)
        if not answer.get("ok"):
            raise AssertionError(f"Element driver: {cmd} failed: {answer.get('error')}")
        return answer

    async def wait_for(
        self, check: Callable[[dict[str, Any]], bool], after: int = 0, within: float = WAIT
    ) -> dict[str, Any]:
        """The first message (from index `after` on) that passes `check`."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for message in self.messages[after:]:
                if check(message):
                    return message
            await asyncio.sleep(0.05)
        seen = [(m.get("body") or "")[:60] or m.get("failure") for m in self.messages[after:]]
        raise AssertionError(f"{self.user_id} did not get the expected message; got {seen}")

    async def close(self) -> None:
        process = self._process
        if process is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.call("stop"), 5)
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(process.wait(), 10)
        if process.returncode is None:
            process.kill()
            await process.wait()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
