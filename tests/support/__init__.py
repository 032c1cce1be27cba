"""Helpers that start real servers for the integration tests."""
