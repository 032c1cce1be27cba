"""The community's rules: the default from content, a room's own text, `/rules`."""

from core.rules.service import install, rules_for

__all__ = ["install", "rules_for"]
