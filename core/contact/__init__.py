"""A human to talk to: `/kontakt` passes a message to the moderators and their answer back."""

from core.contact.service import install

__all__ = ["install"]
