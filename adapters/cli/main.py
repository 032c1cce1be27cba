"""The `lagerfeuer` command: run, chat, content check, and the tools built on the core."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from adapters.channels.console import announcer as console_announcer
from adapters.channels.console.chat import ConsoleChat, Writer, person_id
from adapters.cli import announce as announce_cli
from adapters.cli import ask_eval as tools
from adapters.cli import matrix as matrix_cli
from adapters.cli import rooms as rooms_cli
from adapters.cli import status as status_cli
from adapters.cli import taught as taught_cli
from adapters.cli.speech import Speech, command_speech
from adapters.clock import ShiftableClock
from adapters.runtime.bootstrap import build_app, configure_logging, load_checked_content
from adapters.runtime.settings import Settings, load_settings
from core.content.model import Content
from core.errors import ConfigError, ContentError, LagerfeuerError
from core.kernel.messages import Platform

log = logging.getLogger("lagerfeuer")


def _settings() -> Settings:
    return load_settings()


async def _open_chat(
    args: argparse.Namespace, settings: Settings, out: Writer
) -> tuple[ConsoleChat, Callable[[], Awaitable[None]]]:
    """The terminal chat printing to `out`, and how to close what it opened."""
    clock = ShiftableClock()
    # the terminal's moderator is the operator at the keyboard: a community moderator
    operators = [f"{Platform.CONSOLE.value}:{person_id(args.as_name)}"] if args.moderator else []
    app = await build_app(settings, clock=clock, operators=operators)
    chat = ConsoleChat(
        app.assistant,
        name=args.as_name,
        room=args.room,
        moderator=args.moderator,
        out=out,
        clock=clock,
    )
    app.moderators.register(Platform.CONSOLE, chat.moderators)
    console_announcer.attach(app.assistant, app.store, app.clock, out)
    if args.instead_of_run:  # `lagerfeuer run` found no platform to serve
        print(app.content.texts.get("cli.run.terminal_instead", settings.language), file=sys.stderr)
    app.content.warm()  # the answer index, built while the person reads the greeting
    return chat, app.close


async def _scripted_chat(args: argparse.Namespace, settings: Settings) -> None:
    chat, close = await _open_chat(args, settings, sys.stdout)
    try:
        await chat.run_script(sys.stdin)
    finally:
        await close()


def cmd_chat(args: argparse.Namespace) -> int:
    """`lagerfeuer chat`: with a person at a terminal, or one message a line from a script."""
    settings = _settings()
    if not sys.stdin.isatty():
        asyncio.run(_scripted_chat(args, settings))
        return 0
    from adapters.channels.console.terminal import run_terminal  # readline only for a person typing

    run_terminal(lambda out: _open_chat(args, settings, out))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """`lagerfeuer run`: every configured adapter, or the terminal chat when none is."""
    settings = _settings()
    if not (settings.telegram_enabled() or settings.matrix_enabled()):
        terminal = argparse.Namespace(room=None, as_name=None, moderator=False, instead_of_run=True)
        return cmd_chat(terminal)
    from adapters.runtime.service import run_service

    return asyncio.run(run_service(settings))


def cmd_content_check(args: argparse.Namespace) -> int:
    """`lagerfeuer content check [DIR]`: print every problem, exit 1 on any."""
    folder = Path(args.dir) if args.dir else _settings().content_dir
    speech = command_speech()
    try:
        content = load_checked_content(folder)
    except ContentError as exc:
        for line in exc.problems:
            print(line)
        problems = speech.t("cli.content.problems", count=len(exc.problems), folder=folder)
        print(problems, file=sys.stderr)
        return 1
    print(speech.t("cli.content.ok", folder=folder, **content_counts(content)))
    return 0


def content_counts(content: Content) -> dict[str, int]:
    """What `content check` counts in a content folder that passed."""
    return {
        "faq": len(content.faq),
        "catalogue": len(content.catalogue.entries),
        "texts": len(content.texts),
        "flows": len(content.flows),
        "examples": len(content.examples),
    }


def build_parser(speech: Speech | None = None) -> argparse.ArgumentParser:
    """The argument parser of every subcommand, its help in `speech` (by default the
    operator's language)."""
    speech = speech or command_speech()
    parser = argparse.ArgumentParser(prog="lagerfeuer", description=speech.t("cli.help.about"))
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help=speech.t("cli.help.run"), description=speech.t("cli.help.run.about")
    )
    run.set_defaults(func=cmd_run)
    chat = sub.add_parser("chat", help=speech.t("cli.help.chat"))
    chat.add_argument(
        "--room", metavar=speech.t("cli.metavar.name"), help=speech.t("cli.help.chat.room")
    )
    chat.add_argument(
        "--as",
        dest="as_name",
        metavar=speech.t("cli.metavar.name"),
        help=speech.t("cli.help.chat.as"),
    )
    chat.add_argument("--moderator", action="store_true", help=speech.t("cli.help.chat.moderator"))
    chat.set_defaults(func=cmd_chat, instead_of_run=False)
    content = sub.add_parser("content", help=speech.t("cli.help.content"))
    content_sub = content.add_subparsers(dest="content_command", required=True)
    check = content_sub.add_parser("check", help=speech.t("cli.help.content.check"))
    check.add_argument("dir", nargs="?", help=speech.t("cli.help.content.dir"))
    check.set_defaults(func=cmd_content_check)
    taught_cli.add_parsers(content_sub, speech)
    announce_cli.add_parser(sub, speech)
    rooms_cli.add_parser(sub, speech)
    status_cli.add_parser(sub, speech)
    matrix_cli.add_parser(sub, speech)
    tools.add_parsers(sub, speech)
    return parser


def _tolerant_streams() -> None:
    """Standard input read as UTF-8 whatever the locale or PYTHONIOENCODING say, each invalid
    byte one U+FFFD, so no byte a script pipes in can end `chat` or `ask -`; on output a
    character the terminal's encoding lacks becomes "?" instead of ending the command."""
    for stream, settings in (
        (sys.stdin, {"encoding": "utf-8", "errors": "replace"}),
        (sys.stdout, {"errors": "replace"}),
        (sys.stderr, {"errors": "replace"}),
    ):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(**settings)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `lagerfeuer` command."""
    configure_logging(logging.WARNING)
    _tolerant_streams()
    speech = command_speech()
    args = build_parser(speech).parse_args(argv)
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(speech.t("cli.config_error", problem=str(exc)), file=sys.stderr)
        return 2
    except ContentError as exc:
        if len(exc.problems) == 1:
            print(speech.t("cli.content_error", problem=exc.problems[0]), file=sys.stderr)
            return 1
        print(speech.t("cli.content_errors"), file=sys.stderr)
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    except LagerfeuerError as exc:
        print(speech.t("cli.error", problem=str(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_gone()
    return code


def _reader_gone() -> int:
    """Whoever read standard output stopped (`| head`): end quietly, as other commands do.

    What is still buffered cannot go anywhere; pointing the descriptor at /dev/null keeps the
    final flush at exit from failing once more. The status is the one of a command ended by
    SIGPIPE.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
