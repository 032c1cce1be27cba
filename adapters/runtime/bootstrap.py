"""The one place that reads settings and builds and wires everything: the core, storage, the
channels (the only importer of channels/telegram and channels/matrix) and the delivery loop."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from adapters.channels.console.facts import FACTS as CONSOLE_FACTS
from adapters.channels.contract import ChannelAdapter, ChannelContext
from adapters.channels.matrix.facts import FACTS as MATRIX_FACTS
from adapters.channels.telegram.facts import FACTS as TELEGRAM_FACTS
from adapters.clock import SystemClock
from adapters.moderation import ModeratorDirectory
from adapters.runtime.settings import Settings
from adapters.storage.store import SqliteStore
from core import announcements, answers, basics, flows, rooms, welcome
from core.announcements.delivery import OutboxWorker
from core.announcements.sender import PlatformFacts
from core.content.model import Content, load_content
from core.kernel.assistant import Assistant, ContentHolder, Deps, Installer
from core.kernel.messages import Action, Platform, platform_of
from core.kernel.ports import Clock

if TYPE_CHECKING:  # the channels load their platform's library: imported when built
    from adapters.channels.matrix.client import MatrixAdapter, MatrixConfig
    from adapters.channels.telegram.app import TelegramAdapter, TelegramConfig
    from adapters.channels.telegram.pacing import Pacer
    from adapters.channels.telegram.store import TelegramStore

StoreT = TypeVar("StoreT")

PLATFORMS: dict[Platform, PlatformFacts] = {
    Platform.TELEGRAM: TELEGRAM_FACTS,
    Platform.MATRIX: MATRIX_FACTS,
    Platform.CONSOLE: CONSOLE_FACTS,
}
"""What each channel declares about announcements on its platform, whether it runs here or
not: an announcement queued here may be delivered by another process."""


def installers(store: SqliteStore) -> list[Installer]:
    """Every core feature, in the order they register, each handed its own port.

    The one SQLite store is every port; mypy checks here that it satisfies each of them.
    """
    return [
        basics.install,
        functools.partial(welcome.install, store=store),
        rooms.install,
        functools.partial(announcements.install, store=store, platforms=PLATFORMS),
        functools.partial(flows.install, store=store),
        functools.partial(answers.install, store=store),
    ]


def load_checked_content(folder: Path) -> Content:
    """Load the content folder with every check; raises ContentError."""
    return load_content(folder, flow_loader=flows.load_flow)


@dataclass
class App:
    """The assembled core and what it runs on."""

    settings: Settings
    store: SqliteStore
    content: ContentHolder
    assistant: Assistant
    moderators: ModeratorDirectory
    clock: Clock

    async def close(self) -> None:
        """Release the database."""
        await self.store.close()

    def reload_content(self) -> bool:
        """Reload content/; content failing the check is refused and the old stays."""
        log = logging.getLogger("lagerfeuer.content")
        try:
            fresh = load_checked_content(self.settings.content_dir)
        except Exception as exc:  # ContentError lists problems; anything else is logged too
            log.error("content reload refused:\n%s", exc)
            return False
        self.content.replace(fresh)
        log.info("content reloaded")
        return True


async def build_app(settings: Settings, clock: Clock | None = None) -> App:
    """Open storage, load content and assemble the assistant."""
    content = ContentHolder(load_checked_content(settings.content_dir))
    store = await SqliteStore.open(settings.database)
    moderators = ModeratorDirectory(settings.moderator_ids())
    the_clock = clock or SystemClock()
    deps = Deps(
        content=content,
        store=store,
        clock=the_clock,
        moderators=moderators,
        default_language=settings.language,
        timezone=settings.timezone,
    )
    assistant = Assistant(deps, installers(store))
    return App(settings, store, content, assistant, moderators, the_clock)


def configure_logging(level: int = logging.INFO) -> None:
    """Plain logs on stderr; HTTP client loggers quiet, since URLs carry the Telegram token."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)  # a second call (cli, then run) changes the level too
    for noisy in ("httpx", "httpcore", "telegram", "nio", "aiohttp.access", "peewee"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# ---------------------------------------------------------------------- channels


class Router:
    """Carries actions to the channel of their platform; each channel is added once built."""

    def __init__(self) -> None:
        self.channels: list[ChannelAdapter] = []

    async def __call__(self, actions: Sequence[Action]) -> None:
        await dispatch(self.channels, actions)


async def dispatch(channels: Sequence[ChannelAdapter], actions: Sequence[Action]) -> None:
    """Hand each action to the channel of its platform."""
    for channel in channels:
        mine = [a for a in actions if platform_of(a) is channel.platform]
        if mine:
            await channel.perform(mine)


def channel_context(app: App, store: StoreT, router: Router) -> ChannelContext[StoreT]:
    """What a channel gets of the app: never the settings or the app itself."""
    return ChannelContext(
        assistant=app.assistant,
        content=app.content,
        clock=app.clock,
        register_moderators=app.moderators.register,
        router=router,
        store=store,
        default_language=app.settings.language,
    )


def telegram_config(settings: Settings) -> TelegramConfig:
    """The Telegram channel's configuration from the operator's settings."""
    from adapters.channels.telegram.app import TelegramConfig

    if settings.telegram_token is None:
        raise ValueError("LAGERFEUER_TELEGRAM_TOKEN is required")
    host, _, port = settings.telegram_webhook_listen.rpartition(":")
    return TelegramConfig(
        token=settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url or None,
        webhook_url=settings.telegram_webhook_url or None,
        webhook_listen=host.strip("[]") or "0.0.0.0",
        webhook_port=int(port),
    )


def matrix_config(settings: Settings) -> MatrixConfig:
    """The Matrix channel's configuration from the operator's settings."""
    from adapters.channels.matrix.client import MatrixConfig

    if not settings.matrix_homeserver or not settings.matrix_user_id:
        raise ValueError("LAGERFEUER_MATRIX_HOMESERVER and LAGERFEUER_MATRIX_USER_ID are required")
    return MatrixConfig(
        homeserver=settings.matrix_homeserver,
        user_id=settings.matrix_user_id,
        store_path=settings.matrix_store,
        password=settings.matrix_password.get_secret_value() if settings.matrix_password else None,
        access_token=(
            settings.matrix_access_token.get_secret_value()
            if settings.matrix_access_token
            else None
        ),
        autojoin=tuple(settings.autojoin()),
    )


def telegram_adapter(
    app: App,
    config: TelegramConfig | None = None,
    router: Router | None = None,
    pacer: Pacer | None = None,
) -> TelegramAdapter:
    """The Telegram channel of this app, added to `router` (a router of its own by default)."""
    from adapters.channels.telegram.app import TelegramAdapter

    router = router or Router()
    ctx: ChannelContext[TelegramStore] = channel_context(app, app.store, router)
    adapter = TelegramAdapter(ctx, config or telegram_config(app.settings), pacer)
    router.channels.append(adapter)
    return adapter


def matrix_adapter(
    app: App, config: MatrixConfig | None = None, router: Router | None = None
) -> MatrixAdapter:
    """The Matrix channel of this app, added to `router` (a router of its own by default)."""
    from adapters.channels.matrix.client import MatrixAdapter

    router = router or Router()
    ctx = channel_context(app, None, router)
    adapter = MatrixAdapter(ctx, config or matrix_config(app.settings))
    router.channels.append(adapter)
    return adapter


def build_channels(app: App) -> Router:
    """The channels whose credentials are configured, each routing through the one router."""
    router = Router()
    if app.settings.telegram_enabled():
        telegram_adapter(app, router=router)
    if app.settings.matrix_enabled():
        matrix_adapter(app, router=router)
    return router


def delivery_worker(app: App, channels: Sequence[ChannelAdapter]) -> OutboxWorker:
    """The announcement delivery loop over the started channels' senders."""
    return OutboxWorker(app.store, [c.announcement_sender for c in channels], app.clock)

