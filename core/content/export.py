"""Writing what moderators taught into faq.yaml, so editors keep one source of truth.

A taught phrasing goes into its entry's `phrasings` list (in its language), a taught entry
is appended to `entries:` with its question as its first phrasing. Each gets a comment line
saying it was taught in the chat (and which language is still to be written). The file is
edited line by line, so every comment and line editors wrote stays as it is; the result is
read back and must hold exactly what was added, else nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from core.content.model import LANGUAGES
from core.content.overlay import Overlay, TaughtEntry, TaughtPhrasing, same_words

Comment = Callable[[str, dict[str, object]], str]
"""A comment's text by text key and parameters (the loaded texts, in the operator's language)."""


@dataclass
class Exported:
    """The new faq.yaml text, what went into it, and what could not."""

    text: str
    done: Overlay
    problems: list[str] = field(default_factory=list)


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def export_faq(text: str, overlay: Overlay, comment: Comment) -> Exported:
    """`text` (faq.yaml) with the overlay written in."""
    data = yaml.safe_load(text) or {}
    known = {e["id"]: e for e in data.get("entries", []) if isinstance(e, dict) and "id" in e}
    lines = text.rstrip("\n").split("\n")
    problems: list[str] = []
    entries: list[TaughtEntry] = []
    phrasings: list[TaughtPhrasing] = []
    new_ids = {entry.id for entry in overlay.entries if entry.id not in known}
    for taught in overlay.phrasings:
        if taught.faq_id in new_ids:
            phrasings.append(taught)  # written with its entry below
        elif taught.faq_id not in known:
            problems.append(f"{taught.faq_id}: no such entry in faq.yaml for {quoted(taught.text)}")
        elif _asked(known[taught.faq_id], taught.text):
            phrasings.append(taught)  # editors added it already: nothing to write
        else:
            problem = _insert_phrasing(lines, taught, comment)
            if problem is None:
                phrasings.append(taught)
            else:
                problems.append(f"{taught.faq_id}: {problem}")
    for entry in overlay.entries:
        if entry.id in known:
            problems.append(f"{entry.id}: faq.yaml has an entry with this id already")
            continue
        own = [p for p in overlay.phrasings if p.faq_id == entry.id]
        lines.extend(_entry_lines(entry, own, comment))
        entries.append(entry)
    done = Overlay(tuple(entries), tuple(phrasings))
    result = "\n".join(lines) + "\n"
    problem = _verify(result, known, done)
    if problem is not None:
        return Exported(text, Overlay(), [*problems, problem])
    return Exported(result, done, problems)


def _asked(entry: dict[str, Any], text: str) -> bool:
    phrasings = entry.get("phrasings") or {}
    every = [p for lang in LANGUAGES for p in (phrasings.get(lang) or [])]
    return same_words(text) in {same_words(str(p)) for p in every}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block opened at `start`: before the next line at `indent` or less
    (and before the comments and blank lines that lead up to it)."""
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if _content(lines[i]) and _indent(lines[i]) <= indent
        ),
        len(lines),
    )
    while end - 1 > start and not _content(lines[end - 1]):
        end -= 1
    return end


def _find(lines: list[str], start: int, end: int, pattern: str) -> int | None:
    found = re.compile(pattern)
    return next((i for i in range(start, end) if found.match(lines[i])), None)


def _insert_phrasing(lines: list[str], taught: TaughtPhrasing, comment: Comment) -> str | None:
    """Add one phrasing to its entry's list in place; a problem when the entry's shape is not
    one this can edit safely."""
    ident = re.escape(taught.faq_id)
    head = _find(lines, 0, len(lines), rf"^\s*- id:\s*[\"']?{ident}[\"']?\s*(#.*)?$")
    if head is None:
        return "its `- id:` line was not found"
    field_indent = _indent(lines[head]) + 2
    end = _block_end(lines, head, _indent(lines[head]))
    pad = " " * field_indent
    note = comment("teach.export.phrasing", {})
    item = [f"{pad}    # {note}", f"{pad}    - {quoted(taught.text)}"]
    key = _find(lines, head + 1, end, rf"^{pad}phrasings:\s*(#.*)?$")
    if key is None:
        if _find(lines, head + 1, end, rf"^{pad}phrasings:") is not None:
            return "its phrasings are written in a form this cannot extend; add it by hand"
        lines[end:end] = [f"{pad}phrasings:", f"{pad}  {taught.lang}:", *item]
        return None
    block_end = _block_end(lines, key, field_indent)
    lang = _find(lines, key + 1, block_end, rf"^{pad}  {taught.lang}:\s*(#.*)?$")
    if lang is None:
        if _find(lines, key + 1, block_end, rf"^{pad}  {taught.lang}:") is not None:
            return "its phrasings are written in a form this cannot extend; add it by hand"
        lines[block_end:block_end] = [f"{pad}  {taught.lang}:", *item]
        return None
    list_end = _block_end(lines, lang, field_indent + 2)
    first = _find(lines, lang + 1, list_end, r"^\s*- ")
    item_pad = " " * (_indent(lines[first]) if first is not None else field_indent + 4)
    lines[list_end:list_end] = [f"{item_pad}# {note}", f"{item_pad}- {quoted(taught.text)}"]
    return None


def _entry_lines(entry: TaughtEntry, own: list[TaughtPhrasing], comment: Comment) -> list[str]:
    faq = entry.faq_entry()
    notes = [comment("teach.export.entry", {"text": entry.question})]
    for missing in entry.missing:
        written = next(lang for lang in LANGUAGES if lang not in entry.missing)
        notes.append(comment("teach.export.missing", {"missing": missing, "written": written}))
    lines = ["", *(f"  # {note}" for note in notes), f"  - id: {entry.id}", "    question:"]
    lines += [f"      {lang}: {quoted(faq.question.get(lang))}" for lang in LANGUAGES]
    lines.append("    answer:")
    lines += [f"      {lang}: {quoted(faq.answer.get(lang))}" for lang in LANGUAGES]
    lines.append("    phrasings:")
    for lang in LANGUAGES:
        asked = [*faq.phrasings.get(lang), *(p.text for p in own if p.lang == lang)]
        if asked:
            lines.append(f"      {lang}:")
            lines += [f"        - {quoted(text)}" for text in dict.fromkeys(asked)]
    return lines


def _verify(text: str, before: dict[str, dict[str, Any]], done: Overlay) -> str | None:
    """Read the result back: every entry as before plus exactly what was added."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return f"faq.yaml would not be valid YAML after the export ({exc}); nothing written"
    after = {e["id"]: e for e in data.get("entries", []) if isinstance(e, dict) and "id" in e}
    expected = set(before) | {entry.id for entry in done.entries}
    if set(after) != expected:
        return "faq.yaml would not hold the expected entries after the export; nothing written"
    for taught in done.phrasings:
        if not _asked(after[taught.faq_id], taught.text):
            return f"{taught.faq_id}: the phrasing did not land in its list; nothing written"
    for ident, entry in before.items():
        added = {p.text for p in done.phrasings if p.faq_id == ident}
        kept = {k: v for k, v in after[ident].items() if k != "phrasings"}
        if kept != {k: v for k, v in entry.items() if k != "phrasings"}:
            return f"{ident}: the export would change more than its phrasings; nothing written"
        old = entry.get("phrasings") or {}
        new = after[ident].get("phrasings") or {}
        for lang in LANGUAGES:
            extra = [p for p in new.get(lang) or [] if p not in (old.get(lang) or [])]
            if not set(extra) <= added:
                return f"{ident}: the export would change other phrasings; nothing written"
    return None
