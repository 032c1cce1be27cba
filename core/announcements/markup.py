"""Light formatting a moderator may use in an announcement, kept as escaped HTML.

`**bold**`, `__italic__` and `[label](https://link)` become HTML for platforms that show it;
everything else stays literal, so nothing a moderator writes is ever interpreted as markup
or as a command. The plain version (for platforms without HTML) drops the markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

_TOKEN = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|__(?P<italic>[^_\n]+?)__"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>https?://[^\s()<>\"]+)\)"
)


@dataclass(frozen=True, slots=True)
class Formatted:
    """An announcement text: `plain` always, `html` only when formatting was used."""

    plain: str
    html: str | None


def format_text(text: str) -> Formatted:
    """Split a moderator's text into its plain and (escaped) HTML forms."""
    plain: list[str] = []
    html: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        before = text[position : match.start()]
        plain.append(before)
        html.append(escape(before, quote=False))
        if match.group("bold") is not None:
            plain.append(match.group("bold"))
            html.append(f"<b>{escape(match.group('bold'), quote=False)}</b>")
        elif match.group("italic") is not None:
            plain.append(match.group("italic"))
            html.append(f"<i>{escape(match.group('italic'), quote=False)}</i>")
        else:
            label, url = match.group("label"), match.group("url")
            plain.append(f"{label} ({url})")
            html.append(f'<a href="{escape(url, quote=True)}">{escape(label, quote=False)}</a>')
        position = match.end()
    if position == 0:
        return Formatted(text, None)
    rest = text[position:]
    plain.append(rest)
    html.append(escape(rest, quote=False))
    return Formatted("".join(plain), "".join(html))
