"""The choice values of catalogue listings (`cat:<category>:<page>:<tag>`), shared by browsing
(core/answers/catalogue.py) and the answers that offer a category (core/answers/replies.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.kernel.typed import is_number

ALL = "all"
"""The pseudo-category of a listing across every category (tag filters only)."""
CATEGORIES = "cat:"
"""The choice value that shows the categories again."""


@dataclass(frozen=True, slots=True)
class Listing:
    """Which part of the catalogue to show."""

    category: str = ALL
    page: int = 0
    tag: str = ""

    def value(self) -> str:
        """The choice value for this listing."""
        return f"cat:{self.category}:{self.page}:{self.tag}"

    @classmethod
    def parse(cls, value: str) -> Listing | None:
        """The listing a choice value names, or None for a malformed one."""
        parts = value.split(":")
        if len(parts) != 4 or parts[0] != "cat" or not is_number(parts[2]):
            return None
        return cls(parts[1], int(parts[2]), parts[3])
