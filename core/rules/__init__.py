"""The community's rules: the default from content, a room's own text, `/rules`, newcomers
confirming them, and join requests answered with them."""

from core.rules.service import install
from core.rules.store import RulesStore
from core.rules.text import rules_for

__all__ = ["RulesStore", "install", "rules_for"]
