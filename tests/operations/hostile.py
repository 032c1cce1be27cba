"""Hypothesis strategies for hostile input: markup, controls, huge and broken text."""

from __future__ import annotations

from hypothesis import strategies as st

PIECES: tuple[str, ...] = (
    "<b>",
    "</i>",
    "<script>alert(1)</script>",
    '<a href="javascript:x">',
    "&amp;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "*fett*",
    "**",
    "__",
    "[Anmeldung](https://example.org/a?b=1&c=2)",
    "_kursiv_",
    "`code`",
    "```",
    "[link](https://example.org)",
    "||spoiler||",
    "\\",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\x00",
    "\x1b[31m",
    "\ud800",  # a lone surrogate, as JSON "\ud800" decodes
    "\udcff",  # what surrogateescape makes of an invalid byte
    "\r\n",
    "@room",
    "@everyone",
    "/start",
    "!forget",
    "forget:yes",
    "menu:why",
    "{name}",
    "{",
    "}",
    "%s",
    "Zoë",
    "👩‍👩‍👧",
)

_decoded_invalid_utf8 = st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))
_decoded_escaped = st.binary(max_size=60).map(lambda b: b.decode("utf-8", "surrogateescape"))
_mixed = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map("".join)
_huge = st.sampled_from((*PIECES, "a", "ä ")).map(lambda p: (p * 10_000)[:10_000])

hostile_text = st.one_of(
    st.text(max_size=300), _mixed, _decoded_invalid_utf8, _decoded_escaped, _huge
)
"""Any text a person or a broken client could send."""

hostile_name = st.one_of(st.text(max_size=80), _mixed, _decoded_escaped, _huge)
"""Any display name."""

KNOWN_PREFIXES = ("menu", "lang", "forget", "flow", "onb", "res", "cat", "tag", "set", "ann", "dym")

forged_choice = st.one_of(
    hostile_text,
    st.tuples(st.sampled_from(KNOWN_PREFIXES), hostile_text).map(lambda p: f"{p[0]}:{p[1]}"),
    st.sampled_from(("forget:yes", "lang:xx", "menu:", ":", "menu:language:en", "x" * 65)),
)
"""Button payloads a modified client could send."""
