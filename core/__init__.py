"""Lagerfeuer's channel-agnostic core: events, rules, content, flows."""
