"""Welcoming people who join a room (SPEC C1): timing rules, wording, the service and its port."""
