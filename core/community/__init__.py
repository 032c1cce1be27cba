"""The community's boundary: which rooms belong to it, and who its moderators are."""

from core.community.service import install

__all__ = ["install"]
