"""Answers through the whole core over real SQLite: private, rooms, unanswered questions."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from core.kernel.messages import OnboardingInvite, Reply
from tests.harness import Harness, joined

TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)


def replies(actions: Sequence[object]) -> list[Reply]:
    return [a for a in actions if isinstance(a, Reply)]


async def test_private_question_gets_the_faq_answer_with_related_entries(harness: Harness) -> None:
    actions = await harness.say("Was ist ein Barcamp?")
    reply = replies(actions)[0]
    assert "Barcamp" in reply.text and "Programm" in reply.text
    values = [c.value for c in reply.choices]
    assert "res:barcamps-net" in values and "menu:onboarding" in values
    entry = joined(await harness.choose("res:barcamps-net"))
    assert "https://barcamps.net" in entry


async def test_an_answer_that_leads_by_little_offers_the_close_runner_up(
    harness: Harness,
) -> None:
    text = "Warum sollte ich Zeit in Kontakte investieren?"
    reply = replies(await harness.say(text))[0]
    values = [c.value for c in reply.choices]
    assert "faq:why-network" in values and len(values) <= 7, values
    assert values[-1] == "menu:onboarding" and len(set(values)) == len(values)
    assert "Kooperationen" in joined(await harness.choose("faq:why-network"))


async def test_english_after_switching_language(harness: Harness) -> None:
    await harness.say("/language en")
    text = joined(await harness.say("Where do I start?"))
    assert "Start small" in text


async def test_catalogue_entry_answer_shows_title_kind_and_link(harness: Harness) -> None:
    text = joined(await harness.say("Was ist Meetup.com?"))
    assert "Meetup" in text
    text = joined(await harness.say("Sozifon"))
    assert "Sozifon (Podcast)" in text and "Marc Hasselbach" in text


async def test_unsure_offers_short_choices_that_answer(harness: Harness) -> None:
    actions = await harness.say("Taugt Facebook heutzutage noch was?")
    reply = replies(actions)[0]
    values = [c.value for c in reply.choices]
    assert "meinst du" in reply.text.lower()
    assert {"res:facebook", "faq:twitter-vs-facebook"} <= set(values), values
    assert all(len(value.encode()) <= 64 for value in values)
    assert "Lagerfeuer" in joined(await harness.choose("faq:twitter-vs-facebook"))


async def test_an_answer_offers_its_entries_by_number(harness: Harness) -> None:
    assert "Ute Schulze" in joined(await harness.say("Netzwerk in Bonn"))
    assert "Startvision (Projekt)" in joined(await harness.say("1"))


async def test_did_you_mean_faq_choice_shows_the_answer(harness: Harness) -> None:
    text = joined(await harness.choose("faq:why-not-instagram"))
    assert "Instagram" in text
    assert "nicht mehr aktuell" in joined(await harness.choose("faq:no-such-entry"))


async def test_unknown_question_is_honest_and_kept_as_text_only(harness: Harness) -> None:
    actions = await harness.say("Wie wird das Wetter morgen?")
    reply = replies(actions)[0]
    assert "weiß ich leider nicht" in reply.text
    assert any(c.value == "menu:resources" for c in reply.choices)
    await harness.say("wie wird das   Wetter morgen?", user="Ben")
    kept = await harness.app.store.list_unanswered(10)
    assert [(q.text, q.count) for q in kept] == [("Wie wird das Wetter morgen?", 2)]
    rows = await harness.app.store.db.fetchall("SELECT * FROM unanswered_questions")
    assert set(rows[0].keys()) == {
        "question_key",
        "text",
        "lang",
        "count",
        "first_asked",
        "last_asked",
    }


async def test_greeting_alone_shows_the_menu_and_keeps_nothing(harness: Harness) -> None:
    reply = replies(await harness.say("Hallo!"))[0]
    assert reply.choices
    assert await harness.app.store.list_unanswered(10) == []


async def test_unanswered_is_for_community_moderators_and_can_be_cleared(
    harness: Harness,
) -> None:
    await harness.say("Was kostet eine Pizza?")
    refused = joined(await harness.say("/offenefragen", user="Ben"))
    assert "Pizza" not in refused
    harness.moderators.user_ids.add("mia")  # moderating rooms is not enough
    assert "Pizza" not in joined(await harness.say("/offenefragen", user="Mia"))
    await harness.app.store.name_moderator("console", "mia", harness.clock.now())
    listing = replies(await harness.say("/unanswered", user="Mia"))[0]
    assert "1× [de] Was kostet eine Pizza?" in listing.text
    refused = joined(await harness.choose("unans:clear", user="Ben"))
    assert "Nur die Moderatorinnen" in refused or "Das dürfen nur" in refused
    assert await harness.app.store.list_unanswered(10) != []
    cleared = joined(await harness.choose("unans:clear", user="Mia"))
    assert "1" in cleared
    assert await harness.app.store.list_unanswered(10) == []
    assert "keine offenen Fragen" in joined(await harness.say("/unanswered", user="Mia"))


async def test_forget_leaves_unanswered_questions_without_a_person(harness: Harness) -> None:
    await harness.say("Wie hoch ist der Mindestlohn?")
    await harness.say("/forget")
    await harness.say("1")
    assert len(await harness.app.store.list_unanswered(10)) == 1


async def test_room_answers_a_clear_newcomer_question_once_per_ten_minutes(
    harness: Harness,
) -> None:
    first = replies(await harness.say("Hallo! Wo fange ich am besten an?", room="Treff"))
    assert len(first) == 1 and isinstance(first[0].invite, OnboardingInvite)
    assert first[0].invite.payload.startswith("r_")
    harness.clock.advance(300)
    assert await harness.say("Wie kann ich hier mitmachen?", room="Treff", user="Ben") == []
    assert replies(await harness.say("Wo fange ich an?", room="Andere"))
    harness.clock.advance(301)
    assert replies(await harness.say("Wie kann ich hier mitmachen?", room="Treff", user="Ben"))


async def test_room_chatter_and_other_beginnings_get_silence(harness: Harness) -> None:
    for line in [
        "wo fange ich beim Bericht an?",
        "Guten Morgen zusammen!",
        "Kennt jemand gute Podcasts?",
        "Das Barcamp war super",
    ]:
        assert await harness.say(line, room="Treff") == [], line
    assert await harness.app.store.list_unanswered(10) == []


async def test_room_transcript_newcomers_in_their_own_words_and_chatter(
    harness: Harness,
) -> None:
    """Issue 17 item 2: newcomers asking where to begin, in dialect, English, with a greeting
    or context first, get the room answer unprompted; chatter sharing their words does not."""
    newcomers = [
        "Moin, bin neu hier und ehrenamtlich, womit fang ich an?",
        "Newbie question: where should I begin?",
        "Hallo zusammen, ich bin neu hier und weiß nicht so recht wo ich anfangen soll mit dem"
        " Vernetzen",
        "hi all, just joined – any tips how to get started?",
        "Servus, bin nei do, wo soll i anfanga?",
        "Hallo, ich bin Sozialarbeiter:in und neu in der Gruppe. Wo fange ich an?",
    ]
    for number, line in enumerate(newcomers):
        answer = replies(await harness.say(line, room=f"Raum{number}", user=f"Neu{number}"))
        assert len(answer) == 1 and isinstance(answer[0].invite, OnboardingInvite), line
    chatter = [
        "Ich hab einen neuen Job bei der Caritas!",
        "Wo fange ich bei der Steuererklärung an?",
        "wann fängt das Barcamp an?",
        "ich fang morgen neu bei der Diakonie an",
        "bin neu in Köln, kennt wer ein gutes Café?",
        "Just joined a gym, any tips for beginners?",
        "Hi, I'm new. What is a barcamp exactly?",
    ]
    for line in chatter:
        assert await harness.say(line, room="Plausch") == [], line
    assert await harness.app.store.list_unanswered(10) == []


async def test_addressed_room_message_is_answered_like_a_private_one(harness: Harness) -> None:
    text = joined(await harness.say("Was ist ein Barcamp?", room="Treff", addressed=True))
    assert "Programm" in text
    text = joined(await harness.say("Wie wird das Wetter?", room="Treff", addressed=True))
    assert "weiß ich leider nicht" in text
    assert await harness.app.store.list_unanswered(10) == []


async def test_room_setting_turns_unprompted_answers_off(harness: Harness) -> None:
    await harness.say("Guten Morgen", room="Treff")
    room = await harness.app.store.get_room("console", "treff")
    assert room is not None
    room.unprompted_answers = False
    await harness.app.store.save_room(room)
    assert await harness.say("Wo fange ich am besten an?", room="Treff") == []


async def test_question_asking_for_the_flow_starts_onboarding(harness: Harness) -> None:
    direct = joined(await harness.say("/onboarding", user="Ben"))
    via_question = joined(await harness.say("Mach mir einen persönlichen Startplan"))
    assert via_question and via_question.splitlines()[0] == direct.splitlines()[0]


async def test_room_cooldown_survives_a_restart(harness: Harness) -> None:
    assert replies(await harness.say("Wo fange ich am besten an?", room="Treff"))
    harness.clock.advance(300)
    await harness.restart()
    assert await harness.say("Wie kann ich hier mitmachen?", room="Treff", user="Ben") == []
    assert replies(await harness.say("Wo fange ich an?", room="Andere")), "per room"
    harness.clock.advance(301)
    await harness.restart()
    assert replies(await harness.say("Wie kann ich hier mitmachen?", room="Treff", user="Ben"))


async def test_a_question_about_an_entry_the_catalogue_cannot_answer_shows_the_entry(
    harness: Harness,
) -> None:
    reply = replies(await harness.say("Wer ist der Admin von Gutes sichtbar machen?"))[0]
    intro = TEXTS.get("answers.about_unknown", "de", title="Gutes sichtbar machen")
    assert reply.text.startswith(intro), reply.text
    assert "Gutes sichtbar machen (Facebook-Gruppe)" in reply.text
    assert reply.text.endswith(TEXTS.get("answers.about_noted", "de"))
    assert any(c.value == "menu:contact" for c in reply.choices)
    kept = await harness.app.store.list_unanswered(10)
    assert [q.text for q in kept] == ["Wer ist der Admin von Gutes sichtbar machen?"]
    # without a link, the entry says where to look
    podcast = joined(await harness.say("Wann kommt die nächste Folge von Sozifon?"))
    assert "Sozifon (Podcast)" in podcast and "Podcast-App" in podcast
    # addressed in a room: nothing is kept, /kontakt is for private chat
    room = replies(
        await harness.say("Wer moderiert Gutes sichtbar machen?", room="Treff", addressed=True)
    )
    assert room[0].text.endswith(TEXTS.get("answers.about_contact_room", "de"))
    assert len(await harness.app.store.list_unanswered(10)) == 2


async def test_who_makes_an_entry_is_answered_where_the_entry_says_it(harness: Harness) -> None:
    await harness.say("/language en")
    text = joined(await harness.say("Who hosts Sozifon?"))
    assert "Sozifon (podcast)" in text and "Marc Hasselbach" in text
    assert "don't know" not in text


async def test_small_talk_of_several_words_gets_a_kind_word_and_keeps_nothing(
    harness: Harness,
) -> None:
    for text, key in (
        ("haha ok cool", "care.ok"),
        ("ok, danke!", "care.thanks"),
        ("Super danke, tschüss", "care.goodbye"),
    ):
        assert joined(await harness.say(text)) == TEXTS.get(key, "de"), text
    assert "Programm" in joined(await harness.say("ok, und was ist ein Barcamp?"))
    assert await harness.app.store.list_unanswered(10) == []
