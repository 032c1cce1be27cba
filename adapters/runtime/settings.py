"""Operator settings from the environment or `.env`; read only by bootstrap."""

from __future__ import annotations

import difflib
import os
import re
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.content.model import LANGUAGES
from core.errors import ConfigError


def _bundled_content() -> Path:
    """The default content: the package `content`, installed beside `adapters` or in the checkout.

    A `.venv` installed before `content` became a package cannot import it; its checkout's
    folder sits in the same place relative to this file.
    """
    try:
        return Path(str(files("content")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "content"


BUNDLED_CONTENT = _bundled_content()
PREFIX = "LAGERFEUER_"
ENV_FILE = ".env"
URL = re.compile(r"^https?://(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(:\d{1,5})?([/?#]\S*)?$")
"""An http(s) address with a host: a name, an IPv4 address or a bracketed IPv6 address."""
TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
MATRIX_USER = re.compile(r"^@[^:\s]+:\S+$")
LISTEN = re.compile(r"^(\S*):(\d{1,5})$")


def got(value: str) -> str:
    """The offending value as shown in an error line: quoted, escaped, not too long."""
    return f"(got {value if len(value) <= 80 else value[:77] + '...'!r})"


class Settings(BaseSettings):
    """Every `LAGERFEUER_*` variable of the README's configuration table."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=ENV_FILE, extra="ignore", hide_input_in_errors=True
    )

    database: Path = Path("./lagerfeuer.db")
    content_dir: Path = BUNDLED_CONTENT
    language: str = "de"
    timezone: str = "Europe/Berlin"
    moderators: str = ""
    telegram_token: SecretStr | None = None
    telegram_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "0.0.0.0:8443"
    matrix_homeserver: str | None = None
    matrix_user_id: str | None = None
    matrix_password: SecretStr | None = None
    matrix_access_token: SecretStr | None = None
    matrix_store: Path = Path("./matrix-store")
    matrix_autojoin: str = ""

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        language = value.strip().lower()
        if language not in LANGUAGES:
            raise ValueError(f"must be {' or '.join(LANGUAGES)} {got(value)}")
        return language

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"must be a time zone such as Europe/Berlin {got(value)}") from exc
        return value

    @field_validator("moderators")
    @classmethod
    def _moderators(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            platform, _, ident = item.partition(":")
            well_formed = {
                "telegram": ident.isascii() and ident.isdigit(),
                "matrix": bool(MATRIX_USER.match(ident)),
                "console": bool(ident),
            }
            if not well_formed.get(platform, False):
                raise ValueError(
                    "each entry must be platform:id, e.g. telegram:12345 or "
                    f"matrix:@anna:example.org {got(item)}"
                )
        return value

    @field_validator("telegram_token")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value() if value is not None else ""
        if secret and not TELEGRAM_TOKEN.match(secret):
            raise ValueError(
                "must be a bot token as @BotFather gives it: digits, a colon, then letters, "
                "digits, - or _"
            )
        return value

    @field_validator("telegram_base_url", "matrix_homeserver")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not URL.match(value):
            raise ValueError(f"must be an http:// or https:// address with a host {got(value)}")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        if value and not (URL.match(value) and value.lower().startswith("https://")):
            raise ValueError(
                "must be an https:// address with a host: Telegram delivers webhooks over "
                f"HTTPS only {got(value)}"
            )
        return value

    @field_validator("telegram_webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        match = LISTEN.match(value)
        if not match or not 1 <= int(match.group(2)) <= 65535:
            raise ValueError(
                f"must be host:port with a port from 1 to 65535, e.g. 0.0.0.0:8443 {got(value)}"
            )
        return value

    @field_validator("matrix_user_id")
    @classmethod
    def _matrix_user(cls, value: str | None) -> str | None:
        if value and not MATRIX_USER.match(value):
            raise ValueError(
                f"must be a Matrix user id such as @lagerfeuer:example.org {got(value)}"
            )
        return value or None

    @field_validator("matrix_autojoin")
    @classmethod
    def _autojoin(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            if not (MATRIX_USER.match(item) or (item.startswith(":") and len(item) > 1)):
                raise ValueError(
                    "each entry must be a user (@anna:example.org) or a server (:example.org) "
                    f"{got(item)}"
                )
        return value

    def moderator_ids(self) -> set[str]:
        """The operator's moderators as `platform:id` strings."""
        return {p.strip() for p in self.moderators.split(",") if p.strip()}

    def autojoin(self) -> list[str]:
        """Who may invite the bot on Matrix (empty: anyone)."""
        return [p.strip() for p in self.matrix_autojoin.split(",") if p.strip()]

    def telegram_enabled(self) -> bool:
        """True when a Telegram token is configured."""
        return self.telegram_token is not None and bool(self.telegram_token.get_secret_value())

    def matrix_enabled(self) -> bool:
        """True when a homeserver is configured (user and login are then required)."""
        return bool(self.matrix_homeserver)


def load_settings() -> Settings:
    """Read the settings; a bad value or an unknown name becomes one line naming the variable."""
    check_names()
    try:
        settings = Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "?"
        error = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        raise ConfigError(f"{PREFIX}{field.upper()}: {error or err['msg']}") from None
    if settings.telegram_webhook_url and not settings.telegram_enabled():
        raise ConfigError(
            "LAGERFEUER_TELEGRAM_WEBHOOK_URL: set, but LAGERFEUER_TELEGRAM_TOKEN is not; "
            "the webhook needs the bot's token"
        )
    if settings.matrix_enabled():
        if not settings.matrix_user_id:
            raise ConfigError(
                "LAGERFEUER_MATRIX_USER_ID: required when LAGERFEUER_MATRIX_HOMESERVER is set"
            )
        if not (settings.matrix_password or settings.matrix_access_token):
            raise ConfigError(
                "LAGERFEUER_MATRIX_PASSWORD or LAGERFEUER_MATRIX_ACCESS_TOKEN: one is required "
                "when LAGERFEUER_MATRIX_HOMESERVER is set"
            )
    return settings


def check_names() -> None:
    """A `LAGERFEUER_*` name in the environment or `.env` that is no setting (a typo, most
    likely) stops start-up, with the closest real name."""
    known = [name.upper() for name in Settings.model_fields]
    env_file = Path(ENV_FILE)
    try:
        from_file = list(dotenv_values(env_file)) if env_file.is_file() else []
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{ENV_FILE}: cannot be read ({_reason(exc)})") from None
    for names, where in ((list(os.environ), ""), (from_file, f" (in {ENV_FILE})")):
        for name in names:
            upper = name.upper()
            if not upper.startswith(PREFIX) or upper.removeprefix(PREFIX) in known:
                continue
            closest = difflib.get_close_matches(upper.removeprefix(PREFIX), known, n=1)
            hint = f"did you mean {PREFIX}{closest[0]}?" if closest else "see the README's table"
            raise ConfigError(f"{name}{where}: no such setting; {hint}")


def _reason(exc: OSError | UnicodeDecodeError) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else "not valid UTF-8"
