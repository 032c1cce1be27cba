"""A real Synapse homeserver for the tests: configured once, on 127.0.0.1, stoppable.

One instance serves a whole test session (see `tests/matrix/conftest.py`); `stop()` and
`start()` let a test restart it under a running bot.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

SERVER_NAME = "localhost"
SHARED_SECRET = "lagerfeuer-test-secret"
_START_TIMEOUT = 60.0

_GENEROUS = {"per_second": 1000, "burst_count": 1000}
RAISED_RATE_LIMITS: dict[str, Any] = {
    "rc_message": _GENEROUS,
    "rc_registration": _GENEROUS,
    "rc_registration_token_validity": _GENEROUS,
    "rc_login": {"address": _GENEROUS, "account": _GENEROUS, "failed_attempts": _GENEROUS},
    "rc_joins": {"local": _GENEROUS, "remote": _GENEROUS},
    "rc_joins_per_room": _GENEROUS,
    "rc_invites": {"per_room": _GENEROUS, "per_user": _GENEROUS, "per_issuer": _GENEROUS},
    "rc_room_creation": _GENEROUS,
    "rc_3pid_validation": _GENEROUS,
    "rc_admin_redaction": _GENEROUS,
    "rc_key_requests": _GENEROUS,
    "rc_presence": {"per_user": _GENEROUS},
    "rc_delayed_event_mgmt": _GENEROUS,
}
"""Limits high enough that tests never wait; one test runs with Synapse's defaults."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Synapse:
    """One Synapse process with its own config, database and port."""

    def __init__(self, folder: Path, *, raise_limits: bool = True) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.raise_limits = raise_limits
        self.process: subprocess.Popen[bytes] | None = None
        self._generate()

    # ------------------------------------------------------------------ config

    def _generate(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config_path = self.folder / "homeserver.yaml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "synapse.app.homeserver",
                "--server-name",
                SERVER_NAME,
                "--config-path",
                str(config_path),
                "--generate-config",
                "--report-stats=no",
            ],
            cwd=self.folder,
            check=True,
            capture_output=True,
        )
        config = yaml.safe_load(config_path.read_text())
        config.update(
            {
                "listeners": [
                    {
                        "port": self.port,
                        "bind_addresses": ["127.0.0.1"],
                        "type": "http",
                        "tls": False,
                        "x_forwarded": False,
                        "resources": [{"names": ["client"], "compress": False}],
                    }
                ],
                "registration_shared_secret": SHARED_SECRET,
                "enable_registration": False,
                "trusted_key_servers": [],
                "suppress_key_server_warning": True,
                "url_preview_enabled": False,
                "federation_domain_whitelist": [],
                "report_stats": False,
                "presence": {"enabled": False},
            }
        )
        if self.raise_limits:
            config.update(RAISED_RATE_LIMITS)
        config_path.write_text(yaml.safe_dump(config))
        log_path = self.folder / f"{SERVER_NAME}.log.config"
        log_config = yaml.safe_load(log_path.read_text())
        log_config["root"]["level"] = "WARNING"
        for logger in log_config.get("loggers", {}).values():
            logger["level"] = "WARNING"
        log_path.write_text(yaml.safe_dump(log_config))
        self.config_path = config_path

    # ------------------------------------------------------------------ process

    def start(self) -> None:
        """Start the process and wait until the client API answers."""
        if self.process is not None and self.process.poll() is None:
            return
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "stderr.log", "ab"),  # noqa: SIM115
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited; see {self.folder / 'stderr.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError("Synapse did not answer in time")

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it lingers)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGCONT)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def pause(self) -> None:
        """Freeze the process: connections stay open and nothing answers (a hung server)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused process run again."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    # ------------------------------------------------------------------ accounts

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """One client-API call; returns the JSON answer, raises on an HTTP error."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=10) as resp:
            answer: dict[str, Any] = json.loads(resp.read() or b"{}")
            return answer

    def register_user(self, name: str, admin: bool = False) -> Account:
        """Create `@name:localhost` with the shared-secret admin API."""
        password = secrets.token_urlsafe(12)
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(SHARED_SECRET.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join(p.encode() for p in (nonce, name, password)))
        mac.update(b"\x00" + (b"admin" if admin else b"notadmin"))
        digest = mac.hexdigest()
        answer = self.request(
            "POST",
            "/_synapse/admin/v1/register",
            {"nonce": nonce, "username": name, "password": password, "admin": admin, "mac": digest},
        )
        return Account(answer["user_id"], password, answer["access_token"])


class Account:
    """A registered user: id, password and the token of the registration's device."""

    def __init__(self, user_id: str, password: str, access_token: str) -> None:
        self.user_id = user_id
        self.password = password
        self.access_token = access_token

    def __repr__(self) -> str:
        return f"Account({self.user_id})"
