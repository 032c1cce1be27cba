"""The community's boundary: which rooms belong to it, and who its moderators are."""

from core.community.service import community_moderators, install, moderators_room, room_chat

__all__ = ["community_moderators", "install", "moderators_room", "room_chat"]
