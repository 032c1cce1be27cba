"""The Matrix adapter: translate (nio events -> core), render (replies -> notices), client."""

from __future__ import annotations

from adapters.channels.matrix.client import MatrixAdapter, MatrixConfig
from adapters.runtime.bootstrap import App
from core.kernel.messages import Platform


def config_from_settings(app: App) -> MatrixConfig:
    """The adapter's configuration from the operator's settings."""
    settings = app.settings
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


def matrix_adapter(app: App, config: MatrixConfig | None = None) -> MatrixAdapter:
    """The adapter for this app, answering the moderator question for Matrix rooms."""
    adapter = MatrixAdapter(app.assistant, config or config_from_settings(app))
    app.moderators.register(Platform.MATRIX, adapter)
    return adapter


__all__ = ["MatrixAdapter", "MatrixConfig", "config_from_settings", "matrix_adapter"]
