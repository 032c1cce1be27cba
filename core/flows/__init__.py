"""Guided dialogues (SPEC C2): the flow engine, the flow checks, onboarding and its port."""
