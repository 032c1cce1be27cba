"""Guided dialogues (docs/capabilities.md, C2): the flow engine, the flow checks, onboarding
and its port."""

from core.flows.check import load_flow
from core.flows.onboarding import install
from core.flows.store import FlowStore

__all__ = ["FlowStore", "install", "load_flow"]
