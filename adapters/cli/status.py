"""`lagerfeuer status`: whether the service runs, and each channel connected or not, with when
its last update came; exit 0 only when the service runs and every channel is connected (a
container health check)."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from adapters.cli.speech import Speech
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import load_settings
from adapters.runtime.status import STALE_SECONDS, read, status_path
from core.content.texts import Texts


def alive(pid: int) -> bool:
    """Whether a process with this id exists here (a killed service's file still looks fresh
    for a while; on another machine, or in another container, it cannot be told)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech) -> None:
    """Register `status` among the subcommands, its help in `speech`."""
    parser = sub.add_parser("status", help=speech.t("cli.help.status"))
    parser.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    """Run `lagerfeuer status`."""
    settings = load_settings()
    texts = Texts(load_checked_content(settings.content_dir).texts)
    lang, zone = settings.language, ZoneInfo(settings.timezone)
    now = datetime.now(UTC)

    def when(moment: datetime) -> str:
        seconds = max(0, round((now - moment).total_seconds()))
        time = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        return texts.get("status.ago", lang, seconds=seconds, time=time)

    path = status_path(settings.database)
    status = read(path)
    if status is None:
        print(texts.get("status.none", lang, path=path))
        return 1
    fresh = (now - status.written_at).total_seconds() <= STALE_SECONDS and alive(status.pid)
    running = fresh and not status.stopped
    if status.stopped:
        print(texts.get("status.stopped", lang, when=when(status.written_at)))
    elif not fresh:
        print(texts.get("status.silent", lang, pid=status.pid, when=when(status.written_at)))
    else:
        print(texts.get("status.running", lang, pid=status.pid, when=when(status.written_at)))
    healthy = running
    for channel in status.channels:
        connected = channel.connected and running
        healthy = healthy and connected
        last = when(channel.last_update) if channel.last_update else texts.get("status.never", lang)
        key = "status.connected" if connected else "status.disconnected"
        print(texts.get(key, lang, platform=channel.platform, last=last))
    return 0 if healthy else 1
