"""Operator settings from the environment or `.env`; read only by bootstrap."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.content.model import LANGUAGES
from core.errors import ConfigError

BUNDLED_CONTENT = Path(__file__).resolve().parents[2] / "content"
URL = re.compile(r"^https?://(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(:\d{1,5})?([/?#]\S*)?$")
"""An http(s) address with a host: a name, an IPv4 address or a bracketed IPv6 address."""
TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
MATRIX_USER = re.compile(r"^@[^:\s]+:\S+$")


class Settings(BaseSettings):
    """Every `LAGERFEUER_*` variable of SPEC section 5."""

    model_config = SettingsConfigDict(
        env_prefix="LAGERFEUER_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    database: Path = Path("./lagerfeuer.db")
    content_dir: Path = BUNDLED_CONTENT
    language: str = Field(default="de", pattern=f"^({'|'.join(LANGUAGES)})$")
    timezone: str = "Europe/Berlin"
    moderators: str = ""
    telegram_token: SecretStr | None = None
    telegram_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = Field(default="0.0.0.0:8443", pattern=r"^\S*:\d{1,5}$")
    matrix_homeserver: str | None = None
    matrix_user_id: str | None = Field(default=None, pattern=r"^@[^:\s]+:\S+$")
    matrix_password: SecretStr | None = None
    matrix_access_token: SecretStr | None = None
    matrix_store: Path = Path("./matrix-store")
    matrix_autojoin: str = ""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("not a known time zone such as Europe/Berlin") from exc
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
                raise ValueError(f"{item!r} is not platform:id (telegram:123, matrix:@a:b.org)")
        return value

    @field_validator("telegram_token")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value() if value is not None else ""
        if secret and not TELEGRAM_TOKEN.match(secret):
            raise ValueError("not a bot token as BotFather gives it (digits, a colon, letters)")
        return value

    @field_validator("telegram_base_url", "telegram_webhook_url", "matrix_homeserver")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not URL.match(value):
            raise ValueError("not an http:// or https:// address")
        return value

    @field_validator("matrix_autojoin")
    @classmethod
    def _autojoin(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            if not (MATRIX_USER.match(item) or (item.startswith(":") and len(item) > 1)):
                raise ValueError(f"{item!r} is neither a user (@a:b.org) nor a server (:b.org)")
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
    """Read the settings; a bad value becomes one line naming the variable."""
    try:
        settings = Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "?"
        raise ConfigError(f"LAGERFEUER_{field.upper()}: {err['msg']}") from None
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
