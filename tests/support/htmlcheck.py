"""Reads an HTML fragment back: its text, and whether its tags are balanced."""

from __future__ import annotations

from html.parser import HTMLParser


class BalancedHtml(HTMLParser):
    """Collects the text of an HTML fragment and checks that its tags are balanced."""

    VOID = frozenset({"br", "hr", "img"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[str] = []
        self.broken = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.broken = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)
