"""The one place that reads settings and builds and wires the core and storage; the channels
are built over it in `adapters/runtime/channels.py`."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from adapters.channels.console.facts import FACTS as CONSOLE_FACTS
from adapters.channels.matrix.facts import FACTS as MATRIX_FACTS
from adapters.channels.telegram.facts import FACTS as TELEGRAM_FACTS
from adapters.clock import SystemClock
from adapters.doors import DoorDirectory
from adapters.moderation import ModeratorDirectory
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from adapters.storage.store import SqliteStore
from core import (
    announcements,
    answers,
    basics,
    community,
    contact,
    flows,
    rooms,
    rules,
    welcome,
)
from core.announcements.sender import PlatformFacts
from core.content import required
from core.content.model import Content, TextCheck, load_content, read_texts
from core.kernel.assistant import Assistant, ContentHolder, Deps, Installer
from core.kernel.commands import check_aliases
from core.kernel.messages import Platform
from core.kernel.ports import Clock

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
        community.install,
        functools.partial(welcome.install, store=store),
        rooms.install,
        functools.partial(rules.install, store=store),
        functools.partial(contact.install, store=store),
        functools.partial(announcements.install, store=store, platforms=PLATFORMS),
        functools.partial(flows.install, store=store),
        functools.partial(answers.install, store=store),
    ]


def load_checked_content(folder: Path) -> Content:
    """Load the content folder with every check; raises ContentError. A folder other than
    the bundled one must have every text the bundled one has (core/content/required.py)."""
    checks: tuple[TextCheck, ...] = (check_aliases,)
    if folder.resolve() != BUNDLED_CONTENT.resolve():
        checks += (_bundled_texts(),)
    return load_content(folder, flow_loader=flows.load_flow, text_checks=checks)


@functools.cache
def _bundled_texts() -> TextCheck:
    return required.like(*read_texts(BUNDLED_CONTENT / "texts"))


@dataclass
class App:
    """The assembled core and what it runs on."""

    settings: Settings
    store: SqliteStore
    content: ContentHolder
    assistant: Assistant
    moderators: ModeratorDirectory
    clock: Clock
    doors: DoorDirectory

    async def close(self) -> None:
        """Release the database."""
        await self.store.close()

    def reload_content(self) -> bool:
        """Reload content/; content failing the check is refused and the old stays."""
        return self._take(self._read_content())

    async def reload_content_aside(self) -> bool:
        """`reload_content` with the reading and checking in a worker thread, so a big
        catalogue does not stall everyone's replies (SIGHUP in the service)."""
        return self._take(await asyncio.to_thread(self._read_content))

    def _read_content(self) -> Content | Exception:
        try:
            return load_checked_content(self.settings.content_dir)
        except Exception as exc:  # ContentError lists problems; anything else is logged too
            return exc

    def _take(self, fresh: Content | Exception) -> bool:
        log = logging.getLogger("lagerfeuer.content")
        if isinstance(fresh, Exception):
            log.error("content reload refused:\n%s", fresh)
            return False
        self.content.replace(fresh)
        log.info("content reloaded")
        return True


async def build_app(
    settings: Settings, clock: Clock | None = None, operators: Iterable[str] = ()
) -> App:
    """Open storage, load content and assemble the assistant. The community moderators of
    the operator are `LAGERFEUER_MODERATORS` and `operators` (the terminal's `--moderator`)."""
    content = ContentHolder(load_checked_content(settings.content_dir))
    store = await SqliteStore.open(settings.database)
    content.teach(await store.overlay())  # what moderators taught in the chat, on top
    moderators = ModeratorDirectory()
    doors = DoorDirectory()
    the_clock = clock or SystemClock()
    deps = Deps(
        content=content,
        store=store,
        clock=the_clock,
        moderators=moderators,
        doors=doors,
        default_language=settings.language,
        timezone=settings.timezone,
        operators=frozenset({*settings.moderator_ids(), *operators}),
    )
    assistant = Assistant(deps, installers(store))
    return App(settings, store, content, assistant, moderators, the_clock, doors)


def configure_logging(level: int = logging.INFO) -> None:
    """Plain logs on stderr; HTTP client loggers quiet, since URLs carry the Telegram token."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)  # a second call (cli, then run) changes the level too
    for noisy in ("httpx", "httpcore", "telegram", "nio", "aiohttp.access", "peewee"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
