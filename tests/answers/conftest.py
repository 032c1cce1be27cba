"""Fixtures for the answers tests: the bundled content and its matcher, built once."""

from __future__ import annotations

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.matcher import Matcher
from core.content.model import Content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_checked_content(BUNDLED_CONTENT)


@pytest.fixture(scope="session")
def matcher(content: Content) -> Matcher:
    return Matcher(content)
