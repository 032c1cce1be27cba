"""Fixtures for the answers tests: the bundled content and its matcher, built once."""

from __future__ import annotations

import pytest

from adapters.bootstrap import load_checked_content
from adapters.settings import BUNDLED_CONTENT
from core.answers import Matcher
from core.content import Content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_checked_content(BUNDLED_CONTENT)


@pytest.fixture(scope="session")
def matcher(content: Content) -> Matcher:
    return Matcher(content)
