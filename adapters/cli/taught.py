"""`lagerfeuer content overlay` and `lagerfeuer content export`: what moderators taught in the
chat, listed, and written into content/faq.yaml so editors keep one source of truth.

The export writes only when content/ with it passes every check (tried on a copy first), and
then marks the rows exported, so the overlay does not add them a second time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from adapters.cli.speech import Speech
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import Settings, load_settings
from adapters.storage.store import SqliteStore
from core.content.export import export_faq
from core.content.texts import Texts
from core.errors import ContentError


def add_parsers(
    content_sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech
) -> None:
    """Register `overlay` and `export` under `content`, their help in `speech`."""
    overlay = content_sub.add_parser("overlay", help=speech.t("cli.help.content.overlay"))
    overlay.set_defaults(func=cmd_overlay)
    export = content_sub.add_parser("export", help=speech.t("cli.help.content.export"))
    export.add_argument("dir", nargs="?", help=speech.t("cli.help.content.dir"))
    export.set_defaults(func=cmd_export)


def cmd_overlay(args: argparse.Namespace) -> int:
    """Run `lagerfeuer content overlay`."""
    return asyncio.run(_overlay(load_settings()))


def cmd_export(args: argparse.Namespace) -> int:
    """Run `lagerfeuer content export`."""
    settings = load_settings()
    folder = Path(args.dir) if args.dir else settings.content_dir
    return asyncio.run(_export(settings, folder))


def _texts(settings: Settings, folder: Path) -> Texts:
    return Texts(load_checked_content(folder).texts)


async def _overlay(settings: Settings) -> int:
    texts, lang = _texts(settings, settings.content_dir), settings.language
    store = await SqliteStore.open(settings.database)
    try:
        overlay = await store.overlay()
    finally:
        await store.close()
    for entry in overlay.entries:
        params = {"id": entry.id, "language": entry.lang, "text": entry.question}
        print(texts.get("teach.cli.entry", lang, missing=", ".join(entry.missing) or "-", **params))
    for phrasing in overlay.phrasings:
        params = {"id": phrasing.faq_id, "language": phrasing.lang, "text": phrasing.text}
        print(texts.get("teach.cli.phrasing", lang, **params))
    counts = {"entries": len(overlay.entries), "phrasings": len(overlay.phrasings)}
    print(texts.get("teach.cli.summary", lang, **counts))
    return 0


async def _export(settings: Settings, folder: Path) -> int:
    texts, lang = _texts(settings, folder), settings.language
    store = await SqliteStore.open(settings.database)
    try:
        overlay = await store.overlay()
        if not overlay:
            print(texts.get("teach.cli.nothing", lang))
            return 0
        faq = folder / "faq.yaml"
        exported = export_faq(
            faq.read_text(encoding="utf-8"),
            overlay,
            lambda key, params: texts.get(key, lang, **params),
        )
        for problem in exported.problems:
            print(texts.get("teach.cli.not_exported", lang, problem=problem), file=sys.stderr)
        if not exported.done:
            return 1
        if not _passes_check(folder, exported.text):
            print(texts.get("teach.cli.refused", lang), file=sys.stderr)
            return 1
        _write(faq, exported.text)
        await store.mark_exported(exported.done, datetime.now(UTC))
    finally:
        await store.close()
    counts = {"entries": len(exported.done.entries), "phrasings": len(exported.done.phrasings)}
    print(texts.get("teach.cli.exported", lang, path=faq, **counts))
    return 1 if exported.problems else 0


def _passes_check(folder: Path, faq_text: str) -> bool:
    """Whether the content folder with this faq.yaml passes `content check` (on a copy)."""
    with tempfile.TemporaryDirectory() as spare:
        copy = Path(spare) / folder.name
        shutil.copytree(folder, copy)
        (copy / "faq.yaml").write_text(faq_text, encoding="utf-8")
        try:
            load_checked_content(copy)
        except ContentError as exc:
            for line in exc.problems:
                print(line, file=sys.stderr)
            return False
    return True


def _write(path: Path, text: str) -> None:
    """Replace the file at once: a reader sees the old or the new one, never half."""
    spare = path.with_name(f".{path.name}.export")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)
