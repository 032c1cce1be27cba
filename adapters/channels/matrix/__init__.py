"""The Matrix channel: translate (nio events -> core), render (replies -> notices), client.

The runtime builds it (`adapters/runtime/channels.py`); nothing is imported here, so that
reading the channel's declarations does not load matrix-nio.
"""
