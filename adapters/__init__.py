"""Lagerfeuer's platform adapters, storage, settings and command line."""
