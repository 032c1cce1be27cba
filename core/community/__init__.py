"""The community's boundary: which rooms belong to it, and who its moderators are."""

from core.community.service import install, moderator_ids, moderators_room, room_chat

__all__ = ["install", "moderator_ids", "moderators_room", "room_chat"]
