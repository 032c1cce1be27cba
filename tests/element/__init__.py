"""Acceptance tests with Element's client stack (matrix-js-sdk and its Rust crypto, in Node)."""
