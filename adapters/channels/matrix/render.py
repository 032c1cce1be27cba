"""Core replies -> Matrix `m.notice` content: plain `body`, escaped HTML, exact `m.mentions`.

Pure. Everything in a Reply's text is literal: it is escaped, never interpreted.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

from core.kernel.commands import CommandWords
from core.kernel.messages import Mention, Reply

HTML_FORMAT = "org.matrix.custom.html"
MAX_BODY = 30_000
"""Characters of text kept per message."""
MAX_CONTENT_BYTES = 40_000
"""Synapse refuses events over 64 KiB; encryption adds about a third, so stay well below."""


_SLASH_COMMAND = re.compile(r"(?<![\w/:.])/([a-z0-9_]+)\b")


def matrix_commands(text: str, commands: CommandWords) -> str:
    """Texts name commands as `/name`; on Matrix they are `!name` (Element keeps `/` for itself)."""
    return _SLASH_COMMAND.sub(
        lambda m: "!" + m.group(1) if commands.resolve(m.group(1)) else m.group(0), text
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _pill(user_id: str, shown: str) -> str:
    href = html.escape(f"https://matrix.to/#/{quote(user_id, safe='@:')}", quote=True)
    return f'<a href="{href}">{_escape(shown)}</a>'


def _with_pills(text: str, spans: tuple[Mention, ...]) -> str:
    """The text escaped piece by piece, each span (where the core put a name) as a pill."""
    parts: list[str] = []
    at = 0
    for span in sorted(spans, key=lambda span: span.start):
        if span.start < at or span.end > len(text) or span.start >= span.end:
            continue  # overlapping or outside the (possibly shortened) text: no link
        parts.append(_escape(text[at : span.start]))
        parts.append(_pill(span.user.id, text[span.start : span.end]))
        at = span.end
    parts.append(_escape(text[at:]))
    return "".join(parts)


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def render_reply(
    reply: Reply, commands: CommandWords, invite_line: str | None = None
) -> dict[str, Any]:
    """The event content for `reply`; `invite_line` is the localized way into a DM; the
    commands named in the text are the ones in `commands`."""
    text = matrix_commands(reply.text[:MAX_BODY], commands)
    body_lines = [text]
    html_parts = [reply.html if reply.html is not None else _with_pills(text, reply.spans)]
    if reply.choices:
        body_lines += [f"{n}. {choice.label}" for n, choice in enumerate(reply.choices, 1)]
        items = "".join(f"<li>{_escape(choice.label)}</li>" for choice in reply.choices)
        html_parts.append(f"<ol>{items}</ol>")
    links = [link for link in reply.links if _safe_url(link.url)]
    if links:
        body_lines += [f"{link.label}: {link.url}" for link in links]
        items = "".join(
            f'<li><a href="{html.escape(link.url, quote=True)}">{_escape(link.label)}</a></li>'
            for link in links
        )
        html_parts.append(f"<ul>{items}</ul>")
    if invite_line:
        body_lines.append(invite_line)
        html_parts.append(f"<p>{_escape(invite_line)}</p>")
    return fit(
        {
            "msgtype": "m.notice",
            "body": "\n".join(body_lines),
            "format": HTML_FORMAT,
            "formatted_body": "".join(html_parts),
            "m.mentions": {"user_ids": sorted({user.id for user in reply.mentions})},
        }
    )


def valid_text(text: str) -> str:
    """The text with anything that is not valid Unicode (lone surrogates) shown as U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def content_size(content: dict[str, Any]) -> int:
    """Bytes of the content as JSON libraries send it (non-ASCII escaped), before encryption."""
    return len(json.dumps(content).encode())


def fit(content: dict[str, Any]) -> dict[str, Any]:
    """Valid UTF-8, small enough for any room: without HTML if needed, then a shorter text."""
    for key in ("body", "formatted_body"):
        if key in content:
            content[key] = valid_text(content[key])
    if content_size(content) <= MAX_CONTENT_BYTES:
        return content
    content = {k: v for k, v in content.items() if k not in ("format", "formatted_body")}
    while content_size(content) > MAX_CONTENT_BYTES:
        body = content["body"]
        content["body"] = body[: int(len(body) * 0.8)].rstrip() + " …"
    return content


def render_announcement(text: str, html_text: str | None) -> dict[str, Any]:
    """An announcement's content: the moderator's text, pinging nobody."""
    return fit(
        {
            "msgtype": "m.notice",
            "body": text[:MAX_BODY],
            "format": HTML_FORMAT,
            "formatted_body": html_text if html_text is not None else _escape(text[:MAX_BODY]),
            "m.mentions": {},
        }
    )


def choice_values(reply: Reply) -> tuple[str, ...]:
    """The values of a reply's choices, in the order they are numbered."""
    return tuple(choice.value for choice in reply.choices)
