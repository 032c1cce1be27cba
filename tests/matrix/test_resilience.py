"""Staying connected: a homeserver restart under a running bot, and Synapse's rate limits."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.channels.matrix.client import MatrixConfig
from adapters.channels.matrix.limits import is_rate_limited
from adapters.runtime.bootstrap import build_app, load_checked_content
from adapters.runtime.channels import matrix_adapter
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from core.announcements.sender import DeliveryStatus
from core.content.texts import Texts
from core.errors import ConfigError
from core.kernel.messages import Action, ChatRef, CommandReceived, InboundEvent, Platform, Reply
from tests.matrix.people import Scene
from tests.support.synapse import Account, Synapse

pytestmark = pytest.mark.integration


async def test_homeserver_restart_loses_no_join(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        ben = await scene.person("ben")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None
        syncs_before = bot.adapter.syncs

        adapter = bot.adapter
        assert adapter.health().connected and adapter.health().last_update is not None
        synapse.stop()
        await anna.wait_until(lambda: not adapter.health().connected)  # `lagerfeuer status`
        synapse.start()

        mark = len(anna.seen)
        await ben.join(room)
        await anna.wait_for(
            room,
            lambda m: m.sender == bot.user_id and "ben" in m.body.lower(),
            after=mark,
            within=30,
        )
        # the batch was handled; then its token is saved and the back-off reset
        await anna.wait_until(lambda: adapter.syncs > syncs_before and adapter.failures == 0)
        assert adapter.health().connected


async def test_a_batch_cut_short_is_handled_after_the_restart(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.app is not None and bot.adapter is not None

        # the process dies while the core works on a message: nothing was answered yet
        real = bot.app.assistant.handle
        stuck = asyncio.Event()

        async def dies_midway(
            event: InboundEvent, *, settle: bool = True, admitted: bool = False
        ) -> list[Action]:
            if isinstance(event, CommandReceived) and event.name == "datenschutz":
                stuck.set()
                await asyncio.Event().wait()
            return await real(event, settle=settle, admitted=admitted)

        bot.app.assistant.handle = dies_midway  # type: ignore[method-assign]
        mark = len(anna.seen)
        await anna.say(room, "!datenschutz")
        await asyncio.wait_for(stuck.wait(), 15)
        await bot.restart()

        texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
        privacy = texts.get("privacy.text", "de").splitlines()[0]
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and m.body.startswith(privacy), after=mark
        )
        answers = [m for m in anna.seen[mark:] if m.body.startswith(privacy)]
        assert len(answers) == 1


@pytest.mark.parametrize("dies", ["before the reply left", "after the reply left"])
async def test_a_crash_around_the_reply_leaves_exactly_one_answer(
    synapse: Synapse, tmp_path: Path, dies: str
) -> None:
    """The event is marked handled only after its reply went out, and handled again after a
    crash; the repeat's transaction id is the first one's, so Synapse posts it once."""
    texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
    privacy = texts.get("privacy.text", "de").splitlines()[0]
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None and bot.adapter.outbound is not None
        outbound = bot.adapter.outbound
        real = outbound.send
        stuck = asyncio.Event()

        async def crashes(
            room_id: str, content: dict[str, Any], txn_id: str | None = None
        ) -> str | None:
            answer = None
            if not str(content.get("body", "")).startswith(privacy):
                return await real(room_id, content, txn_id)
            if dies == "after the reply left":
                answer = await real(room_id, content, txn_id)
            stuck.set()
            await asyncio.Event().wait()
            return answer

        outbound.send = crashes  # type: ignore[method-assign]
        mark = len(anna.seen)
        await anna.say(room, "!datenschutz")
        await asyncio.wait_for(stuck.wait(), 15)
        await bot.restart()

        await anna.say(room, "!start")  # answered after the redelivered !datenschutz
        await anna.wait_for(
            room,
            lambda m: m.sender == bot.user_id and not m.body.startswith(privacy),
            after=mark,
        )
        answers = [m for m in anna.seen[mark:] if m.body.startswith(privacy)]
        assert len(answers) == 1, f"{len(answers)} answers"


async def test_back_off_grows_from_one_second_to_sixty(tmp_path: Path) -> None:
    app = await build_app(Settings(_env_file=None, database=tmp_path / "db"))  # type: ignore[call-arg]
    try:
        config = MatrixConfig("http://127.0.0.1:9", "@bot:localhost", tmp_path / "store")
        adapter = matrix_adapter(app, config=config)
        pauses = []
        for failures in range(1, 10):
            adapter.failures = failures
            pauses.append(adapter.backoff())
        assert pauses == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    finally:
        await app.close()


async def test_a_homeserver_down_at_start_is_waited_for(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        await bot.stop()

        synapse.stop()
        try:
            bot.ready_within = 1.0
            await bot.start()
            assert bot.adapter is not None and not bot.adapter.ready.is_set()
            # what the core says meanwhile waits, without holding up the caller
            chat = ChatRef(Platform.MATRIX, room, is_private=False)
            await asyncio.wait_for(bot.adapter.perform([Reply(chat, "noch da")]), 1)
        finally:
            synapse.start()
        await anna.wait_for(room, lambda m: m.body == "noch da", within=30)
        ben = await scene.person("ben")
        mark = len(anna.seen)
        await ben.join(room)
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and "ben" in m.body.lower(), after=mark
        )


async def test_a_refused_login_names_the_setting(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        account = scene.account("lagerfeuer")
        wrong = Account(account.user_id, "not-the-password", "")
        with pytest.raises(ConfigError, match="LAGERFEUER_MATRIX_PASSWORD"):
            await scene.bot(account=wrong)


async def test_watchdog_restarts_a_hung_sync(synapse: Synapse, tmp_path: Path) -> None:
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot(sync_timeout_ms=1_000, watchdog_seconds=2.0)
        anna = await scene.person("anna")
        ben = await scene.person("ben")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None

        synapse.pause()
        try:
            await asyncio.sleep(3.5)
        finally:
            synapse.resume()
        assert bot.adapter.stalls >= 1, "the hung sync was noticed"

        mark = len(anna.seen)
        await ben.join(room)
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and "ben" in m.body.lower(), after=mark
        )


@pytest.fixture(scope="module")
def strict_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """A second Synapse with the rate limits every real server has."""
    server = Synapse(tmp_path_factory.mktemp("strict-synapse"), raise_limits=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_rate_limits_are_reported_then_waited_out(
    strict_synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(strict_synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        adapter = bot.adapter
        assert adapter is not None and adapter.announcer is not None
        assert adapter.outbound is not None
        chat = ChatRef(Platform.MATRIX, room, is_private=False)

        results = [
            await adapter.announcer.deliver(chat, f"Nummer {n}", None, f"burst-{n}", pin=False)
            for n in range(12)
        ]
        limited = [r for r in results if r.status is DeliveryStatus.RETRY]
        assert limited, "Synapse's default burst of 10 messages was exceeded"
        assert all(r.retry_after is not None and r.retry_after > 0 for r in limited)

        # the same key again is the same message, never a second one
        again = await adapter.announcer.deliver(chat, "Nummer 0", None, "burst-0", pin=False)
        first = results[0]
        assert again.status in (DeliveryStatus.SENT, DeliveryStatus.RETRY)
        if again.status is DeliveryStatus.SENT:
            assert again.message_id == first.message_id

        # an ordinary reply waits as long as the server asks, then goes out
        event_id = await adapter.outbound.send(room, {"msgtype": "m.notice", "body": "danach"})
        assert event_id is not None
        assert is_rate_limited("M_LIMIT_EXCEEDED", None)


async def test_override_ratelimit_from_the_readme_exempts_the_bot(
    strict_synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(strict_synapse, tmp_path) as scene:
        admin = strict_synapse.register_user(f"admin{Scene.counter}", admin=True)
        bot = await scene.bot()
        strict_synapse.request(
            "POST",
            f"/_synapse/admin/v1/users/{bot.user_id}/override_ratelimit",
            {"messages_per_second": 0, "burst_count": 0},
            token=admin.access_token,
        )
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        assert bot.adapter is not None and bot.adapter.announcer is not None
        chat = ChatRef(Platform.MATRIX, room, is_private=False)
        results = [
            await bot.adapter.announcer.deliver(chat, f"Nr. {n}", None, f"free-{n}", pin=False)
            for n in range(15)
        ]
        assert [r.status for r in results] == [DeliveryStatus.SENT] * 15
        # a retry with the same key (after a timeout or a crash) is the same message
        again = await bot.adapter.announcer.deliver(chat, "Nr. 0", None, "free-0", pin=False)
        assert again.status is DeliveryStatus.SENT
        assert again.message_id == results[0].message_id
        texts = [m.body for m in await anna.quiet(room, 0.5, 0) if m.body == "Nr. 0"]
        assert texts == ["Nr. 0"]
