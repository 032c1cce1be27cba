"""Builds the channels over the assembled app, and the delivery loop over their senders.

The only importer of `channels/telegram` and `channels/matrix`: each is imported when it is
built, since it loads its platform's library. A channel gets a `ChannelContext` and the one
`Router`, never the settings or the app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from adapters.channels.contract import ChannelAdapter, ChannelContext
from adapters.channels.libraries import MATRIX_EXTRAS, TELEGRAM_EXTRAS, import_without
from adapters.runtime.bootstrap import App
from adapters.runtime.settings import Settings
from core.announcements.delivery import OutboxWorker
from core.errors import LagerfeuerError
from core.kernel.messages import Action, platform_of

if TYPE_CHECKING:
    from adapters.channels.matrix.client import MatrixAdapter, MatrixConfig
    from adapters.channels.matrix.offline import Outcome as Outcome
    from adapters.channels.matrix.store import KeyWaitStore
    from adapters.channels.telegram.app import TelegramAdapter, TelegramConfig
    from adapters.channels.telegram.pacing import Pacer
    from adapters.channels.telegram.store import TelegramStore

StoreT = TypeVar("StoreT")


def _unheard(error: LagerfeuerError) -> None:
    raise error


class Router:
    """Carries actions to the channel of their platform; each channel is added once built.
    `fail` is where a channel reports that it cannot go on (the service stops)."""

    def __init__(self, fail: Callable[[LagerfeuerError], None] = _unheard) -> None:
        self.channels: list[ChannelAdapter] = []
        self.fail = fail

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
        register_doors=app.doors.register,
        router=router,
        store=store,
        default_language=app.settings.language,
        fail=router.fail,
    )


def _load(platform: str) -> None:
    """Import a channel's module (and its platform library) without the extras it never uses."""
    if platform == "telegram":
        import_without("adapters.channels.telegram.app", TELEGRAM_EXTRAS)
    else:
        import_without("adapters.channels.matrix.client", MATRIX_EXTRAS)


def telegram_config(settings: Settings) -> TelegramConfig:
    """The Telegram channel's configuration from the operator's settings."""
    _load("telegram")
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
    _load("matrix")
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


async def reset_matrix_identity(settings: Settings, within: float) -> Outcome:
    """A new cross-signing identity for the configured Matrix account (see `matrix/reset.py`),
    unless the homeserver takes longer than `within` seconds."""
    config = matrix_config(settings)
    from adapters.channels.matrix.reset import reset_identity

    return await reset_identity(config, within)


async def make_matrix_recovery_key(settings: Settings, within: float) -> Outcome:
    """The bot's identity kept in secret storage under a new recovery key (`matrix/recovery.py`)."""
    config = matrix_config(settings)
    from adapters.channels.matrix.recovery import make_recovery_key

    return await make_recovery_key(config, within)


async def restore_matrix_identity(settings: Settings, within: float, typed: str) -> Outcome:
    """The bot's identity brought back from secret storage with the recovery key `typed`."""
    config = matrix_config(settings)
    from adapters.channels.matrix.recovery import restore_identity

    return await restore_identity(config, within, typed)


def telegram_adapter(
    app: App,
    config: TelegramConfig | None = None,
    router: Router | None = None,
    pacer: Pacer | None = None,
) -> TelegramAdapter:
    """The Telegram channel of this app, added to `router` (a router of its own by default)."""
    _load("telegram")
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
    _load("matrix")
    from adapters.channels.matrix.client import MatrixAdapter

    router = router or Router()
    ctx: ChannelContext[KeyWaitStore] = channel_context(app, app.store, router)
    adapter = MatrixAdapter(ctx, config or matrix_config(app.settings))
    router.channels.append(adapter)
    return adapter


def build_channels(app: App, fail: Callable[[LagerfeuerError], None] = _unheard) -> Router:
    """The channels whose credentials are configured, each routing through the one router;
    a channel that cannot go on calls `fail`."""
    router = Router(fail)
    if app.settings.telegram_enabled():
        telegram_adapter(app, router=router)
    if app.settings.matrix_enabled():
        matrix_adapter(app, router=router)
    return router


def delivery_worker(app: App, channels: Sequence[ChannelAdapter]) -> OutboxWorker:
    """The announcement delivery loop over the started channels' senders."""
    return OutboxWorker(app.store, [c.announcement_sender for c in channels], app.clock)
