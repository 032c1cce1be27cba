"""The Matrix adapter: unit tests of its pure parts, integration tests against Synapse."""
