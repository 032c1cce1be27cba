"""Questions typed in the middle of a flow go to the answers (the registry's private_text);
the flow then asks on its own whether to continue, and typed numbers answer that question."""

from __future__ import annotations

from core.kernel.assistant import Actions, Turn
from core.kernel.messages import Choice, Reply
from tests.harness import Harness, joined


async def test_the_offer_to_go_on_is_a_question_of_its_own_after_the_answers_choices(
    harness: Harness,
) -> None:
    asked: list[str] = []

    async def answers(turn: Turn, text: str) -> Actions:
        asked.append(text)
        choices = (Choice("Barcamps", "menu:events"), Choice("Einstieg", "menu:onboarding"))
        return [Reply(turn.chat, "Meintest du das hier?", choices)]

    harness.app.assistant.registry.private_text = answers
    await harness.say("/onboarding")
    await harness.say("1")
    actions = await harness.say("wie finde ich barcamps")
    assert asked == ["wie finde ich barcamps"]
    replies = [a for a in actions if isinstance(a, Reply)]
    assert [r.text for r in replies] == [
        "Meintest du das hier?",
        "Sollen wir mit deinem Einstieg weitermachen?",
    ]
    assert [c.label for c in replies[0].choices] == ["Barcamps"]
    assert [c.label for c in replies[1].choices] == ["Weiter", "✕ Abbrechen"]
    # a typed number answers the last list on screen: the offer's
    resumed = joined(await harness.say("1"))
    assert "Wo möchtest du dich vernetzen?" in resumed


async def test_an_answer_that_resumes_the_flow_gets_no_second_offer(harness: Harness) -> None:
    registry = harness.app.assistant.registry

    async def answers(turn: Turn, text: str) -> Actions:
        return await registry.commands["onboarding"](turn, "")

    registry.private_text = answers
    await harness.say("/onboarding")
    await harness.say("2")
    text = joined(await harness.say("wo fange ich am besten an?"))
    assert "Hier waren wir stehen geblieben" in text
    assert "Wo möchtest du dich vernetzen?" in text
    assert "Sollen wir mit deinem Einstieg weitermachen?" not in text


async def test_without_an_answer_service_the_flow_says_so_and_offers_to_continue(
    harness: Harness,
) -> None:
    harness.app.assistant.registry.private_text = None
    await harness.say("/onboarding")
    text = joined(await harness.say("was ist das hier?"))
    assert "nicht verstanden" in text
    assert "Sollen wir mit deinem Einstieg weitermachen?" in text
    assert "Was beschreibt dich am besten?" in joined(await harness.say("weiter"))


async def test_a_number_that_is_none_of_the_choices_asks_again(harness: Harness) -> None:
    await harness.say("/onboarding")
    for typed in ("7", "0"):
        reply = joined(await harness.say(typed))
        assert "Zahl von 1 bis 5" in reply and "Was beschreibt dich am besten?" in reply
        assert "Das weiß ich leider nicht" not in reply
    assert "Wo möchtest du dich vernetzen?" in joined(await harness.say("1"))
