"""Buttons whose meaning the adapter keeps (long choice values, anonymous administrators'
confirmations) still work after the application restarts over the same database."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from adapters.storage.store import SqliteStore
from tests.support.botapi import BotApiServer, Sent
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration

BOT = "lagerfeuer_test_bot"
LONG_CATEGORY = "podcasts-blogs-und-weitere-hoerens-und-lesenswerte-angebote-aus-der-praxis"


def content_with_a_long_category(folder: Path) -> Path:
    """The bundled content, one category renamed so its choice value exceeds 64 bytes."""
    content = folder / "content"
    shutil.copytree(BUNDLED_CONTENT, content)
    catalogue = content / "catalogue.yaml"
    text = re.sub(
        r"(id|category): podcasts-blogs\b", rf"\1: {LONG_CATEGORY}", catalogue.read_text()
    )
    catalogue.write_text(text)
    return content


async def categories(rig: Rig, botapi: BotApiServer, person: dict[str, object]) -> Sent:
    chat = botapi.chats[int(str(person["id"]))]
    return with_buttons(await rig.do(botapi.message(chat, person, "/resources")))


async def test_a_long_valued_button_works_after_a_restart(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    content = content_with_a_long_category(tmp_path)
    loaded = load_checked_content(content)
    titles = {e.title for e in loaded.catalogue.entries if e.category == LONG_CATEGORY}
    db = tmp_path / "lagerfeuer.db"
    anna = botapi.user(1201, "Anna")
    rig = await Rig.start(botapi, db, content_dir=content)
    try:
        menu = await categories(rig, botapi, anna)
    finally:
        await rig.stop()
    [button] = [b for b in menu.buttons() if b["text"] == "Podcasts und Blogs"]
    assert button["callback_data"].startswith("tgv:"), "the value stands in for a long one"

    rig = await Rig.start(botapi, db, content_dir=content)  # a new process, the same database
    try:
        listing = "\n".join(s.text for s in await rig.press(menu, anna, "Podcasts und Blogs"))
        assert titles and all(title in listing for title in titles)
        later = await categories(rig, botapi, anna)
        rig.clock.advance(3 * 24 * 3600)
        [expired] = await rig.press(later, anna, "Podcasts und Blogs")
        assert expired.text == loaded.texts["common.choice_expired"].de, "pruned"
    finally:
        await rig.stop()


async def test_an_anonymous_confirmation_works_after_a_restart(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    owner = botapi.user(1301, "Olga")
    group = botapi.group(-1001301, "Netzwerk", owner=owner)
    db = tmp_path / "lagerfeuer.db"
    rig = await Rig.start(botapi, db)
    try:
        [ask] = await rig.do(botapi.message(group, owner, f"/settings@{BOT}", anonymous=True))
    finally:
        await rig.stop()
    rig = await Rig.start(botapi, db)
    try:
        sent = await rig.press(ask, owner, ask.buttons()[0]["text"])
        assert with_buttons(sent).buttons(), "the owner confirmed and sees the settings"
        assert "text" not in botapi.callback_answers[-1], "no refusal"
        assert await rig.press(ask, owner, ask.buttons()[0]["text"]) == [], "used only once"
        assert botapi.callback_answers[-1].get("text"), "a second press is refused"
    finally:
        await rig.stop()


async def test_forgetting_a_person_wipes_what_their_private_buttons_stood_for(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "lagerfeuer.db")
    try:
        now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
        until = now + timedelta(days=2)
        await store.keep_pending("1201", {"tgv:a": "cat:x:0:"}, until, now)
        await store.keep_pending("-1001301", {"tgv:a": "cat:y:0:"}, until, now)
        await store.forget_person("telegram", "1201")
        assert await store.pending("1201", "tgv:a", now) is None
        assert await store.pending("-1001301", "tgv:a", now) == "cat:y:0:", "a group's stays"
    finally:
        await store.close()


async def test_expired_tokens_are_pruned(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "lagerfeuer.db")
    try:
        now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
        await store.keep_pending("1", {"tgv:old": "a"}, now + timedelta(days=2), now)
        await store.keep_pending("1", {"tgc:new": "b"}, now + timedelta(days=4), now)
        assert await store.prune_pending(now + timedelta(days=3)) == 1
        assert await store.pending("1", "tgc:new", now) == "b"
        assert await store.pending("1", "tgv:old", now) is None, "deleted, not only hidden"
    finally:
        await store.close()
