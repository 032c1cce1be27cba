"""`lagerfeuer matrix reset-identity`: a new cross-signing identity for the bot when the keys
kept in its store are lost, so it can be verified again; one line says how it went."""

from __future__ import annotations

import argparse
import asyncio
import sys

from adapters.cli.speech import Speech
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.channels import reset_matrix_identity
from adapters.runtime.settings import load_settings
from core.content.texts import Texts

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


def cmd_reset_identity(args: argparse.Namespace) -> int:
    """Run `lagerfeuer matrix reset-identity`: 0 when the new identity is published."""
    settings = load_settings()
    texts = Texts(load_checked_content(settings.content_dir).texts)
    lang = settings.language
    user, store = settings.matrix_user_id or "", settings.matrix_store
    if not settings.matrix_enabled():
        print(texts.get("matrix_identity.not_configured", lang), file=sys.stderr)
        return 1
    if not args.yes:
        print(texts.get("matrix_identity.confirm", lang, user=user), file=sys.stderr)
        return 1
    reset = asyncio.run(reset_matrix_identity(settings, WAIT_SECONDS))
    found = {"user": user, "store": store, "master": reset.master, "device": reset.device_id}
    found.update(status=reset.status, seconds=WAIT_SECONDS, url=reset.url)
    outcome = reset.outcome
    if outcome == "approve" and not reset.url:
        outcome = "approve_in_account"
    line = texts.get(f"matrix_identity.{outcome}", lang, **found)
    print(line, file=sys.stdout if reset.master else sys.stderr)
    return 0 if reset.master else 1
