"""`lagerfeuer matrix …`: the bot's cross-signing identity from the command line, with the bot
stopped. `reset-identity` makes a new one when the kept keys are lost; `recovery-key` keeps the
identity in secret storage under a key printed once; `restore-identity` brings it back with that
key. Each prints one line saying how it went."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import TYPE_CHECKING

from adapters.cli.speech import Speech
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.channels import (
    make_matrix_recovery_key,
    reset_matrix_identity,
    restore_matrix_identity,
)
from adapters.runtime.settings import Settings, load_settings
from core.content.texts import Texts

if TYPE_CHECKING:
    from adapters.runtime.channels import Outcome

WAIT_SECONDS = 120
"""How long the command waits for the homeserver before it gives up."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech) -> None:
    """Register `matrix` and its `reset-identity` among the subcommands, their help in
    `speech`."""
    matrix = sub.add_parser("matrix", help=speech.t("cli.help.matrix"))
    matrix_sub = matrix.add_subparsers(dest="matrix_command", required=True)
    reset = matrix_sub.add_parser(
        "reset-identity",
        help=speech.t("cli.help.matrix.reset_identity"),
        description=speech.t("cli.help.matrix.reset_identity.about"),
    )
    reset.add_argument(
        "--yes", action="store_true", help=speech.t("cli.help.matrix.reset_identity.yes")
    )
    reset.set_defaults(func=cmd_reset_identity)
    recovery = matrix_sub.add_parser(
        "recovery-key",
        help=speech.t("cli.help.matrix.recovery_key"),
        description=speech.t("cli.help.matrix.recovery_key.about"),
    )
    recovery.set_defaults(func=cmd_recovery_key)
    restore = matrix_sub.add_parser(
        "restore-identity",
        help=speech.t("cli.help.matrix.restore_identity"),
        description=speech.t("cli.help.matrix.restore_identity.about"),
    )
    restore.set_defaults(func=cmd_restore_identity)


def cmd_reset_identity(args: argparse.Namespace) -> int:
    """Run `lagerfeuer matrix reset-identity`: 0 when the new identity is published."""
    settings = load_settings()
    texts = Texts(load_checked_content(settings.content_dir).texts)
    lang = settings.language
    user = settings.matrix_user_id or ""
    if not settings.matrix_enabled():
        print(texts.get("matrix_identity.not_configured", lang), file=sys.stderr)
        return 1
    if not args.yes:
        print(texts.get("matrix_identity.confirm", lang, user=user), file=sys.stderr)
        return 1
    reset = asyncio.run(reset_matrix_identity(settings, WAIT_SECONDS))
    outcome = reset.outcome
    if outcome == "approve" and not reset.url:
        outcome = "approve_in_account"
    return _say(texts, settings, f"matrix_identity.{outcome}", reset, ok=bool(reset.master))


def cmd_recovery_key(args: argparse.Namespace) -> int:
    """Run `lagerfeuer matrix recovery-key`: 0 when the key is made (and printed)."""
    settings = load_settings()
    texts = Texts(load_checked_content(settings.content_dir).texts)
    if not settings.matrix_enabled():
        print(texts.get("matrix_recovery.not_configured", settings.language), file=sys.stderr)
        return 1
    made = asyncio.run(make_matrix_recovery_key(settings, WAIT_SECONDS))
    return _say(texts, settings, _key_of(made.outcome, "recovery"), made, made.outcome == "made")


def cmd_restore_identity(args: argparse.Namespace) -> int:
    """Run `lagerfeuer matrix restore-identity`, the recovery key read from standard input
    (never from the command line, where other users of the machine could see it)."""
    settings = load_settings()
    texts = Texts(load_checked_content(settings.content_dir).texts)
    lang = settings.language
    if not settings.matrix_enabled():
        print(texts.get("matrix_recovery.not_configured", lang), file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        typed = getpass.getpass(texts.get("matrix_recovery.prompt", lang))
    else:
        typed = sys.stdin.readline()
    done = asyncio.run(restore_matrix_identity(settings, WAIT_SECONDS, typed))
    ok = done.outcome.startswith("restored")
    return _say(texts, settings, _key_of(done.outcome, "restore"), done, ok)


FRAME = ("in_use", "no_session", "unreadable", "login_refused", "unreachable")
"""Outcomes of running as the saved device, worded once in `matrix_identity`."""


def _key_of(outcome: str, command: str) -> str:
    if outcome in FRAME:
        return f"matrix_identity.{outcome}"
    return f"matrix_recovery.{command}.{outcome}"


def _say(texts: Texts, settings: Settings, key: str, done: Outcome, ok: bool) -> int:
    """Print the outcome's one line (standard output when it went well) and give the exit code."""
    found = {
        "user": settings.matrix_user_id or "",
        "store": settings.matrix_store,
        "master": done.master,
        "device": done.device_id,
        "status": done.status,
        "seconds": WAIT_SECONDS,
        "url": done.url,
        "recovery_key": done.recovery_key,
    }
    print(texts.get(key, settings.language, **found), file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1
