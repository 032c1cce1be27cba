"""The pure parts: target states, back-off, reasons, schedule parsing and formatting."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.channels.matrix.facts import FACTS as MATRIX
from adapters.channels.telegram.facts import FACTS as TELEGRAM
from core.announcements.markup import format_text
from core.announcements.outbox import (
    MAX_ATTEMPTS,
    Target,
    TargetState,
    after_cancel,
    after_crash,
    after_delivery,
    after_error,
    backoff_seconds,
    reason_code,
)
from core.announcements.schedule import ScheduleError, split_schedule
from core.announcements.sender import Delivery, DeliveryStatus
from core.kernel.messages import ChatRef, Platform
from core.kernel.typed import typed_words
from tests.support.words import BUNDLED_TEXTS

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def target(platform: Platform = Platform.TELEGRAM, attempts: int = 1, **kw: object) -> Target:
    chat = ChatRef(platform, "c1", is_private=False)
    return Target(1, chat, "k", TargetState.SENDING, attempts, **kw)  # type: ignore[arg-type]


def test_sent_and_permanent_failure() -> None:
    sent = after_delivery(target(), Delivery(DeliveryStatus.SENT, message_id="9"), NOW)
    assert sent.state is TargetState.SENT and sent.message_id == "9"
    failed = after_delivery(
        target(), Delivery(DeliveryStatus.FAILED, reason="Forbidden: bot was blocked"), NOW
    )
    assert failed.state is TargetState.FAILED and failed.reason == "blocked"


def test_retry_after_is_honoured_and_backoff_doubles() -> None:
    asked = after_delivery(target(), Delivery(DeliveryStatus.RETRY, retry_after=42), NOW)
    assert asked.state is TargetState.PENDING and asked.next_try_at == NOW + timedelta(seconds=42)
    waits = [backoff_seconds(n) for n in range(1, 6)]
    assert waits == [2, 4, 8, 16, 32]
    assert backoff_seconds(50) == 600
    plain = after_delivery(target(attempts=3), Delivery(DeliveryStatus.RETRY), NOW)
    assert plain.next_try_at == NOW + timedelta(seconds=8)


def test_gives_up_after_max_attempts_maybe_sent_when_interrupted() -> None:
    retry = Delivery(DeliveryStatus.RETRY)
    assert after_delivery(target(attempts=MAX_ATTEMPTS), retry, NOW).state is TargetState.FAILED
    doubtful = target(attempts=MAX_ATTEMPTS, interrupted=True)
    assert after_delivery(doubtful, retry, NOW).state is TargetState.MAYBE_SENT
    assert after_cancel(target(interrupted=True)).state is TargetState.MAYBE_SENT
    assert after_cancel(target()).state is TargetState.CANCELLED


def test_crash_and_errors_depend_on_the_platform_key() -> None:
    telegram = after_crash(target(Platform.TELEGRAM), NOW, TELEGRAM.idempotent)
    matrix = after_crash(target(Platform.MATRIX), NOW, MATRIX.idempotent)
    assert telegram.state is matrix.state is TargetState.PENDING
    assert telegram.interrupted and not matrix.interrupted
    assert after_error(target(Platform.TELEGRAM), NOW, TELEGRAM.idempotent).interrupted
    assert not after_error(target(Platform.MATRIX), NOW, MATRIX.idempotent).interrupted


def test_reason_codes() -> None:
    assert reason_code("Forbidden: bot was kicked from the group chat") == "kicked"
    assert reason_code("Bad Request: chat not found") == "gone"
    assert reason_code("Forbidden: user is deactivated") == "gone"
    assert reason_code("M_FORBIDDEN") == "forbidden"
    assert reason_code("something new") == "something new"
    assert reason_code("") == "error"


AT = typed_words(BUNDLED_TEXTS, "announce.words.at")
"""The words that introduce a time in the bundled content ("at", "am", "um")."""


def test_schedule_in_the_community_time_zone() -> None:
    summer = split_schedule("at 2026-07-01 18:00 Sommerfest", "Europe/Berlin", AT)
    assert summer.send_at == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert summer.text == "Sommerfest"
    winter = split_schedule("am 03.12.2026 18:00 Uhr Advent", "Europe/Berlin", AT)
    assert winter.send_at == datetime(2026, 12, 3, 17, 0, tzinfo=UTC) and winter.text == "Advent"
    assert split_schedule("um 8 Uhr geht's los", "Europe/Berlin", AT).send_at is None
    assert split_schedule("Treffen at noon", "Europe/Berlin", AT).send_at is None
    with pytest.raises(ScheduleError):
        split_schedule("at 31.02.2026 10:00 x", "Europe/Berlin", AT)


def test_formatting_is_escaped_html_and_plain_text_drops_markers() -> None:
    done = format_text("**Neu:** <Treffen> & [Anmeldung](https://example.org/a?b=1&c=2)")
    assert done.plain == "Neu: <Treffen> & Anmeldung (https://example.org/a?b=1&c=2)"
    assert done.html == (
        "<b>Neu:</b> &lt;Treffen&gt; &amp; "
        '<a href="https://example.org/a?b=1&amp;c=2">Anmeldung</a>'
    )
    assert format_text("javascript:[x](javascript:alert(1))").html is None


_OUR_TAGS = re.compile(r'</?b>|</?i>|<a href="[^"<>]*">|</a>')


@given(st.text(max_size=300))
def test_no_text_can_inject_markup(text: str) -> None:
    done = format_text(text)
    if done.html is None:
        assert done.plain == text
    else:
        rest = _OUR_TAGS.sub("", done.html)
        assert "<" not in rest and ">" not in rest
