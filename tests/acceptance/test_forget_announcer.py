"""C7 from a moderator's side: an announcement sent from the private chat keeps no trace of them."""

from __future__ import annotations

from datetime import timedelta

from core.kernel.messages import Reply
from tests.harness import Harness, joined
from tests.operations.test_privacy import rows_mentioning

MODERATOR = "Quirinella"


async def test_forget_removes_the_private_chat_an_announcement_came_from(
    harness: Harness,
) -> None:
    # a community moderator named in the chat (the row goes with /forget too)
    await harness.app.store.name_moderator("console", MODERATOR.lower(), harness.clock.now())
    await harness.say("/subscribe", user=MODERATOR)
    preview = await harness.say("/announce Treffen am Freitag", user=MODERATOR)
    assert any(isinstance(a, Reply) and a.choices for a in preview)
    await harness.choose("ann:subs", user=MODERATOR)
    sent = await harness.choose("ann:send", user=MODERATOR)
    assert "#1" in joined(sent)
    await harness.tick(5)
    user_id = harness.user(MODERATOR).id
    assert any("announcements:" in row for row in rows_mentioning(harness.db, user_id))

    await harness.say("/forget", user=MODERATOR)
    done = await harness.choose("forget:yes", user=MODERATOR)

    assert "gelöscht" in joined(done)
    assert rows_mentioning(harness.db, user_id) == []
    since = harness.clock.now() - timedelta(days=1)
    listing = await harness.app.store.list_announcements(since, 10)
    assert [a.text for a in listing] == ["Treffen am Freitag"], "the announcement itself stays"
    later = await harness.tick(60)
    assert not [a for a in later if isinstance(a, Reply) and a.chat.id == f"dm-{user_id}"]
