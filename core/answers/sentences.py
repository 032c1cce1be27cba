"""The sentences of a message and which of them ask: a question's sentence counts fully, the
ones around it say who asks (core/answers/matcher.py)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text: str) -> list[str]:
    """The sentences of a message (the whole text when it has no sentence end)."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part] or [text]


def asking_sentences(sentences: list[str]) -> set[int]:
    """Which sentences ask: those ending in a question mark, else the last one."""
    asked = {index for index, part in enumerate(sentences) if part.endswith("?")}
    return asked or {len(sentences) - 1}


def final_question(text: str) -> str | None:
    """The last question of a message of several sentences (its last sentence when none ends
    with a question mark); None for a single sentence."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part]
    if len(sentences) < 2:
        return None
    questions = [part for part in sentences if part.endswith("?")]
    return (questions or sentences)[-1]
