"""Shared test setup: puts tests/ on sys.path so `builders` imports everywhere; the example build
every module reads."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture(autouse=True, scope="session")
def _extraction_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the source-extraction cache of the test run out of the user's ~/.cache."""
    import os

    old = os.environ.get("BRIEFGEN_CACHE")
    os.environ["BRIEFGEN_CACHE"] = str(tmp_path_factory.mktemp("briefgen-cache"))
    yield
    if old is None:
        os.environ.pop("BRIEFGEN_CACHE", None)
    else:
        os.environ["BRIEFGEN_CACHE"] = old


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory, _extraction_cache):
    """Every example of briefs/ built once (all formats and the evidence report), shared read-only."""
    from example_build import build_examples

    built = build_examples(tmp_path_factory.mktemp("examples"))
    yield built
    built.verify_unchanged()
