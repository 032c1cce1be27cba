"""Answering questions (SPEC C3, C4): the matcher, its terms, replies, catalogue and evaluation."""
