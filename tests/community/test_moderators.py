"""`/moderators add|remove|list`: community moderators named in the chat, kept in the database."""

from __future__ import annotations

from pathlib import Path

from tests.community.test_who_may import TEXTS
from tests.harness import Harness, joined


async def test_naming_listing_and_removing_community_moderators(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        assert "Pizza" not in joined(await h.say("/offenefragen", user="Nele"))
        await h.say("Was kostet eine Pizza?", user="Gast")
        added = joined(await h.say("/moderators add console:nele", user="Cora"))
        assert added == TEXTS.get("moderators.added", "de", id="console:nele")
        assert "Pizza" in joined(await h.say("/offenefragen", user="Nele")), "Nele may now"

        await h.restart()
        listing = joined(await h.say("/moderatoren", user="Nele"))
        assert TEXTS.get("moderators.line_operator", "de", id="console:cora") in listing
        assert TEXTS.get("moderators.line_named", "de", id="console:nele") in listing, "kept"

        again = joined(await h.say("/moderatoren hinzufuegen nele", user="Cora"))
        assert again == TEXTS.get("moderators.already", "de", id="console:nele")
        operator = joined(await h.say("/moderators remove console:cora", user="Nele"))
        assert operator == TEXTS.get("moderators.operator_listed", "de", id="console:cora")
        removed = joined(await h.say("/moderatoren entfernen console:nele", user="Cora"))
        assert removed == TEXTS.get("moderators.removed", "de", id="console:nele")
        assert "Pizza" not in joined(await h.say("/offenefragen", user="Nele"))
        gone = joined(await h.say("/moderators remove console:nele", user="Cora"))
        assert gone == TEXTS.get("moderators.not_named", "de", id="console:nele")
    finally:
        await h.close()


async def test_ids_of_every_platform_and_bad_ones(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        for typed in ("telegram:123456", "matrix:@anna:example.org"):
            assert "Erledigt" in joined(await h.say(f"/moderators add {typed}", user="Cora"))
        store = h.app.store
        assert await store.is_named_moderator("telegram", "123456")
        assert await store.is_named_moderator("matrix", "@anna:example.org")
        for typed in ("telegram:abc", "matrix:anna", "", "zwei Wörter"):
            answer = joined(await h.say(f"/moderators add {typed}", user="Cora"))
            expected = "moderators.usage" if not typed else "moderators.bad_id"
            assert TEXTS.get(expected, "de") in answer, typed
        named = {(m.platform, m.user_id) for m in await store.named_moderators()}
        assert named == {("telegram", "123456"), ("matrix", "@anna:example.org")}
    finally:
        await h.close()


async def test_nobody_else_names_moderators_and_the_refusal_names_nobody(
    harness: Harness,
) -> None:
    for place in (None, "Treff"):
        refusal = joined(await harness.say("/moderators add console:olga", user="Olga", room=place))
        assert refusal == TEXTS.get("common.community_only", "de")
        assert "olga" not in refusal.lower() and "Treff" not in refusal
    assert await harness.app.store.named_moderators() == []


async def test_forget_ends_being_a_named_moderator(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        await h.say("/moderators add console:nele", user="Cora")
        await h.say("/forget", user="Nele")
        await h.choose("forget:yes", user="Nele")
        assert not await h.app.store.is_named_moderator("console", "nele")
    finally:
        await h.close()
