"""`lagerfeuer content overlay` lists what moderators taught; `lagerfeuer content export` writes
it into content/faq.yaml with a comment and a stable id, marks it exported (not applied twice),
and `content check` passes afterwards; the bot then serves it from content/ alone."""

from __future__ import annotations

import asyncio
import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from adapters.cli.main import main
from adapters.runtime.settings import BUNDLED_CONTENT
from core.kernel.messages import Action, Reply
from tests.harness import Harness, joined

ASKED = "Was kostet die Teilnahme an so einem Treffen?"
BEAMER = "Wer leiht mir einen Beamer?"
HOSTILE = 'Frag im Raum "Technik": <b>Beamer</b> & Kabel #1\n- {name}: ja'


def _button(actions: list[Action], label: str, text: str = "") -> str:
    for action in reversed(actions):
        if isinstance(action, Reply) and text in action.text:
            for choice in action.choices:
                if choice.label == label:
                    return choice.value
    raise AssertionError(joined(actions))


async def _teach(db: Path, folder: Path) -> None:
    """Cora makes ASKED a phrasing of offline-networking and answers BEAMER in German only."""
    h = await Harness.create(db, content_dir=folder, community={"cora"})
    try:
        await h.say(ASKED, user="Bob")
        await h.say(BEAMER, user="Bob")
        listing = await h.say("/offenefragen", user="Cora")
        guesses = await h.choose(_button(listing, "Antworten mit …", ASKED), user="Cora")
        entry = h.app.content.content.faq_entry("offline-networking")
        assert entry is not None
        await h.choose(_button(guesses, entry.question.de), user="Cora")
        listing = await h.say("/offenefragen", user="Cora")
        await h.choose(_button(listing, "Neue Antwort", BEAMER), user="Cora")
        asked = await h.say(HOSTILE, user="Cora")
        saved = await h.choose(_button(asked, "Später schreiben"), user="Cora")
        assert "Auf Englisch fehlt die Antwort noch" in joined(saved)
    finally:
        await h.close()


async def _ask_after_export(db: Path, folder: Path) -> tuple[str, str, int]:
    h = await Harness.create(db, content_dir=folder)
    try:
        overlay = await h.app.store.overlay()
        content = h.app.content.content
        networking = content.faq_entry("offline-networking")
        assert networking is not None
        times = networking.phrasings.de.count(ASKED)
        return joined(await h.say(BEAMER, user="Dana")), repr(overlay), times
    finally:
        await h.close()


@pytest.fixture
def taught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the bundled content and a database in which Cora has taught (`_teach`); the
    CLI reads both from the environment."""
    folder, db = tmp_path / "content", tmp_path / "db"
    shutil.copytree(BUNDLED_CONTENT, folder)
    monkeypatch.setenv("LAGERFEUER_DATABASE", str(db))
    monkeypatch.setenv("LAGERFEUER_CONTENT_DIR", str(folder))
    monkeypatch.setenv("LAGERFEUER_LANGUAGE", "en")
    asyncio.run(_teach(db, folder))
    return folder, db


def test_overlay_export_and_check(
    taught: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, db = taught
    before = (folder / "faq.yaml").read_text(encoding="utf-8")

    assert main(["content", "overlay"]) == 0
    listing = capsys.readouterr().out
    assert f"phrasing  offline-networking  [de] {ASKED}" in listing
    assert f"entry  wer-leiht-mir-einen-beamer  [de] {BEAMER}  (missing: en)" in listing
    assert "1 taught entries, 1 phrasings, not yet exported" in listing

    assert main(["content", "export"]) == 0
    assert "1 entries and 1 phrasings written into" in capsys.readouterr().out
    after = (folder / "faq.yaml").read_text(encoding="utf-8")
    changes = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n")).get_opcodes()
    assert {tag for tag, *_ in changes} == {"equal", "insert"}, "editors' lines stay as they are"
    assert "# Taught in the chat (/unanswered) for “Wer leiht mir einen Beamer?”" in after
    assert "# en: still to be written (until then it holds the de text)." in after
    assert "- id: wer-leiht-mir-einen-beamer" in after
    entries = {e["id"]: e for e in yaml.safe_load(after)["entries"]}
    beamer = entries["wer-leiht-mir-einen-beamer"]
    assert beamer["answer"] == {"de": HOSTILE, "en": HOSTILE}, "kept literally, both languages"
    assert beamer["phrasings"] == {"de": [BEAMER]}
    assert entries["offline-networking"]["phrasings"]["de"][-1] == ASKED

    assert main(["content", "check"]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["content", "overlay"]) == 0
    assert "0 taught entries, 0 phrasings" in capsys.readouterr().out
    assert main(["content", "export"]) == 0
    assert "Nothing to export" in capsys.readouterr().out
    assert (folder / "faq.yaml").read_text(encoding="utf-8") == after, "not written twice"

    answered, overlay, times = asyncio.run(_ask_after_export(db, folder))
    assert "<b>Beamer</b> &amp;" not in answered and "<b>Beamer</b> & Kabel #1" in answered
    assert overlay == "Overlay(entries=(), phrasings=())"
    assert times == 1, "the phrasing is in content once, not applied a second time"


def test_an_export_that_would_break_content_writes_nothing(
    taught: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = taught
    faq = folder / "faq.yaml"
    # an editor meanwhile wrote offline-networking's phrasings in a form the export cannot extend
    lines = faq.read_text(encoding="utf-8").split("\n")
    head = lines.index("  - id: offline-networking")
    key = lines.index("    phrasings:", head)
    end = next(i for i in range(key + 1, len(lines)) if not lines[i].startswith("      "))
    lines[key:end] = ['    phrasings: {de: ["Treffen vor Ort"], en: ["meet in person"]}']
    faq.write_text("\n".join(lines), encoding="utf-8")
    edited_text = faq.read_text(encoding="utf-8")
    assert main(["content", "check"]) == 0
    capsys.readouterr()
    assert main(["content", "export"]) == 1, "one row could not be exported"
    out = capsys.readouterr()
    assert "not exported: offline-networking: its phrasings are written in a form" in out.err
    assert "1 entries and 0 phrasings written" in out.out
    assert main(["content", "overlay"]) == 0
    assert "phrasing  offline-networking" in capsys.readouterr().out, "it stays to export later"
    assert faq.read_text(encoding="utf-8").startswith(edited_text.rstrip("\n"))
