"""What moderators read about announcements: delivery reports, the listing, times and labels.

The Reporter is a timer: once a fan-out has nothing left to send, it posts its delivery
report in the chat it was announced from (`core.announcements.service` starts scheduled ones).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.announcements.outbox import (
    Announcement,
    AnnouncementState,
    Audience,
    Summary,
    TargetState,
    fixed_audience,
)
from core.announcements.store import OutboxStore
from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Turn
from core.kernel.messages import Reply

log = logging.getLogger("lagerfeuer.announcements")

RECENT = timedelta(days=7)
"""Finished announcements stay in `/announcements` this long."""

LIST_LIMIT = 10
PREVIEW_CHARS = 40


def _texts(deps: Deps, key: str, lang: str, **params: object) -> str:
    return deps.content.texts.get(key, lang, **params)


def format_time(deps: Deps, moment: datetime, lang: str) -> str:
    """A time as people read it: in the community's zone, in the language's format."""
    local = moment.astimezone(ZoneInfo(deps.timezone))
    return local.strftime(_texts(deps, "announce.time_format", lang))


def local_time(turn: Turn, moment: datetime) -> str:
    """`format_time` in this turn's language."""
    return format_time(turn.deps, moment, turn.lang)


def audience_label(turn: Turn, audience: str) -> str:
    """ "all rooms", "rooms tagged x" and so on, in this turn's language."""
    return audience_words(turn.deps.content.texts, audience, turn.lang)


def audience_words(texts: Texts, audience: str, lang: str) -> str:
    """An audience in words in `lang` (also for `lagerfeuer announce --list`)."""
    if audience.startswith(f"{Audience.TAG}:"):
        return texts.get("announce.audience.tag", lang, tag=audience.partition(":")[2])
    if audience in (Audience.ROOM, Audience.ALL, Audience.SUBSCRIBERS):
        return texts.get(f"announce.audience.{audience}", lang)
    return audience


def delivered(summary: Summary) -> int:
    """Targets that got the announcement."""
    return summary.counts[TargetState.SENT]


def _reasons(deps: Deps, summary: Summary, lang: str) -> str:
    parts = []
    for reason, count in summary.reasons.most_common():
        key = f"announce.reason.{reason}"
        if key in deps.content.texts:
            label = _texts(deps, key, lang)
        else:
            label = _texts(deps, "announce.reason.other", lang, reason=reason)
        parts.append(f"{label} ({count})")
    return "; ".join(parts)


async def report_text(deps: Deps, store: OutboxStore, announcement: Announcement) -> str:
    """The delivery report: sent, maybe sent, failed and why."""
    a, lang = announcement, announcement.lang
    summary = await store.announcement_summary(a.id)
    lines = [
        _texts(deps, "announce.report", lang, id=a.id, sent=delivered(summary), total=summary.total)
    ]
    if a.late:
        when = format_time(deps, a.send_at, lang)
        lines.append(_texts(deps, "announce.report_late", lang, when=when))
    if summary.doubled:
        lines.append(_texts(deps, "announce.report_doubled", lang, count=summary.doubled))
    maybe = summary.counts[TargetState.MAYBE_SENT]
    if maybe:
        lines.append(_texts(deps, "announce.report_maybe", lang, count=maybe))
    failed = summary.counts[TargetState.FAILED]
    if failed:
        reasons = _reasons(deps, summary, lang)
        lines.append(_texts(deps, "announce.report_failed", lang, count=failed, reasons=reasons))
        titles = await store.failed_titles(a.id)
        if titles:
            rooms = ", ".join(titles)
            lines.append(_texts(deps, "announce.report_rooms", lang, rooms=rooms))
    return "\n".join(lines)


class Reporter:
    """The timer: report finished announcements."""

    def __init__(self, store: OutboxStore, deps: Deps) -> None:
        self.store = store
        self.deps = deps

    async def tick(self) -> Actions:
        now = self.deps.clock.now()
        actions: Actions = []
        for announcement in await self.store.finish_announcements(now):
            summary = await self.store.announcement_summary(announcement.id)
            log.info(
                "announcement %d finished%s: %d sent (%d maybe twice), %d maybe sent, %d failed",
                announcement.id,
                " late" if announcement.late else "",
                summary.counts[TargetState.SENT],
                summary.doubled,
                summary.counts[TargetState.MAYBE_SENT],
                summary.counts[TargetState.FAILED],
            )
            if announcement.origin is not None:
                text = await report_text(self.deps, self.store, announcement)
                actions.append(Reply(announcement.origin, text))
            await self.store.mark_reported(announcement.id)
        return actions


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


async def listing(turn: Turn, store: OutboxStore, author: tuple[str, str] | None = None) -> Reply:
    """`/announcements`: scheduled, running and recent ones, newest first; with `author`, only
    the ones that person wrote."""
    now = turn.deps.clock.now()
    found = await store.list_announcements(now - RECENT, LIST_LIMIT, author)
    if not found:
        return turn.reply("announce.list_empty")
    lines = [turn.t("announce.list_title")]
    for a in found:
        summary = await store.announcement_summary(a.id)
        state = turn.t(f"announce.state.{a.state.value}")
        if a.late and a.state is not AnnouncementState.SCHEDULED:
            state = turn.t("announce.state_late", state=state)
        scheduled = a.state is AnnouncementState.SCHEDULED
        when = a.send_at if scheduled else a.started_at or a.send_at
        later = scheduled and not fixed_audience(a.audience)
        lines.append(
            turn.t(
                "announce.list_line_later" if later else "announce.list_line",
                id=a.id,
                state=state,
                when=local_time(turn, when),
                audience=audience_label(turn, a.audience),
                sent=delivered(summary),
                total=summary.total,
                text=_preview(a.text),
            )
        )
    lines.append(turn.t("announce.list_hint"))
    return Reply(turn.chat, "\n".join(lines))
