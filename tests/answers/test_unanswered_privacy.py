"""Unanswered questions are no leak: masked before they are kept, small talk not kept, at most
1,000 and 90 days, and only community moderators read them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from adapters.storage.store import SqliteStore
from core.answers.masking import Masks, mask
from core.answers.service import UNANSWERED_LIMIT
from tests.harness import FakeClock, Harness, joined

STREETS = ("straße", "strasse", "weg", "allee", "street", "road")
MASKS = Masks("[E-Mail]", "[Telefon]", "[Adresse]", STREETS, "[IBAN]", "[Name]")


async def kept(h: Harness) -> list[str]:
    return [q.text for q in await h.app.store.list_unanswered(50)]


async def test_personal_details_are_masked_before_the_question_is_kept(harness: Harness) -> None:
    await harness.say(
        "Ich bin Bob Beispiel, Musterweg 1, 24103 Kiel, bob@example.org, Tel. 0151 23456789:"
        " wer leiht mir einen Beamer?",
        user="Bob",
    )
    [text] = await kept(harness)
    assert text == (
        "Ich bin [Name], [Adresse], [Adresse], [E-Mail], Tel. [Telefon]:"
        " wer leiht mir einen Beamer?"
    )


async def test_streets_with_sharp_s_or_a_dot_and_bank_accounts_are_masked_too(
    harness: Harness,
) -> None:
    for text in (
        "Ich wohne in der Hauptstraße 5 in Köln, wo ist ein Chor",
        "Bahnhofstr. 12, wo ist der Chor",
        "Meine IBAN ist DE89 3704 0044 0532 0130 00, wer spendet für den Chor?",
        "\x00\x01\x1b[31mFrage zum Segeln\x1b[0m",  # no control codes on a moderator's screen
    ):
        await harness.say(text, user="Bob")
    assert sorted(await kept(harness)) == sorted(
        [
            "Ich wohne in der [Adresse] in Köln, wo ist ein Chor",
            "[Adresse], wo ist der Chor",
            "Meine IBAN ist [IBAN], wer spendet für den Chor?",
            "Frage zum Segeln",
        ]
    )


async def test_greetings_thanks_flow_words_and_numbers_are_not_kept(harness: Harness) -> None:
    noted = "Ich habe mir die Frage notiert"
    for text in ("Hallo!", "Moin moin", "Danke dir!", "thank you", "zurück", "abbrechen", "7"):
        assert noted not in joined(await harness.say(text, user="Bob")), "it says no untruth"
    assert await kept(harness) == []
    assert noted in joined(await harness.say("Hallo, wer leiht mir einen Beamer?", user="Bob"))
    assert await kept(harness) == ["Hallo, wer leiht mir einen Beamer?"]


async def test_only_community_moderators_read_them(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db", community={"cora"})
    try:
        await h.say("Wer leiht mir einen Beamer?", user="Bob")
        h.moderators.user_ids.add("rami")  # a moderator of every room, but of no community
        assert "Beamer" not in joined(await h.say("/offenefragen", user="Rami"))
        assert "Beamer" in joined(await h.say("/offenefragen", user="Cora"))
    finally:
        await h.close()


async def test_at_most_a_thousand_the_oldest_go_first(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "db")
    clock = FakeClock()
    try:
        for number in range(1003):
            await store.record_unanswered(f"Frage {number}", "de", clock.now(), keep=1000)
            clock.advance(1)
        texts = {q.text for q in await store.list_unanswered(2000)}
        assert len(texts) == 1000
        assert {"Frage 0", "Frage 1", "Frage 2"}.isdisjoint(texts)
        assert "Frage 1002" in texts
    finally:
        await store.close()


async def test_kept_ninety_days_at_most(tmp_path: Path) -> None:
    clock = FakeClock()
    h = await Harness.create(tmp_path / "db", clock=clock)
    try:
        await h.say("Wer leiht mir einen Beamer?", user="Bob")
        await h.tick(3600)
        clock.advance((UNANSWERED_LIMIT - timedelta(days=1)).total_seconds())
        await h.say("Was kostet eine Pizza?", user="Bob")
        await h.tick(3600)
        assert sorted(await kept(h)) == ["Was kostet eine Pizza?", "Wer leiht mir einen Beamer?"]
        await h.tick(2 * 86400)  # the first is 90 days old now; the retention job runs hourly
        assert await kept(h) == ["Was kostet eine Pizza?"]
    finally:
        await h.close()


async def test_privacy_says_so(harness: Harness) -> None:
    for lang, words in (("de", ("90 Tage", "1.000", "ersetze")), ("en", ("90 days", "1,000"))):
        await harness.say(f"/language {lang}", user="Bob")
        text = joined(await harness.say("/privacy", user="Bob"))
        assert all(word in text for word in words), (lang, text)


def test_masking_leaves_dates_years_and_figures_alone() -> None:
    for text in (
        "Barcamp Nürnberg 2026 am 03.12.2026 um 18:00",
        "Treffen am 2026-12-03, 1.000.000 Menschen, 40 Leute",
        "Wie komme ich in 10 Minuten zum Bahnhof?",
    ):
        assert mask(text, MASKS) == text
    assert mask("+49 30 1234567 oder 030/123456", MASKS) == "[Telefon] oder [Telefon]"
    assert mask("I live at 221B Baker Street", MASKS) == "I live at [Adresse]"
    assert mask("Berliner Allee 5-7 in 40212 Düsseldorf", MASKS) == "[Adresse] in [Adresse]"
