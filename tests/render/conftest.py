"""Fixtures shared by the renderer tests."""

import pytest

from briefgen.theme import Theme, load_theme


@pytest.fixture(scope="session")
def theme() -> Theme:
    """The default theme, loaded once."""
    return load_theme("default")
