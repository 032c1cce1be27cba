"""Announcements (SPEC C5): the service, its outbox rules, the delivery loop and reports."""
